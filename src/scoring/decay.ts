import type { Decay } from '../model/model-schema.ts';
import { DAY_MS } from './hubspot-values.ts';

/** Points below half a hundredth round to 0: the touchpoint no longer counts. */
const VANISHED_BELOW = 0.005;

/**
 * A decay rule in one shape for both kinds (half-life, or steps): the engine reads it for every
 * touchpoint of every contact, and objects of one shape are what V8 reads fastest.
 */
export interface DecaySchedule {
  /** Half-life decay; undefined for a step schedule. */
  halfLifeDays: number | undefined;
  /** Step schedule, ascending; empty for half-life decay. */
  steps: readonly { afterDays: number; keep: number }[];
}

export function compileDecay(decay: Decay): DecaySchedule {
  return 'halfLifeDays' in decay
    ? { halfLifeDays: decay.halfLifeDays, steps: [] }
    : { halfLifeDays: undefined, steps: decay.steps };
}

/** Share of a touchpoint's points still counted `ageDays` after its last activity (0..1). */
export function decayFactor(decay: DecaySchedule, ageDays: number): number {
  const age = ageDays > 0 ? ageDays : 0;
  const halfLife = decay.halfLifeDays;
  // exp is cheaper than 0.5 ** x on this hot path; kept small so that V8 inlines it.
  return halfLife !== undefined ? Math.exp((-Math.LN2 * age) / halfLife) : keptAfter(decay, age);
}

function keptAfter(decay: DecaySchedule, age: number): number {
  let keep = 1;
  for (const step of decay.steps) {
    if (age >= step.afterDays) keep = step.keep;
    else break;
  }
  return keep;
}

/**
 * When decay will next change these points, in epoch ms, or undefined if it never will.
 * A half-life changes points continuously, so we review when they cross the next multiple of
 * `minChange` below the current points. The moment depends on the last activity, not on `now`:
 * rescoring between two reviews gives the same review time, so it causes no write.
 */
export function nextDecayChange(
  decay: DecaySchedule,
  lastActivity: number,
  now: number,
  basePoints: number,
  currentPoints: number,
  minChange: number,
): number | undefined {
  if (currentPoints <= 0) return undefined;
  const halfLife = decay.halfLifeDays;
  if (halfLife !== undefined) {
    let target = minChange * (Math.ceil(currentPoints / minChange) - 1);
    for (;;) {
      // Below the last band, one more review: when the points round to zero and vanish.
      const points = target > 0 ? target : VANISHED_BELOW;
      if (points >= currentPoints) return undefined;
      const at = lastActivity + halfLife * Math.log2(basePoints / points) * DAY_MS;
      // Float rounding can put the crossing a hair before now: then the next band is due.
      if (at > now) return at;
      if (target <= 0) return undefined;
      target -= minChange;
    }
  }
  const ageDays = (now - lastActivity) / DAY_MS;
  for (const step of decay.steps) {
    if (step.afterDays > ageDays) return lastActivity + step.afterDays * DAY_MS;
  }
  return undefined;
}

export function describeDecayRule(decay: Decay): string {
  if ('halfLifeDays' in decay) return `halves every ${formatDays(decay.halfLifeDays)}`;
  return decay.steps
    .map((s) => `${Math.round(s.keep * 100)}% after ${formatDays(s.afterDays)}`)
    .join(', ');
}

export function formatDays(days: number): string {
  const rounded = Math.round(days * 10) / 10;
  return `${rounded} day${rounded === 1 ? '' : 's'}`;
}
