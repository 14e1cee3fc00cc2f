import type { ScoringModel } from '../model/index.ts';
import {
  compileModel,
  type ContactHistory,
  type ContactHistoryEntry,
  type ContactProperties,
} from '../scoring/index.ts';
import { normalizeText } from '../scoring/text-matching.ts';
import type { LeakageGuard } from './leakage-guard.ts';
import { wilsonInterval, type Interval } from './metrics.ts';
import { outcomeReachedAt, type OutcomeSpec } from './outcome.ts';

/**
 * Content scoring: for every form, download, marketing email and page the data names, how much
 * more often the candidates who touched it reached the outcome. With property history (HubSpot
 * lists every value with its time) "touched" means any conversion, email or page in the record
 * BEFORE the candidate reached the outcome (from the outcome property's own history); without
 * it, the first and latest values on the contact. The figures are associations, not effects.
 */
export type ContentKind = 'conversion' | 'email' | 'page' | string;

export interface ContentPoints {
  touchpoint: string;
  /** The content item of the model's table that the name matches, or "other content". */
  item: string;
  current: number | null;
  suggested: number | null;
}

export interface ContentLift {
  kind: ContentKind;
  name: string;
  touched: number;
  outcomesTouched: number;
  rateTouched: number;
  notTouched: number;
  rateNotTouched: number;
  /** rateTouched / the overall rate; the interval is Wilson's (95%) on rateTouched, scaled. */
  lift: number;
  liftInterval: Interval;
  /** Fewer than 30 touched or 5 outcomes among them: read the lift with care. */
  smallSample: boolean;
  /** Points a candidate earns for it on the day of the download, before decay. */
  points: ContentPoints[];
  /** Every time it was touched before the outcome (a candidate may download it twice). */
  occurrences: number;
}

export interface ContentContact {
  properties: ContactProperties;
  propertiesWithHistory?: ContactHistory | undefined;
}

export const CONTENT_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  conversion: ['recent_conversion_event_name', 'first_conversion_event_name'],
  email: ['hs_email_last_email_name'],
  page: ['hs_analytics_first_url', 'hs_analytics_last_url'],
};
export const SMALL_SAMPLE = { touched: 30, outcomes: 5 } as const;
const MAX_ITEMS_PER_KIND = 100;

export function scoreContent(
  contacts: readonly ContentContact[],
  outcomes: readonly boolean[],
  current: ScoringModel,
  suggested: ScoringModel,
  guard: LeakageGuard,
  outcome?: OutcomeSpec,
): ContentLift[] {
  const kinds: Record<string, readonly string[]> = { ...CONTENT_PROPERTIES };
  for (const t of current.engagement.touchpoints) {
    for (const property of [t.contentName, ...(t.history ?? [])]) {
      const known = Object.values(kinds).some((properties) => properties.includes(property!));
      if (property && !known) kinds[property] = [property];
    }
  }
  const total = outcomes.filter(Boolean).length;
  const baseRate = total / outcomes.length;
  const pointsOf = contentPointsFinder(current, suggested);
  // Content touched after the outcome cannot have moved the candidate: count only before it.
  const cutoffs = contacts.map((contact, i) =>
    outcomes[i] && outcome
      ? (outcomeReachedAt(outcome, contact.propertiesWithHistory) ?? Infinity)
      : Infinity,
  );
  const lifts: ContentLift[] = [];
  for (const [kind, properties] of Object.entries(kinds)) {
    const usable = properties.filter((p) => !guard.reasonFor(p));
    const items = new Map<
      string,
      { spellings: Map<string, number>; touched: number; hits: number; occurrences: number }
    >();
    contacts.forEach((contact, i) => {
      const names = new Map<string, { name: string; times: number }>();
      for (const name of touchedBefore(contact, usable, cutoffs[i]!)) {
        const shown = kind === 'page' ? pageOf(name) : name.trim();
        const key = normalizeText(shown) || shown;
        const seen = names.get(key);
        if (seen) seen.times++;
        else names.set(key, { name: shown, times: 1 });
      }
      for (const [key, { name, times }] of names) {
        const item = items.get(key) ?? {
          spellings: new Map(),
          touched: 0,
          hits: 0,
          occurrences: 0,
        };
        item.spellings.set(name, (item.spellings.get(name) ?? 0) + 1);
        item.touched++;
        item.occurrences += times;
        if (outcomes[i]) item.hits++;
        items.set(key, item);
      }
    });
    const largest = [...items.values()].sort((a, b) => b.touched - a.touched);
    for (const item of largest.slice(0, MAX_ITEMS_PER_KIND)) {
      const name = [...item.spellings].sort((a, b) => b[1] - a[1])[0]![0];
      const notTouched = outcomes.length - item.touched;
      const rateTouched = item.hits / item.touched;
      const interval = wilsonInterval(item.hits, item.touched);
      lifts.push({
        kind,
        name,
        touched: item.touched,
        outcomesTouched: item.hits,
        rateTouched,
        notTouched,
        rateNotTouched: notTouched === 0 ? NaN : (total - item.hits) / notTouched,
        lift: rateTouched / baseRate,
        liftInterval: { low: interval.low / baseRate, high: interval.high / baseRate },
        smallSample: item.touched < SMALL_SAMPLE.touched || item.hits < SMALL_SAMPLE.outcomes,
        points: kind === 'email' ? [] : pointsOf(properties, name),
        occurrences: item.occurrences,
      });
    }
  }
  return lifts.sort((a, b) => b.lift - a.lift || b.touched - a.touched);
}

