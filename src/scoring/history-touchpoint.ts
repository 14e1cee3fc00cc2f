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
        : { key: '', label: undefined, points: touchpoint.points }
      : touchpoint.otherContentPoints === undefined
        ? undefined
        : { key: 'other', label: undefined, points: touchpoint.otherContentPoints };
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

interface Occurrence {
  value: string;
  item: CompiledHistoryItem;
  /** Epoch ms, NaN when unknown. */
  at: number;
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
  const occurrences = collectOccurrences(tp, values, dates, history, now, warnings);
  if (occurrences.length === 0) return 0;
  // Newest first; undated ones last, in the order given.
  occurrences.sort((a, b) => (Number.isNaN(b.at) ? -1 : Number.isNaN(a.at) ? 1 : b.at - a.at));
  if (!Number.isNaN(occurrences[0]!.at) && occurrences[0]!.at > pass.latestActivity) {
    pass.latestActivity = occurrences[0]!.at;
  }

  const byItem = new Map<CompiledHistoryItem, Occurrence[]>();
  for (const occurrence of occurrences) {
    const list = byItem.get(occurrence.item);
    if (list) list.push(occurrence);
    else byItem.set(occurrence.item, [occurrence]);
  }

  let total = 0;
  let warnedUndated = false;
  for (const [item, list] of byItem) {
    if (item.points === 0) continue;
    let cents = 0;
    let baseCents = 0;
    const events: HistoryEvent[] = [];
    let previousWeight = 0;
    for (let k = 0; k < list.length; k++) {
      const occurrence = list[k]!;
      const weight = occurrenceWeight(tp.quantity, k + 1);
      const base = item.points * (weight - previousWeight);
      previousWeight = weight;
      let factor = 1;
      if (tp.decay !== undefined) {
        if (Number.isNaN(occurrence.at)) {
          if (!warnedUndated) warnings.push(tp.undatedWarning);
          warnedUndated = true;
        } else {
          factor = decayFactor(tp.decay, (now - occurrence.at) / DAY_MS);
          const change = nextDecayChange(
            tp.decay,
            occurrence.at,
            now,
            base,
            base * factor,
            minPointsChange,
          );
          if (change !== undefined && change < pass.reviewAt) pass.reviewAt = change;
        }
      }
      const eventCents = Math.round(base * factor * 100);
      baseCents += Math.round(base * 100);
      if (eventCents === 0) continue;
      cents += eventCents;
      events.push({
        value: occurrence.value,
        at: Number.isNaN(occurrence.at) ? null : occurrence.at,
        basePoints: Math.round(base * 100) / 100,
        factor,
        points: eventCents / 100,
      });
    }
    if (cents === 0) continue;
    total += cents;
    if (breakdown) breakdown.push(itemLine(tp, item, list, events, cents, baseCents, now));
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

function collectOccurrences(
  tp: CompiledHistoryTouchpoint,
  values: readonly PropertyValue[],
  dates: Float64Array,
  history: ContactHistory | undefined,
  now: number,
  warnings: string[],
): Occurrence[] {
  const occurrences: Occurrence[] = [];
  let read = false;
  const seen = new Set<string>();
  for (const property of tp.history) {
    const entries = history?.[property];
    if (!Array.isArray(entries)) continue;
    read = true;
    for (const entry of entries as readonly ContactHistoryEntry[]) {
      const value = readText(entry?.value);
      if (value === undefined) continue; // a cleared value: nothing happened
      const at = readDate(property, entry.timestamp, now, warnings) ?? NaN;
      // The first and the last URL of one visit, or a value listed twice: one occurrence.
      const key = `${at}\u0000${value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const item = tp.itemFor(value);
      if (item !== undefined) occurrences.push({ value, item, at });
    }
  }
  if (read) return occurrences;

  // No history given (a CSV export, an older caller): the latest value, dated by lastActivity.
  for (let i = 0; i < tp.currentSources.length; i++) {
    const value = readText(values[tp.currentSources[i]!]);
    if (value === undefined) continue;
    warnings.push(tp.latestOnlyWarning);
    let at = NaN;
    for (let d = 0; d < tp.dateSlots.length && Number.isNaN(at); d++) at = dates[tp.dateSlots[d]!]!;
    const item = tp.itemFor(value);
    if (item !== undefined) occurrences.push({ value, item, at });
    break;
  }
  return occurrences;
}

function itemLine(
  tp: CompiledHistoryTouchpoint,
  item: CompiledHistoryItem,
  list: readonly Occurrence[],
  events: HistoryEvent[],
  cents: number,
  baseCents: number,
  now: number,
): BreakdownEntry {
  const newest = list[0]!;
  const dated = !Number.isNaN(newest.at);
  return {
    id: item.key === '' ? tp.id : `${tp.id}:${item.key}`,
    kind: 'touchpoint',
    section: 'engagement',
    group: tp.channel,
    label: item.key === 'other' ? `${tp.label}: other content` : tp.label,
    points: cents / 100,
    inputs: [{ property: tp.history[0]!, value: newest.value }],
    basePoints: baseCents / 100,
    // The occurrences that still count: older ones may have decayed to nothing.
    occurrences: events.length,
    matched: item.label,
    decay:
      tp.decay !== undefined && dated
        ? {
            factor: events.length > 0 ? cents / Math.max(1, baseCents) : 0,
            daysSinceLast: (now - newest.at) / DAY_MS,
            lastActivityAt: newest.at,
            rule: tp.decayRule!,
          }
        : undefined,
    events,
  };
}
