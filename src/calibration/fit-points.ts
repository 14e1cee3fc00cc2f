import { fitFree, type Design } from './free-fit.ts';
import { fitLogistic } from './logistic-regression.ts';
import type { ModelFeature } from './model-features.ts';
import { choosePenalty, type PenaltyChoice } from './penalty-choice.ts';

/**
 * Learns the points of the model's criteria, touchpoints and content items from outcomes.
 *
 * - Support: a feature needs at least `minMatches` candidates who match it, as many with less
 *   of it, and `minOutcomes` outcomes among the matches; otherwise it keeps its current points
 *   and is reported as not supported by the data. We never invent a weight. For a criterion
 *   "less" means not matching; a count every candidate has (page views, at least 1 each) is
 *   learnt from its quantity: enough candidates must have fewer than others.
 * - Leakage: a feature reading a left-out property keeps its points and is reported.
 * - Kept points still count: they enter the regression as a fixed offset.
 * - The L2 penalty pulls the learnt points towards the current ones, as strongly as a
 *   cross-validation finds best (penalty-choice.ts).
 * - Decayed points stay 0 or more (decay must never raise a score): a decayed feature that the
 *   data would make negative is fixed at 0 and the rest refitted.
 * - Scale: log-odds become points by dividing by one "log-odds per point" chosen so that the
 *   suggested scores spread as widely as the current ones, so tiers and caps keep their sense.
 */
export type FeatureStatus =
  'learned' | 'not supported by the data' | 'left out (leakage)' | 'set to 0';

export interface LearnedFeature extends ModelFeature {
  status: FeatureStatus;
  /** Learning candidates who match (exposure above 0). */
  matches: number;
  outcomesAmongMatches: number;
  suggestedPoints: number;
  /** Log-odds per unit of exposure, for learned features. */
  coefficient?: number;
  note?: string;
}

export interface PointsFitOptions {
  /** A fixed penalty; by default chosen by cross-validation. */
  l2?: number | undefined;
  /** Seed of the cross-validation folds. */
  seed?: number;
  minMatches?: number;
  minOutcomes?: number;
  /** Properties left out by the leakage guard, with the reason. */
  leftOut?: ReadonlyMap<string, string>;
}

export interface PointsFit {
  features: LearnedFeature[];
  /** Log-odds per point used to turn coefficients into points. */
  logOddsPerPoint: number;
  /** Log-odds per point of the current model, from its scores alone. */
  currentLogOddsPerPoint: number;
  intercept: number;
  penalty: PenaltyChoice;
}

export const SUPPORT = { minMatches: 30, minOutcomes: 5 } as const;

