/**
 * Touchpoints that read a property's history: every download, every visited page, each one an
 * occurrence with its own date. HubSpot keeps every value a property had with its timestamp
 * (`propertiesWithHistory`), so a candidate who downloaded the salary guide and then signed up
 * for the newsletter keeps the salary guide's points, decaying from the day of that download.
 *
 * Per content item, occurrences are taken newest first and occurrence k earns the k-th step of
 * the quantity curve (weight(k) - weight(k-1)) times the item's points, decayed from its own
 * date. Curves never fall, so an older occurrence adds a step of at least zero and never lowers
 * engagement; the newest occurrence earns the first, largest, step.
 */
import type { Touchpoint } from '../model/model-schema.ts';
import type { BreakdownEntry, HistoryEvent } from './breakdown.ts';
import type {
  CompiledHistoryItem,
  CompiledHistoryTouchpoint,
  HistoryScratch,
  ScoringPass,
} from './compiled-model.ts';
import { compileDecay, decayFactor, describeDecayRule, nextDecayChange } from './decay.ts';
import { DAY_MS, readDate, readText, type PropertyValue } from './hubspot-values.ts';
import { buildUrlMatcher } from './page-matching.ts';
import { compileQuantity, occurrenceWeight } from './quantity-curve.ts';
import { buildKeywordMatcher, memoizeTextTest, normalizeText } from './text-matching.ts';

/** One value a property had, as HubSpot lists it in `propertiesWithHistory`. */
export interface ContactHistoryEntry {
  value: string | null;
  /** ISO-8601 or epoch milliseconds. */
  timestamp: string | number;
}

/** Property name -> its values, newest first (HubSpot's order; any order is accepted). */
export type ContactHistory = Readonly<Record<string, readonly ContactHistoryEntry[] | undefined>>;

export function compileHistoryTouchpoint(
  touchpoint: Touchpoint,
  channelIndex: number,
  source: (property: string) => number,
  dateSlot: (property: string) => number,
): CompiledHistoryTouchpoint {
  const history = touchpoint.history ?? [];
  const items: CompiledHistoryItem[] = (touchpoint.content ?? []).map((item, index) => ({
    key: String(index + 1),
    index,
    label: item.label,
    points: item.points,
  }));
  const matchers = (touchpoint.content ?? []).map((item) => {
    if (item.urls) return buildUrlMatcher(item.urls);
    const words = buildKeywordMatcher(item.match ?? []);
    return (value: string) => words(normalizeText(value));
  });
  const other: CompiledHistoryItem | undefined =
    touchpoint.content === undefined
      ? touchpoint.points === undefined
        ? undefined
        : { key: '', index: items.length, label: undefined, points: touchpoint.points }
      : touchpoint.otherContentPoints === undefined
        ? undefined
        : {
            key: 'other',
            index: items.length,
            label: undefined,
            points: touchpoint.otherContentPoints,
          };
  const lastActivity = touchpoint.lastActivity ?? [];
  return {
    id: touchpoint.id,
    label: touchpoint.label,
    channel: touchpoint.channel,
    channelIndex,
    history,
    currentSources: history.map(source),
    itemFor: memoizeTextTest((value) => {
      const index = matchers.findIndex((matches) => matches(value));
      return index >= 0 ? items[index] : other;
    }),
    itemCount: items.length + 1,
    scratch: newHistoryScratch(items.length + 1),
    quantity: compileQuantity(touchpoint.quantity),
    maxCents:
      touchpoint.maxPoints === undefined ? Infinity : Math.round(touchpoint.maxPoints * 100),
    maxPoints: touchpoint.maxPoints,
    decay: touchpoint.decay && compileDecay(touchpoint.decay),
    decayRule: touchpoint.decay ? describeDecayRule(touchpoint.decay) : undefined,
    dateSlots: lastActivity.map(dateSlot),
    undatedWarning: `${touchpoint.id}: an occurrence without a date; not decayed`,
    latestOnlyWarning: `${touchpoint.id}: no property history of ${history.join(', ')} given; only the latest value counted`,
  };
}

