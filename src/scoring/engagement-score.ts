import type { BreakdownEntry, EntryInput } from './breakdown.ts';
import type {
  ChannelCap,
  CompiledModel,
  CompiledTouchpoint,
  ScoringPass,
} from './compiled-model.ts';
import { decayFactor, formatDays, nextDecayChange } from './decay.ts';
import { DAY_MS, readDate, readNumber, readText, type PropertyValue } from './hubspot-values.ts';
import { scoreHistoryTouchpoint, type ContactHistory } from './history-touchpoint.ts';
import { formatPercent, occurrenceWeight } from './quantity-curve.ts';

/**
 * Engagement (implicit criteria): what the candidate did, fading with time.
 * `values` are the contact's properties as `compiled.reader` read them.
 */
export function scoreEngagement(
  compiled: CompiledModel,
  values: readonly PropertyValue[],
  history: ContactHistory | undefined,
  now: number,
  breakdown: BreakdownEntry[] | undefined,
  warnings: string[],
  pass: ScoringPass,
): number {
  const { engagement } = compiled.model;
  const channelCents = compiled.scratch.channelCents;
  for (let i = 0; i < channelCents.length; i++) channelCents[i] = 0;
  // Several touchpoints share a date (page views and visits): parse each date once.
  const dateProperties = compiled.engagementDates;
  const dateSources = compiled.engagementDateSources;
  const dates = compiled.scratch.dates;
  for (let i = 0; i < dateProperties.length; i++) {
    dates[i] = readDate(dateProperties[i]!, values[dateSources[i]!], now, warnings) ?? NaN;
  }
  let lastEngagement = -Infinity;

  // Indexed loops: for-of cost measurably more here (callgrind), even on plain arrays.
  const touchpoints = compiled.touchpoints;
  for (let t = 0; t < touchpoints.length; t++) {
    const tp = touchpoints[t]!;
    let last: number | undefined;
    const dateSlots = tp.dateSlots;
    for (let d = 0; d < dateSlots.length; d++) {
      const date = dates[dateSlots[d]!]!;
      if (!Number.isNaN(date)) {
        last = date;
        break;
      }
    }
    if (last !== undefined && last > lastEngagement) lastEngagement = last;
    // Most touchpoints did not happen (a count of "0", no date): skip those without a call.
    if (tp.count !== undefined ? isNone(values[tp.countSource]) : last === undefined) {
      if (tp.contentName === undefined) continue;
    }
    const minChange = compiled.model.review.minPointsChange;
    channelCents[tp.channelIndex]! += scoreTouchpoint(
      tp,
      values,
      now,
      last,
      warnings,
      pass,
      minChange,
      breakdown,
    );
  }

  const historyTouchpoints = compiled.historyTouchpoints;
  if (historyTouchpoints.length > 0) {
    const minChange = compiled.model.review.minPointsChange;
    pass.latestActivity = -Infinity;
    for (let t = 0; t < historyTouchpoints.length; t++) {
      const tp = historyTouchpoints[t]!;
      channelCents[tp.channelIndex]! += scoreHistoryTouchpoint(
        tp,
        values,
        dates,
        history,
        now,
        warnings,
        pass,
        minChange,
        breakdown,
      );
    }
    if (pass.latestActivity > lastEngagement) lastEngagement = pass.latestActivity;
  }

  let cents = 0;
  const caps = compiled.channelCaps;
  for (let i = 0; i < caps.length; i++) {
    const cap = caps[i]!;
    let sum = channelCents[i]!;
    if (sum > cap.maxCents) {
      breakdown?.push(channelCapEntry(cap, cap.maxCents - sum));
      sum = cap.maxCents;
    }
    cents += sum;
  }

  const inactivity = engagement.inactivity;
  if (inactivity && cents > 0) {
    for (const slot of compiled.inactivityDateSlots) {
      if (dates[slot]! > lastEngagement) lastEngagement = dates[slot]!;
    }
    if (lastEngagement === -Infinity) {
      warnings.push('no engagement date is known; inactivity decay not applied');
      return cents;
    }
    const idleDays = (now - lastEngagement) / DAY_MS;
    let reduceBy = 0;
    let stepDays = 0;
    for (const step of inactivity.steps) {
      if (idleDays >= step.afterDays) {
        reduceBy = step.reduceBy;
        stepDays = step.afterDays;
      } else {
        const boundary = lastEngagement + step.afterDays * DAY_MS;
        if (boundary < pass.reviewAt) pass.reviewAt = boundary;
        break;
      }
    }
    if (reduceBy > 0) {
      const reduction = Math.round(cents * reduceBy);
      breakdown?.push({
        id: 'inactivity',
        kind: 'inactivity',
        section: 'engagement',
        group: 'inactivity',
        label: `No engagement for ${formatDays(Math.floor(idleDays))}`,
        points: -reduction / 100,
        inputs: [],
        basePoints: cents / 100,
        decay: {
          factor: 1 - reduceBy,
          daysSinceLast: idleDays,
          lastActivityAt: lastEngagement,
          rule: `engagement -${formatPercent(reduceBy)} after ${formatDays(stepDays)}`,
        },
      });
      cents -= reduction;
    }
  }
  return cents;
}

