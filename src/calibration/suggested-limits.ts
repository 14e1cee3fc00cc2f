import type { ScoringModel } from '../model/index.ts';
import {
  compileModel,
  scoreContact,
  type ContactHistory,
  type ContactProperties,
} from '../scoring/index.ts';

/**
 * Limits in the suggested model: group min/max, channel caps and the cap of a content
 * touchpoint (`maxPoints` over its items). The fit learns points as if none of them existed
 * (a limit makes the score non-linear in the points), so a limit kept as it was can cut the
 * learnt points of many candidates: a 30-point web cap cut 52% of held-out leads. Each limit is
 * checked against the learning candidates scored with the learnt points; one that cuts more
 * than `CUT_SHARE` of them is moved out to where it cuts that share, so it still stops the
 * outliers (a bot's 500 page views) it was written for, and the scores are the ones the fit
 * meant. What was moved, and how many it would have cut, is reported and written in the header.
 */
export interface LimitCheck {
  kind: 'group max' | 'group min' | 'channel cap' | 'touchpoint cap';
  /** The group id, channel or touchpoint id. */
  id: string;
  label: string;
  /** Where the limit lives in the model file. */
  path: (string | number)[];
  currentLimit: number;
  suggestedLimit: number;
  /** Learning candidates whose points the current limit cuts, with the learnt points. */
  cutByCurrent: number;
  /** ... and the suggested one. */
  cutBySuggested: number;
  candidates: number;
  moved: boolean;
}

/** A limit may cut this share of the learning candidates before it is moved. */
export const CUT_SHARE = 0.01;

interface Limit {
  check: Omit<
    LimitCheck,
    'suggestedLimit' | 'cutByCurrent' | 'cutBySuggested' | 'candidates' | 'moved'
  >;
  /** The sum the limit applies to, for one scored contact. */
  sum: (breakdown: ScoredBreakdown) => number;
}

type ScoredBreakdown = ReturnType<typeof scoreContact>['breakdown'];

export function checkLimits(
  model: ScoringModel,
  contacts: readonly { properties: ContactProperties; propertiesWithHistory?: ContactHistory }[],
  now: number,
): LimitCheck[] {
  const limits = limitsOf(model);
  if (limits.length === 0 || contacts.length === 0) return [];
  const unlimited = compileModel(withoutLimits(model));
  const sums = limits.map(() => new Float64Array(contacts.length));
  contacts.forEach(({ properties, propertiesWithHistory }, i) => {
    const { breakdown } = scoreContact(unlimited, properties, now, propertiesWithHistory);
    limits.forEach((limit, l) => (sums[l]![i] = limit.sum(breakdown)));
  });
  return limits.map((limit, l) => {
    const values = sums[l]!;
    const isMax = limit.check.kind !== 'group min';
    const cut = (bound: number) =>
      values.reduce((n, v) => n + ((isMax ? v > bound + 1e-9 : v < bound - 1e-9) ? 1 : 0), 0);
    const cutByCurrent = cut(limit.check.currentLimit);
    let suggestedLimit = limit.check.currentLimit;
    if (cutByCurrent > CUT_SHARE * values.length) {
      const sorted = Float64Array.from(values).sort();
      const k = Math.floor(CUT_SHARE * values.length);
      // Whole points, outward: the suggestion never cuts more than the share.
      suggestedLimit = isMax
        ? Math.ceil(sorted[values.length - 1 - k]! - 1e-9)
        : Math.floor(sorted[k]! + 1e-9);
      // A channel cap or touchpoint cap is a positive number in the model file.
      if (isMax && limit.check.kind !== 'group max') suggestedLimit = Math.max(1, suggestedLimit);
    }
    return {
      ...limit.check,
      suggestedLimit,
      cutByCurrent,
      cutBySuggested: cut(suggestedLimit),
      candidates: values.length,
      moved: suggestedLimit !== limit.check.currentLimit,
    };
  });
}

/** "Website: channel cap 30 -> 41 (cut 1817 of 3499 learning candidates, 51.9%, with the learnt points; now 34)". */

function limitsOf(model: ScoringModel): Limit[] {
  const limits: Limit[] = [];
  model.fit.groups.forEach((group, g) => {
    const sum = (breakdown: ScoredBreakdown) =>
      total(breakdown, (e) => e.section === 'fit' && e.group === group.id);
    for (const bound of ['max', 'min'] as const) {
      const value = group[bound];
      if (value === undefined) continue;
      limits.push({
        check: {
          kind: bound === 'max' ? 'group max' : 'group min',
          id: group.id,
          label: group.label,
          path: ['fit', 'groups', g, bound],
          currentLimit: value,
        },
        sum,
      });
    }
  });
  for (const [channel, limit] of Object.entries(model.engagement.channels)) {
    if (limit?.max === undefined) continue;
    limits.push({
      check: {
        kind: 'channel cap',
        id: channel,
        label: limit.label ?? channel,
        path: ['engagement', 'channels', channel, 'max'],
        currentLimit: limit.max,
      },
      sum: (breakdown) =>
        total(
          breakdown,
          (e) => e.section === 'engagement' && e.group === channel && e.kind !== 'channel-cap',
        ),
    });
  }
  model.engagement.touchpoints.forEach((t, i) => {
    // Without a content table the fit keeps a touchpoint's cap (in occurrences' worth).
    if (!t.content || t.maxPoints === undefined) return;
    const history = t.history !== undefined;
    limits.push({
      check: {
        kind: 'touchpoint cap',
        id: t.id,
        label: t.label,
        path: ['engagement', 'touchpoints', i, 'maxPoints'],
        currentLimit: t.maxPoints,
      },
      // A history touchpoint caps its decayed lines' sum, another its points before decay.
      sum: (breakdown) =>
        history
          ? total(breakdown, (e) => e.kind === 'touchpoint' && isLineOf(e.id, t.id))
          : total(breakdown, (e) => e.kind === 'touchpoint' && e.id === t.id, true),
    });
  });
  return limits;
}