/** Fresh working memory for a touchpoint with `itemCount` items (see `HistoryScratch`). */
function newHistoryScratch(itemCount: number): HistoryScratch {
  return {
    count: 0,
    values: [],
    items: [],
    ats: [],
    order: [],
    seen: new Int32Array(itemCount),
    cents: new Float64Array(itemCount),
    baseCents: new Float64Array(itemCount),
    newest: new Int32Array(itemCount),
    itemOrder: [],
  };
}

/**
 * The touchpoint's points in hundredths; its lines (one per content item, each listing its
 * occurrences) when collecting. Sets `pass.latestActivity` to its newest dated occurrence.
 */
export function scoreHistoryTouchpoint(
  tp: CompiledHistoryTouchpoint,
  values: readonly PropertyValue[],
  dates: Float64Array,
  history: ContactHistory | undefined,
  now: number,
  warnings: string[],
  pass: ScoringPass,
  minPointsChange: number,
  breakdown: BreakdownEntry[] | undefined,
): number {
  const s = tp.scratch;
  collectOccurrences(tp, s, values, dates, history, now, warnings);
  const n = s.count;
  if (n === 0) return 0;
  // Newest first; undated ones last, in the order given (insertion sort: lists are short).
  const order = s.order;
  const ats = s.ats;
  for (let i = 0; i < n; i++) {
    const at = ats[i]!;
    let j = i;
    while (j > 0 && newerFirst(at, ats[order[j - 1]!]!)) {
      order[j] = order[j - 1]!;
      j--;
    }
    order[j] = i;
  }
  const newestAt = ats[order[0]!]!;
  if (!Number.isNaN(newestAt) && newestAt > pass.latestActivity) pass.latestActivity = newestAt;

  s.seen.fill(0);
  s.cents.fill(0);
  s.baseCents.fill(0);
  s.itemOrder.length = 0;
  const events: HistoryEvent[][] | undefined = breakdown ? [] : undefined;
  const table = tp.quantity;
  let warnedUndated = false;
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    const item = s.items[i]!;
    if (item.points === 0) continue;
    const index = item.index;
    const seen = ++s.seen[index]!;
    if (seen === 1) {
      s.newest[index] = i;
      s.itemOrder.push(index);
    }
    const base = item.points * (occurrenceWeight(table, seen) - occurrenceWeight(table, seen - 1));
    const at = ats[i]!;
    let factor = 1;
    if (tp.decay !== undefined) {
      if (Number.isNaN(at)) {
        if (!warnedUndated) warnings.push(tp.undatedWarning);
        warnedUndated = true;
      } else {
        factor = decayFactor(tp.decay, (now - at) / DAY_MS);
        const change = nextDecayChange(tp.decay, at, now, base, base * factor, minPointsChange);
        if (change !== undefined && change < pass.reviewAt) pass.reviewAt = change;
      }
    }
    const eventCents = Math.round(base * factor * 100);
    s.baseCents[index]! += Math.round(base * 100);
    if (eventCents === 0) continue;
    s.cents[index]! += eventCents;
    if (events) {
      (events[index] ??= []).push({
        value: s.values[i]!,
        at: Number.isNaN(at) ? null : at,
        basePoints: Math.round(base * 100) / 100,
        factor,
        points: eventCents / 100,
      });
    }
  }

  let total = 0;
  for (let o = 0; o < s.itemOrder.length; o++) {
    const index = s.itemOrder[o]!;
    const cents = s.cents[index]!;
    if (cents === 0) continue;
    total += cents;
    if (breakdown) {
      const i = s.newest[index]!;
      breakdown.push(
        itemLine(
          tp,
          s.items[i]!,
          s.values[i]!,
          ats[i]!,
          events![index]!,
          cents,
          s.baseCents[index]!,
          now,
        ),
      );
    }
  }

  if (total > tp.maxCents) {
    breakdown?.push({
      id: `${tp.id}-max`,
      kind: 'touchpoint-cap',
      section: 'engagement',
      group: tp.channel,
      label: `${tp.label}: at most ${tp.maxPoints} points`,
      points: (tp.maxCents - total) / 100,
      inputs: [],
    });
    total = tp.maxCents;
  }
  return total;
}