/** A count that says nothing happened: unknown, empty or zero (no warning is due). */
function isNone(value: PropertyValue): boolean {
  if (typeof value === 'string') {
    // By length and character code: comparing with '0' called StringEqual for every count.
    return value.length === 0 || (value.length === 1 && value.charCodeAt(0) === 48);
  }
  return value === null || value === undefined || value === 0;
}

/** A touchpoint's points in hundredths (0 when it did not happen); its line when collecting. */
function scoreTouchpoint(
  tp: CompiledTouchpoint,
  values: readonly PropertyValue[],
  now: number,
  last: number | undefined,
  warnings: string[],
  pass: ScoringPass,
  minPointsChange: number,
  breakdown: BreakdownEntry[] | undefined,
): number {
  let occurrences: number;
  let pointsEach: number | undefined = tp.points;
  let matched: string | undefined;
  let name: string | undefined;

  if (tp.count !== undefined) {
    const count = readNumber(tp.count, values[tp.countSource], warnings);
    if (count === undefined || count === 0) return 0;
    if (count < 0) {
      warnings.push(`${tp.count}: ${count} is below zero; counted as 0`);
      return 0;
    }
    occurrences = count;
  } else if (tp.contentName !== undefined) {
    name = readText(values[tp.contentSource]);
    if (name === undefined) return 0;
    occurrences = 1;
    if (tp.contentFor) {
      const item = tp.contentFor(name);
      pointsEach = item ? item.points : tp.otherContentPoints;
      matched = item?.label;
    }
  } else {
    if (last === undefined) return 0;
    occurrences = 1;
  }
  if (pointsEach === undefined || pointsEach === 0) return 0;

  let base = pointsEach * occurrenceWeight(tp.quantity, occurrences);
  if (base > tp.maxPoints) base = tp.maxPoints;

  let points = base;
  let factor = 1;
  const decay = tp.decay;
  if (decay !== undefined) {
    if (last === undefined) {
      warnings.push(tp.undatedWarning);
    } else {
      factor = decayFactor(decay, (now - last) / DAY_MS);
      points = base * factor;
      const change = nextDecayChange(decay, last, now, base, points, minPointsChange);
      if (change !== undefined && change < pass.reviewAt) pass.reviewAt = change;
    }
  }
  const cents = Math.round(points * 100);
  if (cents !== 0 && breakdown) {
    // One object literal with every field: object spread, or fields added afterwards, cost
    // more on this hot path than the scoring itself.
    // Appended by index: V8 did not inline push() here (a builtin call per line).
    breakdown[breakdown.length] = {
      id: tp.id,
      kind: 'touchpoint',
      section: 'engagement',
      group: tp.channel,
      label: tp.label,
      points: cents / 100,
      inputs: touchpointInputs(tp, values, name),
      basePoints: Math.round(base * 100) / 100,
      occurrences,
      matched,
      decay:
        decay !== undefined && last !== undefined
          ? {
              factor,
              daysSinceLast: (now - last) / DAY_MS,
              lastActivityAt: last,
              rule: tp.decayRule!,
            }
          : undefined,
    };
  }
  return cents;
}

/** The values a touchpoint saw: its count or content name, and the date it went by. */
function touchpointInputs(
  tp: CompiledTouchpoint,
  values: readonly PropertyValue[],
  contentName: string | undefined,
): EntryInput[] {
  const dated = datedInput(tp, values);
  // Array literals of the exact length: push() would give each a 17-slot backing store.
  let counted: EntryInput;
  if (tp.count !== undefined) counted = { property: tp.count, value: values[tp.countSource] };
  else if (tp.contentName !== undefined) counted = { property: tp.contentName, value: contentName };
  else return dated === undefined ? [] : [dated];
  return dated === undefined ? [counted] : [counted, dated];
}

/** The first of the touchpoint's date properties that the contact has. */
function datedInput(
  tp: CompiledTouchpoint,
  values: readonly PropertyValue[],
): EntryInput | undefined {
  const sources = tp.lastActivitySources;
  for (let i = 0; i < sources.length; i++) {
    const value = values[sources[i]!];
    if (value !== undefined && value !== null) return { property: tp.lastActivity[i]!, value };
  }
  return undefined;
}

function channelCapEntry(cap: ChannelCap, cents: number): BreakdownEntry {
  const { channel } = cap;
  return {
    id: `${channel}-cap`,
    kind: 'channel-cap',
    section: 'engagement',
    group: channel,
    label: `${cap.label}: at most ${cap.max} points`,
    points: cents / 100,
    inputs: [],
  };
}
