import { fitLogistic, sigmoid } from './logistic-regression.ts';
import { prAuc, rocAuc, scoreBands, topShare, type ScoreBand, type TopShare } from './metrics.ts';

/** How one model did on the held-out candidates: ranking, top shares, calibration, spread. */
export interface ModelEvaluation {
  auc: number;
  prAuc: number;
  top10: TopShare;
  top20: TopShare;
  /** Ten score bands, highest first: predicted against observed, and the lift by decile. */
  calibration: ScoreBand[];
  /** Histogram of held-out scores, by outcome. */
  distribution: DistributionBin[];
  /** Share of held-out candidates per tier (points models only). */
  tiers?: Record<string, number>;
}

export interface DistributionBin {
  from: number;
  to: number;
  withOutcome: number;
  withoutOutcome: number;
}

export interface ScoredSet {
  scores: readonly number[];
  outcomes: readonly boolean[];
}

/**
 * Evaluates held-out scores. A points score is not a probability: `predict` turns it into one
 * (a one-variable logistic fit on the learning candidates' scores), for the calibration table.
 */
export function evaluate(
  holdout: ScoredSet,
  predict: (score: number) => number,
  tierOfEach?: readonly string[],
): ModelEvaluation {
  const { scores, outcomes } = holdout;
  const predicted = scores.map(predict);
  const evaluation: ModelEvaluation = {
    auc: rocAuc(scores, outcomes),
    prAuc: prAuc(scores, outcomes),
    top10: topShare(scores, outcomes, 0.1),
    top20: topShare(scores, outcomes, 0.2),
    calibration: scoreBands(scores, predicted, outcomes, 10),
    distribution: histogram(scores, outcomes, 20),
  };
  if (tierOfEach) {
    const shares: Record<string, number> = {};
    for (const tier of tierOfEach) shares[tier] = (shares[tier] ?? 0) + 1 / tierOfEach.length;
    evaluation.tiers = shares;
  }
  return evaluation;
}

/** Score -> probability, fitted on the learning candidates (Platt scaling). */
export function probabilityOfScore(learning: ScoredSet): (score: number) => number {
  const fit = fitLogistic({
    x: Float64Array.from(learning.scores),
    rows: learning.scores.length,
    columns: 1,
    y: Uint8Array.from(learning.outcomes, Number),
    l2: 0,
  });
  const slope = fit.coefficients[0]!;
  return (score) => sigmoid(fit.intercept + slope * score);
}

function histogram(
  scores: readonly number[],
  outcomes: readonly boolean[],
  bins: number,
): DistributionBin[] {
  let low = Infinity;
  let high = -Infinity;
  for (const s of scores) {
    if (s < low) low = s;
    if (s > high) high = s;
  }
  if (!Number.isFinite(low)) return [];
  const width = high > low ? (high - low) / bins : 1;
  const result: DistributionBin[] = Array.from({ length: high > low ? bins : 1 }, (_, b) => ({
    from: round(low + b * width),
    to: round(low + (b + 1) * width),
    withOutcome: 0,
    withoutOutcome: 0,
  }));
  scores.forEach((s, i) => {
    const bin = result[Math.min(result.length - 1, Math.floor((s - low) / width))]!;
    if (outcomes[i]) bin.withOutcome++;
    else bin.withoutOutcome++;
  });
  return result;
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
