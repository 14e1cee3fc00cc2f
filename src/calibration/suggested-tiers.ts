import { describeTierBasis, type TierBasis } from './calibration-notes.ts';
import type { ScoringModel } from '../model/index.ts';

/**
 * Tier thresholds from the data. The learnt points spread the scores differently from the
 * recruiter's guess, so thresholds written for the old points put a different share of
 * candidates in each tier. The first tier (hot) starts where the top 10% of the learning
 * candidates' suggested scores start, the second (warm) where the top 30% do (the next 20%);
 * lower tiers keep their minimum unless it would no longer be below the one above. Knocked-out
 * candidates are disqualified whatever their score and do not count in the shares the
 * thresholds aim at. The report shows each tier's share before (current model) and after
 * (suggested points and thresholds), and the outcome rate after.
 *
 * With a target outcome rate (`--hot-rate 0.4`: "hot means at least 40% of them apply"), hot
 * starts at the lowest score where the learning candidates at or above it still reach that
 * rate, so hot is as large as the rate allows (at least `MIN_HOT` candidates when any group that
 * large reaches it); warm then takes the next 20%. A rate no group reaches leaves hot to the top
 * 10% and says so.
 */
export const TIER_TARGETS = [0.1, 0.3] as const;
export const MIN_HOT = 30;

export interface TierTarget {
  /** Outcome rate the hot tier must reach on the learning candidates (0 to 1). */
  hotRate: number;
  /** The learning candidates' outcomes, in the order of the scored candidates. */
  outcomes: readonly boolean[];
}

export interface TierThresholds {
  minScores: (number | undefined)[];
  /** How the first two thresholds were found, for the report. */
  basis: string;
  basisNote: TierBasis;
}

export interface TierLine {
  name: string;
  currentMinScore: number | null;
  suggestedMinScore: number | null;
  /** Share of the learning candidates in the tier with the current model. */
  shareBefore: number;
  /** ... with the suggested points and thresholds. */
  shareAfter: number;
  /** Outcome rate in the tier with the suggested points and thresholds. */
  outcomeRateAfter: number;
}

export interface TierSuggestion {
  basis: string;
  basisNote: TierBasis;
  /** Whether the thresholds are in the suggested model (not with --no-discovery). */
  written: boolean;
  tiers: TierLine[];
}

export interface ScoredCandidate {
  score: number;
  tier: string;
}

/** Minimum scores for the model's tiers, by tier index (the last tier has none). */
export function suggestTierThresholds(
  model: ScoringModel,
  suggested: readonly ScoredCandidate[],
  disqualified: string,
  target?: TierTarget,
): TierThresholds {
  const names = model.tiers.map((t) => t.name);
  const kept = suggested.flatMap((s, i) =>
    s.tier === disqualified ? [] : [{ score: s.score, outcome: target?.outcomes[i] ?? false }],
  );
  const scores = kept.map((s) => s.score).sort((a, b) => b - a);
  const minScores: (number | undefined)[] = model.tiers.map((t) => t.minScore);
  const shares: number[] = [...TIER_TARGETS];
  const topShares = {
    hot: names[0]!,
    next: names[1],
    hotPercent: TIER_TARGETS[0] * 100,
    nextPercent: (TIER_TARGETS[1] - TIER_TARGETS[0]) * 100,
  };
  let basisNote: TierBasis = { kind: 'top-shares', ...topShares };
  const done = () => ({ minScores, basis: describeTierBasis(basisNote), basisNote });
  if (scores.length === 0) return done();
  if (target) {
    const hot = hotShareFor(kept, target.hotRate);
    if (hot === undefined) {
      basisNote = { kind: 'rate-unreached', rate: target.hotRate, ...topShares };
    } else {
      shares[0] = hot;
      shares[1] = Math.min(1, hot + TIER_TARGETS[1] - TIER_TARGETS[0]);
      basisNote = { kind: 'outcome-rate', rate: target.hotRate, hotShare: hot, ...topShares };
    }
  }
  model.tiers.forEach((tier, i) => {
    if (tier.minScore === undefined) return;
    const share = shares[i];
    const above = i > 0 ? minScores[i - 1] : undefined;
    let minScore =
      share === undefined
        ? tier.minScore
        : Math.ceil(scores[Math.max(0, Math.ceil(share * scores.length) - 1)]!);
    // Thresholds must fall from tier to tier (the model file requires it).
    if (above !== undefined && minScore >= above) minScore = above - 1;
    minScores[i] = minScore;
  });
  return done();
}

/**
 * The largest top share (cut between whole points, so ties stay together) whose outcome rate
 * reaches `rate`: preferring groups of at least MIN_HOT candidates, undefined when none reaches it.
 */
function hotShareFor(
  kept: readonly { score: number; outcome: boolean }[],
  rate: number,
): number | undefined {
  const sorted = [...kept].sort((a, b) => b.score - a.score);
  let hits = 0;
  let best: number | undefined;
  let bestSmall: number | undefined;
  for (let i = 0; i < sorted.length; i++) {
    if (sorted[i]!.outcome) hits++;
    const next = sorted[i + 1];
    // Thresholds are whole points (Math.ceil above): cut only where the next score is lower.
    if (next && Math.ceil(next.score) === Math.ceil(sorted[i]!.score)) continue;
    if (hits / (i + 1) < rate) continue;
    if (i + 1 >= MIN_HOT) best = (i + 1) / sorted.length;
    else bestSmall = (i + 1) / sorted.length;
  }
  return best ?? bestSmall;
}

export function tierSuggestion(
  model: ScoringModel,
  thresholds: readonly (number | undefined)[],
  before: readonly ScoredCandidate[],
  after: readonly ScoredCandidate[],
  outcomes: readonly boolean[],
  disqualified: string,
  written: boolean,
  basisNote: TierBasis,
): TierSuggestion {
  const names = [...model.tiers.map((t) => t.name), disqualified];
  const tierAfter = (s: ScoredCandidate) => {
    if (s.tier === disqualified) return disqualified;
    const i = thresholds.findIndex((m, j) => j === thresholds.length - 1 || s.score >= m!);
    return model.tiers[i]!.name;
  };
  const afterTiers = after.map(tierAfter);
  const n = Math.max(1, before.length);
  return {
    written,
    basis: describeTierBasis(basisNote),
    basisNote,
    tiers: names.map((name, i) => {
      const inTier = afterTiers.flatMap((t, j) => (t === name ? [j] : []));
      const hits = inTier.filter((j) => outcomes[j]).length;
      return {
        name,
        currentMinScore: model.tiers[i]?.minScore ?? null,
        suggestedMinScore: i < model.tiers.length ? (thresholds[i] ?? null) : null,
        shareBefore: before.filter((s) => s.tier === name).length / n,
        shareAfter: inTier.length / n,
        outcomeRateAfter: inTier.length > 0 ? hits / inTier.length : NaN,
      };
    }),
  };
}
