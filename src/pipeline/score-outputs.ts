import {
  SCORE_PROPERTIES,
  scoreOutputValues,
  type ScorePropertyName,
} from '../hubspot/score-properties.ts';

/**
 * Whether a contact's outputs in HubSpot already say what a new score says. HubSpot hands
 * values back in its own spelling ("42" for 42.0, "2026-03-01T00:00:00Z" for an ISO string
 * with milliseconds), so values are compared by meaning, not by text.
 */

export type OutputValues = ReturnType<typeof scoreOutputValues>;

const NUMBER_OUTPUTS: ReadonlySet<ScorePropertyName> = new Set([
  SCORE_PROPERTIES.score,
  SCORE_PROPERTIES.fit,
  SCORE_PROPERTIES.engagement,
]);
const DATETIME_OUTPUTS: ReadonlySet<ScorePropertyName> = new Set([SCORE_PROPERTIES.nextReviewAt]);

export function outputsUnchanged(
  current: Readonly<Record<string, string | null | undefined>>,
  next: OutputValues,
): boolean {
  return (Object.keys(next) as (keyof OutputValues)[]).every((name) =>
    sameValue(name, current[name], next[name]),
  );
}

function sameValue(
  name: ScorePropertyName,
  held: string | null | undefined,
  wanted: string,
): boolean {
  const a = (held ?? '').trim();
  const b = wanted.trim();
  if (a === '' || b === '') return a === b;
  if (NUMBER_OUTPUTS.has(name)) return Number(a) === Number(b);
  if (DATETIME_OUTPUTS.has(name)) return epochMs(a) === epochMs(b);
  return a === b;
}

function epochMs(value: string): number | string {
  if (/^\d+$/.test(value)) return Number(value);
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : ms;
}

/** What to write for changed outputs: the outputs plus when they changed. */
export function withScoredAt(outputs: OutputValues, nowMs: number): Record<string, string> {
  return {
    ...outputs,
    [SCORE_PROPERTIES.scoredAt]: new Date(nowMs).toISOString(),
  };
}
