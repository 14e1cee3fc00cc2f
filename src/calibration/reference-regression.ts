import { DAY_MS, type ContactProperties } from '../scoring/index.ts';
import { parseIsoDate } from '../scoring/hubspot-values.ts';
import { normalizeText } from '../scoring/text-matching.ts';
import type { LeakageGuard } from './leakage-guard.ts';
import { fitLogistic, logOdds, sigmoid, type LogisticFit } from './logistic-regression.ts';

/**
 * The yardstick: a plain logistic regression on every usable column of the data, knowing
 * nothing of the model (no keywords, no decay). Numbers as they are, dates as days before
 * `now`, each with a "missing" column where values are missing; text one-hot by its most
 * frequent values (at most `MAX_CATEGORIES`, each shared by `MIN_LEVEL_COUNT` candidates),
 * with one "other" column for the rest, so a city or job title with hundreds of spellings
 * still counts instead of being left out (which flattered the points model). Left-out
 * properties (leakage, protected attributes) are never used.
 * If the points model ranks worse than this, the model's structure misses something.
 */
export interface ReferenceRegression {
  /** Properties used, each with how it was read. */
  /** `columns` of a category: one per frequent value, plus one for any other value. */
  used: { property: string; as: 'number' | 'date' | 'category'; columns: number }[];
  skipped: { property: string; reason: string }[];
  predict(properties: ContactProperties): number;
}

type Encoder =
  | { property: string; as: 'number' | 'date'; fill: number; missingColumn: boolean }
  | { property: string; as: 'category'; levels: Map<string, number>; otherColumn: boolean };

export const MAX_CATEGORIES = 30;
const MIN_LEVEL_COUNT = 5;
export const MAX_COLUMNS = 300;
const USABLE_SHARE = 0.95;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;
const EPOCH_MS = /^\d{12,13}$/;

export function fitReferenceRegression(
  contacts: readonly { properties: ContactProperties }[],
  outcomes: readonly boolean[],
  guard: LeakageGuard,
  now: number,
  l2?: number,
): ReferenceRegression {
  const names = new Set<string>();
  for (const { properties } of contacts) for (const name in properties) names.add(name);
  const candidates: { encoder: Encoder; width: number; known: number }[] = [];
  const skipped: ReferenceRegression['skipped'] = [];
  for (const property of [...names].sort()) {
    const leftOut = guard.reasonFor(property);
    if (leftOut) {
      skipped.push({ property, reason: `left out: ${leftOut.reason}` });
      continue;
    }
    const texts = contacts.map(({ properties }) => textOf(properties[property]));
    const known = texts.filter((t): t is string => t !== undefined);
    if (known.length < Math.max(10, contacts.length * 0.01)) {
      skipped.push({ property, reason: 'almost always empty' });
      continue;
    }
    const share = (test: (t: string) => boolean) => known.filter(test).length / known.length;
    const missing = known.length < texts.length;
    let encoder: Encoder;
    if (share((t) => ISO_DATE.test(t) || EPOCH_MS.test(t)) >= USABLE_SHARE) {
      const values = known.map((t) => daysBefore(t, now)).filter(Number.isFinite);
      encoder = { property, as: 'date', fill: mean(values), missingColumn: missing };
    } else if (share((t) => Number.isFinite(Number(t))) >= USABLE_SHARE) {
      const values = known.map(Number).filter(Number.isFinite);
      encoder = { property, as: 'number', fill: mean(values), missingColumn: missing };
    } else {
      const counts = new Map<string, number>();
      for (const t of known) counts.set(normalizeText(t), (counts.get(normalizeText(t)) ?? 0) + 1);
      // A value a handful of candidates share would only teach the regression their outcomes:
      // rare values, and those beyond the most frequent, share the "other" column.
      const levels = [...counts]
        .filter(([, n]) => n >= MIN_LEVEL_COUNT)
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, MAX_CATEGORIES)
        .map(([v]) => v);
      if (levels.length === 0) {
        skipped.push({ property, reason: 'no value shared by enough candidates' });
        continue;
      }
      const otherColumn = levels.length < counts.size;
      encoder = {
        property,
        as: 'category',
        levels: new Map(levels.sort().map((v, i) => [v, i])),
        otherColumn,
      };
    }
    const width =
      encoder.as === 'category'
        ? encoder.levels.size + (encoder.otherColumn ? 1 : 0)
        : encoder.missingColumn
          ? 2
          : 1;
    candidates.push({ encoder, width, known: known.length });
  }
  // The regression's cost grows with the cube of its width: best-filled properties first.
  const encoders: Encoder[] = [];
  const widths: number[] = [];
  const used: ReferenceRegression['used'] = [];
  let p = 0;
  for (const { encoder, width } of [...candidates].sort((a, b) => b.known - a.known)) {
    if (p + width > MAX_COLUMNS) {
      skipped.push({ property: encoder.property, reason: `over the ${MAX_COLUMNS}-column budget` });
      continue;
    }
    encoders.push(encoder);
    widths.push(width);
    used.push({ property: encoder.property, as: encoder.as, columns: width });
    p += width;
  }
  /** Writes a contact's columns into `target` from `at` on (zeros already there). */
  const encodeInto = (properties: ContactProperties, target: Float64Array, from: number) => {
    let at = from;
    encoders.forEach((e, i) => {
      const text = textOf(properties[e.property]);
      if (e.as === 'category') {
        if (text !== undefined) {
          const level = e.levels.get(normalizeText(text));
          if (level !== undefined) target[at + level] = 1;
          else if (e.otherColumn) target[at + e.levels.size] = 1;
        }
      } else {
        const value =
          text === undefined ? NaN : e.as === 'date' ? daysBefore(text, now) : Number(text);
        target[at] = Number.isFinite(value) ? value : e.fill;
        if (e.missingColumn && !Number.isFinite(value)) target[at + 1] = 1;
      }
      at += widths[i]!;
    });
  };
  const x = new Float64Array(contacts.length * p);
  contacts.forEach(({ properties }, i) => encodeInto(properties, x, i * p));
  const y = Uint8Array.from(outcomes, Number);
  const fit: LogisticFit = fitLogistic({ x, rows: contacts.length, columns: p, y, l2 });
  const row = new Float64Array(p);
  return {
    used,
    skipped: skipped.sort((a, b) => a.property.localeCompare(b.property)),
    predict: (properties) => {
      row.fill(0);
      encodeInto(properties, row, 0);
      return sigmoid(logOdds(fit, row));
    },
  };
}

function textOf(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

function daysBefore(text: string, now: number): number {
  const time = EPOCH_MS.test(text) ? Number(text) : parseIsoDate(text);
  return (now - time) / DAY_MS;
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}