export function fitPoints(
  features: readonly ModelFeature[],
  x: Float64Array,
  outcomes: readonly boolean[],
  currentScores: readonly number[],
  options: PointsFitOptions = {},
): PointsFit {
  const n = outcomes.length;
  const p = features.length;
  const y = Uint8Array.from(outcomes, Number);
  const minMatches = options.minMatches ?? SUPPORT.minMatches;
  const minOutcomes = options.minOutcomes ?? SUPPORT.minOutcomes;
  const steps: number[] = [];
  const learned: LearnedFeature[] = features.map((feature, j) => {
    let matches = 0;
    let hits = 0;
    const exposures = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      exposures[i] = x[i * p + j]!;
      if (exposures[i]! > 0) {
        matches++;
        hits += y[i]!;
      }
    }
    steps.push(pointStep(exposures));
    const leak = feature.properties.find((property) => options.leftOut?.has(property));
    const base = { ...feature, matches, outcomesAmongMatches: hits };
    if (leak) {
      const note = `reads ${leak} (${options.leftOut!.get(leak)}): kept at its current points`;
      return {
        ...base,
        status: 'left out (leakage)',
        suggestedPoints: feature.currentPoints,
        note,
      };
    }
    const contrast = hasContrast(exposures, minMatches);
    if (matches < minMatches || !contrast || hits < minOutcomes) {
      const everyone = matches === n && n > 0;
      const note = everyone
        ? `all ${n} candidates have it in the same quantity, ${hits} with the outcome: nothing to learn from (needs ${minMatches} with less of it than ${minMatches} others)`
        : `${matches} matching candidates, ${hits} with the outcome (needs ${minMatches} and ${minOutcomes}, and ${minMatches} not matching)`;
      return {
        ...base,
        status: 'not supported by the data',
        suggestedPoints: feature.currentPoints,
        note,
      };
    }
    const learnt = { ...base, status: 'learned' as const, suggestedPoints: feature.currentPoints };
    return matches === n
      ? { ...learnt, note: 'every candidate has it: learnt from its quantity, not its presence' }
      : learnt;
  });

  const currentFit = fitLogistic({
    x: Float64Array.from(currentScores),
    rows: n,
    columns: 1,
    y,
    l2: 0,
  });
  const currentLogOddsPerPoint = currentFit.coefficients[0]!;
  const currentSpread = standardDeviation(currentScores);
  let scale = currentLogOddsPerPoint > 0 ? currentLogOddsPerPoint : 1 / Math.max(currentSpread, 1);
  const data: Design = { x, y, rows: n, columns: p };
  const penalty =
    options.l2 === undefined
      ? choosePenalty(learned, data, scale, options.seed ?? 1)
      : { l2: options.l2, tried: [] };
  let fit = fitFree(learned, data, scale, penalty.l2);
  // The scale sets the kept points' weight and the penalty's centre, and the fit sets the
  // scale: iterate until the scale settles.
  for (let round = 0; round < 8 && currentSpread > 0; round++) {
    const next = standardDeviation(fit.linearPredictor) / currentSpread;
    if (!(next > 0)) break;
    const settled = Math.abs(next - scale) < 1e-3 * scale;
    scale = next;
    if (settled) break;
    fit = fitFree(learned, data, scale, penalty.l2, fit);
  }
  for (const [j, feature] of learned.entries()) {
    if (feature.status !== 'learned' && feature.status !== 'set to 0') continue;
    const coefficient = fit.coefficients.get(j) ?? 0;
    feature.coefficient = coefficient;
    const step = steps[j]!;
    const points = Number((Math.round(coefficient / scale / step) * step).toFixed(6));
    feature.suggestedPoints = feature.nonNegative ? Math.max(0, points) + 0 : points + 0;
  }
  return {
    features: learned,
    logOddsPerPoint: scale,
    currentLogOddsPerPoint,
    intercept: fit.intercept,
    penalty,
  };
}

/**
 * Points are whole, unless a candidate typically has so much of a touchpoint (seconds on the
 * site, training hours: the 95th percentile of exposures above 10) that one point per
 * occurrence is far too coarse: a whole point per second would make 0.02 either 0 or 1 and the
 * touchpoint worthless or overwhelming. Then as many decimals as keep the typical candidate's
 * points within about a point of the learnt ones.
 */
function pointStep(exposures: Float64Array): number {
  const positive = exposures.filter((e) => e > 0).sort();
  const typical = positive[Math.floor(positive.length * 0.95)] ?? 0;
  return typical > 10 ? 10 ** -Math.ceil(Math.log10(typical)) : 1;
}

/**
 * Whether the data can tell more of a feature from less: `minimum` candidates at a lower
 * exposure than `minimum` others (the minimum-th lowest below the minimum-th highest). For a
 * 0/1 criterion that is `minimum` who match and `minimum` who do not.
 */
function hasContrast(exposures: Float64Array, minimum: number): boolean {
  const n = exposures.length;
  if (minimum < 1) return n > 0;
  if (n < 2 * minimum) return false;
  const sorted = Float64Array.from(exposures).sort();
  return sorted[minimum - 1]! < sorted[n - minimum]!;
}

function standardDeviation(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return 0;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i]! / n;
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (values[i]! - mean) ** 2 / n;
  return Math.sqrt(variance);
}
