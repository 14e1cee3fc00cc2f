import type { Decay } from '../model/model-schema.ts';
import { DAY_MS } from './hubspot-values.ts';

/** Share of a touchpoint's points still counted `ageDays` after its last activity (0..1). */
export function decayFactor(decay: Decay, ageDays: number): number {
  const age = Math.max(0, ageDays);
  const halfLife = (decay as { halfLifeDays?: number }).halfLifeDays;
  // exp is cheaper than 0.5 ** x on this hot path.
  if (halfLife !== undefined) return Math.exp((-Math.LN2 * age) / halfLife);
  let keep = 1;
  for (const step of (decay as { steps: { afterDays: number; keep: number }[] }).steps) {
    if (age >= step.afterDays) keep = step.keep;
    else break;
  }
  return keep;
}

/**
 * When decay will next change these points, in epoch ms, or undefined if it never will.
 * A half-life changes points continuously: we review once `minChange` points have gone.
 */
export function nextDecayChange(
  decay: Decay,
  lastActivity: number,
  now: number,
  currentPoints: number,
  minChange: number,
): number | undefined {
  if (currentPoints <= 0) return undefined;
  if ('halfLifeDays' in decay) {
    if (currentPoints <= minChange) return undefined;
    const daysToLose = decay.halfLifeDays * Math.log2(currentPoints / (currentPoints - minChange));
    return now + Math.max(daysToLose * DAY_MS, 60_000);
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
