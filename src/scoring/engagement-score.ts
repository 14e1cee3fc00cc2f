import { CHANNELS, type Channel } from '../model/model-schema.ts';
import type { BreakdownEntry, EntryInput } from './breakdown.ts';
import type { CompiledModel, CompiledTouchpoint } from './compile-model.ts';
import { decayFactor, formatDays, nextDecayChange } from './decay.ts';
import {
  DAY_MS,
  readDate,
  readNumber,
  readText,
  type ContactProperties,
} from './hubspot-values.ts';
import { formatPercent, occurrenceWeight } from './quantity-curve.ts';
import { normalizeText } from './text-matching.ts';

/** Engagement (implicit criteria): what the candidate did, fading with time. */
export function scoreEngagement(
  compiled: CompiledModel,
  properties: ContactProperties,
  now: number,
  breakdown: BreakdownEntry[] | undefined,
  warnings: string[],
  review: { at: number },
): number {
  const { engagement } = compiled.model;
  const channelCents = [0, 0, 0, 0, 0, 0];
  // Several touchpoints share a date (page views and visits): parse each date once.
  const dateProperties = compiled.engagementDates;
  const dates: number[] = [];
  for (let i = 0; i < dateProperties.length; i++) {
    const property = dateProperties[i]!;
    dates.push(readDate(property, properties[property], now, warnings) ?? NaN);
  }
  let lastEngagement = -Infinity;

  for (const tp of compiled.touchpoints) {
    let last: number | undefined;
    for (const slot of tp.dateSlots) {
      if (!Number.isNaN(dates[slot]!)) {
        last = dates[slot]!;
        break;
      }
    }
    if (last !== undefined && last > lastEngagement) lastEngagement = last;
    const minChange = compiled.model.review.minPointsChange;
    channelCents[tp.channelIndex]! += scoreTouchpoint(
      tp,
      properties,
      now,
      last,
      warnings,
      review,
      minChange,
      breakdown,
    );
  }

  let cents = 0;
  for (let i = 0; i < CHANNELS.length; i++) {
    const channel = CHANNELS[i]!;
    const limit = engagement.channels[channel];
    let sum = channelCents[i]!;
    if (limit && sum > limit.max * 100) {
      const capped = Math.round(limit.max * 100);
      breakdown?.push(channelCapEntry(channel, limit.label ?? channel, limit.max, capped - sum));
      sum = capped;
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
        if (boundary < review.at) review.at = boundary;
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

/** A touchpoint's points in hundredths (0 when it did not happen); its line when collecting. */
function scoreTouchpoint(
  tp: CompiledTouchpoint,
  properties: ContactProperties,
  now: number,
  last: number | undefined,
  warnings: string[],
  review: { at: number },
  minPointsChange: number,
  breakdown: BreakdownEntry[] | undefined,
): number {
  const t = tp.touchpoint;
  let occurrences: number;
  let pointsEach: number | undefined = t.points;
  let matched: string | undefined;
  let name: string | undefined;

  if (t.count) {
    const count = readNumber(t.count, properties[t.count], warnings);
    if (count === undefined || count === 0) return 0;
    if (count < 0) {
      warnings.push(`${t.count}: ${count} is below zero; counted as 0`);
      return 0;
    }
    occurrences = count;
  } else if (t.contentName) {
    name = readText(properties[t.contentName]);
    if (name === undefined) return 0;
    occurrences = 1;
    if (tp.contentFor) {
      const item = tp.contentFor(normalizeText(name));
      pointsEach = item ? item.points : t.otherContentPoints;
      matched = item?.label;
    }
  } else {
    if (last === undefined) return 0;
    occurrences = 1;
  }
  if (pointsEach === undefined || pointsEach === 0) return 0;

  let base = pointsEach * occurrenceWeight(t.quantity, occurrences);
  if (t.maxPoints !== undefined && base > t.maxPoints) base = t.maxPoints;

  let points = base;
  let factor = 1;
  if (t.decay) {
    if (last === undefined) {
      warnings.push(`${t.id}: date of last activity unknown; not decayed`);
    } else {
      factor = decayFactor(t.decay, (now - last) / DAY_MS);
      points = base * factor;
      const change = nextDecayChange(t.decay, last, now, base, points, minPointsChange);
      if (change !== undefined && change < review.at) review.at = change;
    }
  }
  const cents = Math.round(points * 100);
  if (cents !== 0 && breakdown) {
    // Built field by field: object spread on this hot path cost more than the scoring itself.
    const entry: BreakdownEntry = {
      id: t.id,
      kind: 'touchpoint',
      section: 'engagement',
      group: t.channel,
      label: t.label,
      points: cents / 100,
      inputs: touchpointInputs(tp, properties, name),
      basePoints: Math.round(base * 100) / 100,
      occurrences,
    };
    if (matched !== undefined) entry.matched = matched;
    if (t.decay && last !== undefined) {
      const daysSinceLast = (now - last) / DAY_MS;
      entry.decay = { factor, daysSinceLast, lastActivityAt: last, rule: tp.decayRule! };
    }
    breakdown.push(entry);
  }
  return cents;
}

function touchpointInputs(
  tp: CompiledTouchpoint,
  properties: ContactProperties,
  contentName: string | undefined,
): EntryInput[] {
  const t = tp.touchpoint;
  const inputs: EntryInput[] = [];
  if (t.count) inputs.push({ property: t.count, value: properties[t.count] });
  if (t.contentName) inputs.push({ property: t.contentName, value: contentName });
  const dated = tp.lastActivity.find((p) => properties[p] !== undefined && properties[p] !== null);
  if (dated) inputs.push({ property: dated, value: properties[dated] });
  return inputs;
}

function channelCapEntry(
  channel: Channel,
  label: string,
  max: number,
  cents: number,
): BreakdownEntry {
  return {
    id: `${channel}-cap`,
    kind: 'channel-cap',
    section: 'engagement',
    group: channel,
    label: `${label}: at most ${max} points`,
    points: cents / 100,
    inputs: [],
  };
}