/**
 * The names a candidate touched before `cutoff`: every value in the history of the properties
 * when it was read (one per occurrence; the first and last URL of one visit once), else their
 * current values.
 */
function touchedBefore(contact: ContentContact, properties: readonly string[], cutoff: number) {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const property of properties) {
    const history = contact.propertiesWithHistory?.[property];
    if (Array.isArray(history)) {
      for (const entry of history as readonly ContactHistoryEntry[]) {
        if (typeof entry?.value !== 'string' || entry.value.trim() === '') continue;
        const at =
          typeof entry.timestamp === 'number' ? entry.timestamp : Date.parse(entry.timestamp);
        // Undated while the outcome has a date: it may have come after; leave it out.
        if (cutoff !== Infinity && !(at < cutoff)) continue;
        const key = `${at}\u0000${entry.value}`;
        if (seen.has(key)) continue;
        seen.add(key);
        names.push(entry.value);
      }
      continue;
    }
    const raw = contact.properties[property];
    if (raw === null || raw === undefined || String(raw).trim() === '') continue;
    if (!seen.has(`latest\u0000${String(raw)}`)) names.push(String(raw));
    seen.add(`latest\u0000${String(raw)}`);
  }
  return names;
}

/** Which touchpoint and content item a name earns points from, in both models. */
function contentPointsFinder(current: ScoringModel, suggested: ScoringModel) {
  const before = compileModel(current);
  const after = compileModel(suggested);
  return (properties: readonly string[], name: string): ContentPoints[] => {
    const out: ContentPoints[] = [];
    before.touchpoints.forEach((tp, i) => {
      if (!tp.contentName || !properties.includes(tp.contentName)) return;
      const pointsIn = (compiled: typeof tp) => {
        if (!compiled.contentFor) return { item: tp.label, points: compiled.points ?? null };
        const item = compiled.contentFor(name);
        if (item) return { item: item.label, points: item.points };
        return { item: 'other content', points: compiled.otherContentPoints ?? null };
      };
      const was = pointsIn(tp);
      const then = after.touchpoints[i];
      out.push({
        touchpoint: tp.id,
        item: was.item,
        current: was.points,
        suggested: then ? pointsIn(then).points : null,
      });
    });
    before.historyTouchpoints.forEach((tp, i) => {
      if (!tp.history.some((property) => properties.includes(property))) return;
      const was = tp.itemFor(name);
      const then = after.historyTouchpoints[i]?.itemFor(name);
      if (was === undefined && then === undefined) return;
      out.push({
        touchpoint: tp.id,
        item:
          was === undefined
            ? 'no points'
            : (was.label ?? (was.key === 'other' ? 'other content' : tp.label)),
        current: was?.points ?? null,
        suggested: then?.points ?? null,
      });
    });
    return out;
  };
}

/** A page without its query string or fragment: utm tags would split one page into many. */
function pageOf(url: string): string {
  return url
    .trim()
    .replace(/[?#].*$/, '')
    .replace(/(?<=.)\/+$/, '');
}