/** Dated before undated, then later before earlier. */
function newerFirst(a: number, b: number): boolean {
  if (Number.isNaN(a)) return false;
  return Number.isNaN(b) || a > b;
}

function collectOccurrences(
  tp: CompiledHistoryTouchpoint,
  s: HistoryScratch,
  values: readonly PropertyValue[],
  dates: Float64Array,
  history: ContactHistory | undefined,
  now: number,
  warnings: string[],
): void {
  s.count = 0;
  let read = false;
  for (let p = 0; p < tp.history.length; p++) {
    const property = tp.history[p]!;
    const entries = history?.[property];
    if (!Array.isArray(entries)) continue;
    read = true;
    // The first and the last URL of one visit are one occurrence. Within one property HubSpot
    // lists each change once, so only the values of the next properties are looked up, among
    // the few already collected (a scan: cheaper than building a key for a set).
    const earlier = s.count;
    for (let e = 0; e < entries.length; e++) {
      const entry = entries[e] as ContactHistoryEntry | undefined;
      const value = readText(entry?.value);
      if (value === undefined) continue; // a cleared value: nothing happened
      const at = readDate(property, entry!.timestamp, now, warnings) ?? NaN;
      if (p > 0 && seenBefore(s, earlier, value, at)) continue;
      add(s, tp, value, at);
    }
  }
  if (read) return;

  // No history given (a CSV export, an older caller): the latest value, dated by lastActivity.
  for (let i = 0; i < tp.currentSources.length; i++) {
    const value = readText(values[tp.currentSources[i]!]);
    if (value === undefined) continue;
    warnings.push(tp.latestOnlyWarning);
    let at = NaN;
    for (let d = 0; d < tp.dateSlots.length && Number.isNaN(at); d++) at = dates[tp.dateSlots[d]!]!;
    add(s, tp, value, at);
    return;
  }
}

function seenBefore(s: HistoryScratch, upTo: number, value: string, at: number): boolean {
  for (let i = 0; i < upTo; i++) {
    if (
      s.values[i] === value &&
      (s.ats[i] === at || (Number.isNaN(at) && Number.isNaN(s.ats[i]!)))
    ) {
      return true;
    }
  }
  return false;
}

function add(s: HistoryScratch, tp: CompiledHistoryTouchpoint, value: string, at: number): void {
  const item = tp.itemFor(value);
  if (item === undefined) return;
  const i = s.count++;
  s.values[i] = value;
  s.items[i] = item;
  s.ats[i] = at;
}

function itemLine(
  tp: CompiledHistoryTouchpoint,
  item: CompiledHistoryItem,
  newestValue: string,
  newestAt: number,
  events: HistoryEvent[],
  cents: number,
  baseCents: number,
  now: number,
): BreakdownEntry {
  const dated = !Number.isNaN(newestAt);
  return {
    id: item.key === '' ? tp.id : `${tp.id}:${item.key}`,
    kind: 'touchpoint',
    section: 'engagement',
    group: tp.channel,
    label: item.key === 'other' ? `${tp.label}: other content` : tp.label,
    points: cents / 100,
    inputs: [{ property: tp.history[0]!, value: newestValue }],
    basePoints: baseCents / 100,
    // The occurrences that still count: older ones may have decayed to nothing.
    occurrences: events.length,
    matched: item.label,
    decay:
      tp.decay !== undefined && dated
        ? {
            factor: cents / Math.max(1, baseCents),
            daysSinceLast: (now - newestAt) / DAY_MS,
            lastActivityAt: newestAt,
            rule: tp.decayRule!,
          }
        : undefined,
    events,
  };
}
