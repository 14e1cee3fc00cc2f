import type { BreakdownEntry } from './breakdown.ts';
import type { CompiledCriterion, CompiledModel } from './compile-model.ts';
import {
  DAY_MS,
  isKnown,
  readDate,
  readNumber,
  readText,
  type ContactProperties,
} from './hubspot-values.ts';
import { normalizeText } from './text-matching.ts';

type Reading = string | number | boolean | undefined;

export interface FitResult {
  cents: number;
  /** A knockout matched: the candidate is outside the profile. */
  knockedOut: boolean;
}

/**
 * Fit (explicit criteria): who the candidate is. Fit never decays.
 * Breakdown lines are written only when `breakdown` is given (totals alone allocate less).
 */
export function scoreFit(
  compiled: CompiledModel,
  properties: ContactProperties,
  now: number,
  breakdown: BreakdownEntry[] | undefined,
  warnings: string[],
  review: { at: number },
): FitResult {
  const readings = readFitProperties(compiled, properties, now, warnings);
  let cents = 0;
  let knockedOut = false;
  for (const group of compiled.fitGroups) {
    let groupCents = 0;
    for (const compiledCriterion of group.criteria) {
      const reading = readings[compiledCriterion.slot];
      if (!criterionMatches(compiledCriterion, reading, now, review)) continue;
      const { criterion } = compiledCriterion;
      const points = Math.round(criterion.points * 100);
      groupCents += points;
      if (criterion.knockout) knockedOut = true;
      breakdown?.push({
        id: criterion.id,
        kind: criterion.knockout ? 'knockout' : 'criterion',
        section: 'fit',
        group: group.id,
        label: criterion.label,
        points: points / 100,
        inputs: [{ property: criterion.property, value: properties[criterion.property] ?? null }],
      });
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
  return { cents, knockedOut };
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
  properties: ContactProperties,
  now: number,
  warnings: string[],
): Reading[] {
  const slots = compiled.fitSlots;
  const readings: Reading[] = new Array(slots.length);
  for (let i = 0; i < slots.length; i++) {
    const { property, reading, unknownWarning } = slots[i]!;
    const raw = properties[property];
    switch (reading) {
      case 'text': {
        const text = readText(raw);
        readings[i] = text === undefined ? undefined : normalizeText(text);
        break;
      }
      case 'number':
        readings[i] = readNumber(property, raw, warnings);
        break;
      case 'date':
        readings[i] = readDate(property, raw, now, warnings);
        break;
      case 'presence':
        readings[i] = isKnown(raw);
        break;
    }
    if (unknownWarning && readings[i] === undefined && !isKnown(raw)) warnings.push(unknownWarning);
  }
  return readings;
}

function criterionMatches(
  c: CompiledCriterion,
  reading: Reading,
  now: number,
  review: { at: number },
): boolean {
  switch (c.reading) {
    case 'presence':
      return reading === c.wantsKnown;
    case 'text':
      return typeof reading === 'string' && c.matchesText!(reading);
    case 'number':
      return (
        typeof reading === 'number' &&
        (c.min === undefined || reading >= c.min) &&
        (c.max === undefined || reading < c.max)
      );
    case 'date': {
      if (typeof reading !== 'number') return false;
      const boundary = reading + c.days! * DAY_MS;
      if (boundary > now && boundary < review.at) review.at = boundary;
      return c.within ? now <= boundary : now > boundary;
    }
  }
}
