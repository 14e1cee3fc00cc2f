import {
  SCORE_PROPERTIES,
  type OutputPropertyName,
  type ScoreOutputValues,
} from '../hubspot/score-properties.ts';

/**
 * Whether a contact's outputs in HubSpot already say what a new score says. HubSpot hands
 * values back in its own spelling ("42" for 42.0, "2026-03-01T00:00:00Z" for an ISO string
 * with milliseconds), so values are compared by meaning, not by text.
 */

/** `recruitment_profile` is among them only for a model with profiles; then it is compared too. */
export type OutputValues = ScoreOutputValues;

const NUMBER_OUTPUTS: ReadonlySet<OutputPropertyName> = new Set([
  SCORE_PROPERTIES.score,
  SCORE_PROPERTIES.fit,
  SCORE_PROPERTIES.engagement,
]);
export function outputsUnchanged(
  current: Readonly<Record<string, string | null | undefined>>,
  next: OutputValues,
  /** The moment of scoring; without it review times must match exactly. */
  nowMs?: number,
): boolean {
  return (Object.keys(next) as (keyof OutputValues)[]).every((name) =>
    name === SCORE_PROPERTIES.nextReviewAt
      ? reviewStillValid(current[name], next[name], nowMs)
      : sameValue(name, current[name], next[name] ?? ''),
  );
}

function sameValue(
  name: OutputPropertyName,
  held: string | null | undefined,
  wanted: string,
): boolean {
  const a = (held ?? '').trim();
  const b = wanted.trim();
  if (a === '' || b === '') return a === b;
  if (NUMBER_OUTPUTS.has(name)) return Number(a) === Number(b);
  return a === b;
}

/**
 * Under a half-life the next review is "when another point will have gone", counted from
 * the moment of scoring, so it moves a little every time we score. A held review time that
 * is still ahead and no later than the new one is a safe bound: reviewing a little early
 * costs one read, while rewriting it on every event would cost a write each time.
 */
function reviewStillValid(
  held: string | null | undefined,
  wanted: string,
  nowMs: number | undefined,
): boolean {
  const a = epochMs((held ?? '').trim());
  const b = epochMs(wanted.trim());
  if (a === undefined || b === undefined) return a === b;
  return a === b || (nowMs !== undefined && a > nowMs && a <= b);
}

function epochMs(value: string): number | undefined {
  if (value === '') return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isNaN(ms) ? Number.NaN : ms;
}

/** What to write for changed outputs: the outputs plus when they changed. */
export function withScoredAt(outputs: OutputValues, nowMs: number): Record<string, string> {
  return {
    ...outputs,
    [SCORE_PROPERTIES.scoredAt]: new Date(nowMs).toISOString(),
  };
}
