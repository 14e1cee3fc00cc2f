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
 */
export const TIER_TARGETS = [0.1, 0.3] as const;

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
): (number | undefined)[] {
  const scores = suggested
    .filter((s) => s.tier !== disqualified)
    .map((s) => s.score)
    .sort((a, b) => b - a);
  const thresholds: (number | undefined)[] = model.tiers.map((t) => t.minScore);
  if (scores.length === 0) return thresholds;
  model.tiers.forEach((tier, i) => {
    if (tier.minScore === undefined) return;
    const target = TIER_TARGETS[i];
    const above = i > 0 ? thresholds[i - 1] : undefined;
    let minScore =
      target === undefined
        ? tier.minScore
        : Math.ceil(scores[Math.max(0, Math.ceil(target * scores.length) - 1)]!);
    // Thresholds must fall from tier to tier (the model file requires it).
    if (above !== undefined && minScore >= above) minScore = above - 1;
    thresholds[i] = minScore;
  });
  return thresholds;
}

export function tierSuggestion(
  model: ScoringModel,
  thresholds: readonly (number | undefined)[],
  before: readonly ScoredCandidate[],
  after: readonly ScoredCandidate[],
  outcomes: readonly boolean[],
  disqualified: string,
  written: boolean,
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
    basis: `${names[0]} from the top ${TIER_TARGETS[0] * 100}% of the learning candidates' suggested scores, ${names[1] ?? 'the next tier'} from the next ${(TIER_TARGETS[1] - TIER_TARGETS[0]) * 100}% (knocked-out candidates left out)`,
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
