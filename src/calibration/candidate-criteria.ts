import type { Criterion } from '../model/index.ts';
import type { ContactProperties } from '../scoring/index.ts';
import { normalizeText } from '../scoring/text-matching.ts';
import type { LeakageGuard } from './leakage-guard.ts';

/**
 * Criteria the data could support, before any is chosen (criteria-selection.ts chooses):
 * - "value unknown" per property: a missing specialization is often the strongest signal;
 * - one criterion per frequent value of a text property (rare values are left to "unknown"
 *   and the intercept: a value few candidates share only teaches their own outcomes);
 * - steps for numbers at their quintiles ("Years of experience 5 or more"): the selection adds
 *   the steps the outcomes support, so the learnt curve is a few bins, monotone unless the
 *   data says otherwise;
 * - recency for dates: within 7, 30 and 90 days of `now`.
 * Every candidate is an ordinary model criterion (known, oneOf, range, withinDays), so the
 * engine decides who matches and the label explains it in one sentence, in English and Dutch.
 * Left-out properties (leakage, app outputs, protected attributes) are never proposed.
 */
export interface CandidateCriterion {
  criterion: Criterion;
  /** The Dutch label, for `translations.nl`. */
  labelNl: string;
  /** `combined`: two conditions on two properties (combined-criteria.ts). */
  kind: 'unknown' | 'value' | 'at least' | 'recency' | 'combined';
}

export const RECENCY_DAYS = [7, 30, 90] as const;
/**
 * Measured on the bench's real data (held-out ROC-AUC, job change / X Education, seed 1): 12
 * values and quintile steps 0.7870 / 0.8893; 20 values 0.7882 / 0.8893; decile steps 0.7888 /
 * 0.8853; with the selection's longer patience (criteria-selection.ts) 20 values and quintiles
 * 0.7901 / 0.8903, 20 values and deciles 0.7899 / 0.8891. Deciles add candidates, not signal.
 */
const MAX_VALUES_PER_PROPERTY = 20;
const STEP_QUANTILES = [0.2, 0.4, 0.6, 0.8] as const;
const USABLE_SHARE = 0.95;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;
const EPOCH_MS = /^\d{12,13}$/;

export interface CandidateOptions {
  guard: LeakageGuard;
  /** Ids already in the model: a proposal never reuses one. */
  takenIds: ReadonlySet<string>;
  /** Candidates a criterion needs on each side (matching and not matching). */
  minCandidates: number;
}

export function candidateCriteria(
  contacts: readonly { properties: ContactProperties }[],
  options: CandidateOptions,
): CandidateCriterion[] {
  const names = new Set<string>();
  for (const { properties } of contacts) for (const name in properties) names.add(name);
  const n = contacts.length;
  const least = options.minCandidates;
  const enough = (count: number) => count >= least && n - count >= least;
  const out: CandidateCriterion[] = [];
  const ids = new Set(options.takenIds);
  const add = (
    detail: string,
    kind: CandidateCriterion['kind'],
    property: string,
    rest: Omit<Criterion, 'id' | 'property' | 'points' | 'knockout'>,
    labelNl: string,
  ) => {
    // `found-city-is-amsterdam`: readable in the file, at most 64 characters, never taken.
    const stem = `found-${property.replace(/_/g, '-')}-${slugOf(detail)}`
      .slice(0, 58)
      .replace(/-+$/, '');
    let id = stem;
    for (let i = 2; ids.has(id); i++) id = `${stem}-${i}`;
    ids.add(id);
    out.push({ kind, labelNl, criterion: { id, property, points: 0, knockout: false, ...rest } });
  };
  for (const property of [...names].sort()) {
    if (options.guard.reasonFor(property)) continue;
    const texts = contacts.map(({ properties }) => textOf(properties[property]));
    const known = texts.filter((t): t is string => t !== undefined);
    const name = readableName(property);
    if (enough(n - known.length)) {
      add(
        'unknown',
        'unknown',
        property,
        { label: `${name} not given`, when: { known: false } },
        `${name} niet ingevuld`,
      );
    }
    if (known.length < least) continue;
    const share = (test: (t: string) => boolean) => known.filter(test).length / known.length;
    if (share((t) => ISO_DATE.test(t) || EPOCH_MS.test(t)) >= USABLE_SHARE) {
      // Which windows have support is the selection's question; the dates here only say
      // whether anyone is inside at all.
      for (const days of RECENCY_DAYS) {
        add(
          `within ${days}d`,
          'recency',
          property,
          { label: `${name} within the last ${days} days`, when: { withinDays: days } },
          `${name} in de laatste ${days} dagen`,
        );
      }
    } else if (share((t) => Number.isFinite(Number(t))) >= USABLE_SHARE) {
      const values = known
        .map(Number)
        .filter(Number.isFinite)
        .sort((a, b) => a - b);
      const steps = new Set(STEP_QUANTILES.map((q) => values[Math.floor(q * values.length)]!));
      for (const step of steps) {
        const atLeast = values.length - lowerBound(values, step);
        if (!enough(atLeast) || step === values[0]) continue;
        const shown = round(step);
        const min = Number(shown);
        add(
          `from ${shown}`,
          'at least',
          property,
          { label: `${name} ${shown} or more`, when: { range: { min } } },
          `${name} ${shown} of meer`,
        );
      }
    } else {
      // The most frequent spelling stands for the value: matching ignores case and accents.
      const byValue = new Map<string, { count: number; spellings: Map<string, number> }>();
      for (const t of known) {
        const key = normalizeText(t);
        const entry = byValue.get(key) ?? { count: 0, spellings: new Map() };
        entry.count++;
        entry.spellings.set(t, (entry.spellings.get(t) ?? 0) + 1);
        byValue.set(key, entry);
      }
      const frequent = [...byValue.values()]
        .filter((v) => enough(v.count))
        .sort((a, b) => b.count - a.count)
        .slice(0, MAX_VALUES_PER_PROPERTY);
      for (const { spellings } of frequent) {
        const value = [...spellings].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
        add(
          `is ${value}`,
          'value',
          property,
          { label: `${name} is ${value}`, when: { oneOf: [value] } },
          `${name} is ${value}`,
        );
      }
    }
  }
  return out;
}

/** `hs_analytics_last_visit_timestamp` reads "Analytics last visit timestamp". */
export function readableName(property: string): string {
  const words = property.replace(/^hs_/, '').replace(/_/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function slugOf(text: string): string {
  return normalizeText(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function textOf(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

/** Index of the first value at or above `value` in sorted `values`. */
function lowerBound(values: readonly number[], value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (values[mid]! < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

function round(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(3)));
}