/** A history touchpoint's line per content item: `downloads:2`, `downloads:other`. */
function isLineOf(entryId: string, touchpointId: string): boolean {
  return entryId === touchpointId || entryId.startsWith(`${touchpointId}:`);
}

function total(
  breakdown: ScoredBreakdown,
  counts: (entry: ScoredBreakdown[number]) => boolean,
  beforeDecay = false,
): number {
  let sum = 0;
  for (const entry of breakdown) {
    if (counts(entry)) sum += beforeDecay ? (entry.basePoints ?? entry.points) : entry.points;
  }
  return sum;
}

/** The model as the fit saw it: the same points, no limit the fit ignores. */
function withoutLimits(model: ScoringModel): ScoringModel {
  const copy = structuredClone(model);
  for (const group of copy.fit.groups) {
    group.min = undefined;
    group.max = undefined;
  }
  copy.engagement.channels = {};
  for (const t of copy.engagement.touchpoints) if (t.content) delete t.maxPoints;
  return copy;
}

/**
 * The model's score range (`score: { min, max }`), checked like the limits above: the engine
 * clips every total to it, so a range written for the current points (0..100) can tie many
 * candidates at its floor once the learnt points (negative ones included) are in, and a tie
 * ranks nobody. On the bench's job-change data the 0 floor held 43% of the candidates never
 * seen. Where the range cuts more than `CUT_SHARE` of the learning candidates on one side, that
 * side moves out to where it cuts that share (whole points, outward); tier thresholds follow
 * the scores as they are then (suggested-tiers.ts).
 */
export interface ScoreRangeCheck {
  current: { min: number; max: number };
  suggested: { min: number; max: number };
  /** Learning candidates below the current minimum and above the current maximum. */
  cutByCurrent: { below: number; above: number };
  cutBySuggested: { below: number; above: number };
  candidates: number;
  moved: boolean;
}

export function checkScoreRange(
  model: ScoringModel,
  contacts: readonly { properties: ContactProperties; propertiesWithHistory?: ContactHistory }[],
  now: number,
): ScoreRangeCheck {
  const current = { ...model.score };
  const open = structuredClone(model);
  open.score = { min: -Number.MAX_VALUE, max: Number.MAX_VALUE };
  const compiled = compileModel(open);
  const scores = Float64Array.from(
    contacts,
    ({ properties, propertiesWithHistory }) =>
      scoreContact(compiled, properties, now, propertiesWithHistory).score,
  ).sort();
  const n = scores.length;
  const cut = (range: { min: number; max: number }) => ({
    below: scores.reduce((k, v) => k + (v < range.min - 1e-9 ? 1 : 0), 0),
    above: scores.reduce((k, v) => k + (v > range.max + 1e-9 ? 1 : 0), 0),
  });
  const cutByCurrent = cut(current);
  const allowed = CUT_SHARE * n;
  const k = Math.floor(allowed);
  const suggested = {
    min: cutByCurrent.below > allowed ? Math.floor(scores[k]! + 1e-9) : current.min,
    max: cutByCurrent.above > allowed ? Math.ceil(scores[n - 1 - k]! - 1e-9) : current.max,
  };
  // Every candidate scoring the same: the range must still be a range.
  if (!(suggested.min < suggested.max)) suggested.max = suggested.min + 1;
  return {
    current,
    suggested,
    cutByCurrent,
    cutBySuggested: cut(suggested),
    candidates: n,
    moved: suggested.min !== current.min || suggested.max !== current.max,
  };
}

/** "score range 0..100 -> -38..100 (cut 2476 of 5747 learning candidates below, 43.1%; now 57)". */
export function describeScoreRange(check: ScoreRangeCheck): string {
  const { current: c, suggested: s, candidates } = check;
  const cut = check.cutByCurrent.below + check.cutByCurrent.above;
  const now = check.cutBySuggested.below + check.cutBySuggested.above;
  const share = ((100 * cut) / Math.max(1, candidates)).toFixed(1);
  return `score range ${c.min}..${c.max} -> ${s.min}..${s.max} (it clipped ${cut} of ${candidates} learning candidates, ${share}%, with the learnt points; now ${now})`;
}
