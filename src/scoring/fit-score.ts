import type { BreakdownEntry } from './breakdown.ts';
import { scoreFitProfiles } from './fit-profiles.ts';
import {
  READ_AS,
  type CompiledCriterion,
  type CompiledFitGroup,
  type CompiledModel,
  type ScoringPass,
} from './compiled-model.ts';
import {
  DAY_MS,
  isKnown,
  readDate,
  readNumber,
  readText,
  type PropertyValue,
} from './hubspot-values.ts';

/** Text: the verdicts of its criteria; number or date: the value; presence: known or not. */
export type Reading = readonly boolean[] | number | boolean | undefined;

/**
 * Fit (explicit criteria): who the candidate is. Fit never decays.
 * `values` are the contact's properties as `compiled.reader` read them.
 * Breakdown lines are written only when `breakdown` is given (totals alone allocate less).
 */
export function scoreFit(
  compiled: CompiledModel,
  values: readonly PropertyValue[],
  now: number,
  breakdown: BreakdownEntry[] | undefined,
  warnings: string[],
  pass: ScoringPass,
): number {
  const readings = readFitProperties(compiled, values, now, warnings);
  if (compiled.profiles !== undefined) {
    return scoreFitProfiles(compiled, readings, values, now, breakdown, pass);
  }
  return scoreFitGroups(compiled.fitGroups, readings, values, now, breakdown, pass);
}

/** The fit of one set of groups (the model's, or one profile's); sets `pass.knockedOut`. */
export function scoreFitGroups(
  groups: readonly CompiledFitGroup[],
  readings: readonly Reading[],
  values: readonly PropertyValue[],
  now: number,
  breakdown: BreakdownEntry[] | undefined,
  pass: ScoringPass,
): number {
  let cents = 0;
  // Indexed loops: for-of cost measurably more here (callgrind), even on plain arrays.
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g]!;
    let groupCents = 0;
    const criteria = group.criteria;
    for (let c = 0; c < criteria.length; c++) {
      const compiledCriterion = criteria[c]!;
      const reading = readings[compiledCriterion.slot];
      if (!criterionMatches(compiledCriterion, reading, now, pass)) continue;
      const second = compiledCriterion.and;
      if (second !== undefined && !criterionMatches(second, readings[second.slot], now, pass)) {
        continue;
      }
      const points = compiledCriterion.cents;
      groupCents += points;
      if (compiledCriterion.knockout) pass.knockedOut = true;
      if (breakdown === undefined) continue;
      // Appended by index: V8 did not inline push() here.
      breakdown[breakdown.length] = {
        id: compiledCriterion.id,
        kind: compiledCriterion.knockout ? 'knockout' : 'criterion',
        section: 'fit',
        group: group.id,
        label: compiledCriterion.label,
        points: points / 100,
        inputs:
          second === undefined
            ? [
                {
                  property: compiledCriterion.property,
                  value: values[compiledCriterion.source] ?? null,
                },
              ]
            : [
                {
                  property: compiledCriterion.property,
                  value: values[compiledCriterion.source] ?? null,
                },
                { property: second.property, value: values[second.source] ?? null },
              ],
      };
    }
    const limited = limitCents(groupCents, group.min, group.max);
    if (breakdown && limited !== groupCents) {
      const bound = limited > groupCents ? `at least ${group.min}` : `at most ${group.max}`;
      breakdown.push({
        id: `${group.id}-limit`,
        kind: 'group-limit',
        section: 'fit',
        group: group.id,
        label: `${group.label}: ${bound} points`,
        points: (limited - groupCents) / 100,
        inputs: [],
      });
    }
    cents += limited;
  }
  return cents;
}

export function limitCents(
  cents: number,
  min: number | undefined,
  max: number | undefined,
): number {
  if (max !== undefined && cents > max * 100) return Math.round(max * 100);
  if (min !== undefined && cents < min * 100) return Math.round(min * 100);
  return cents;
}

/** Each fit property is read once per contact, in the form its criteria need. */
function readFitProperties(
  compiled: CompiledModel,
  values: readonly PropertyValue[],
  now: number,
  warnings: string[],
): Reading[] {
  const slots = compiled.fitSlots;
  const readings = compiled.scratch.readings as Reading[];
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i]!;
    const raw = values[slot.source];
    let reading: Reading;
    switch (slot.reading) {
      case READ_AS.text: {
        const text = readText(raw);
        reading = text === undefined ? undefined : slot.judge!(text);
        break;
      }
      case READ_AS.number:
        reading = readNumber(slot.property, raw, warnings);
        break;
      case READ_AS.date:
        reading = readDate(slot.property, raw, now, warnings);
        break;
      case READ_AS.presence:
        reading = isKnown(raw);
        break;
    }
    readings[i] = reading;
    if (slot.unknownWarning && reading === undefined && !isKnown(raw)) {
      warnings.push(slot.unknownWarning);
    }
  }
  return readings;
}

function criterionMatches(
  c: CompiledCriterion,
  reading: Reading,
  now: number,
  pass: ScoringPass,
): boolean {
  switch (c.reading) {
    case READ_AS.presence:
      return reading === c.wantsKnown;
    case READ_AS.text:
      return reading !== undefined && (reading as readonly boolean[])[c.verdict]!;
    case READ_AS.number:
      return (
        typeof reading === 'number' &&
        (c.min === undefined || reading >= c.min) &&
        (c.max === undefined || reading < c.max)
      );
    case READ_AS.date: {
      if (typeof reading !== 'number') return false;
      const boundary = reading + c.days! * DAY_MS;
      if (boundary > now && boundary < pass.reviewAt) pass.reviewAt = boundary;
      return c.within ? now <= boundary : now > boundary;
    }
  }
}
