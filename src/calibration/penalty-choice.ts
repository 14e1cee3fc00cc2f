import { fitFree, linearPredictor, subset, type Design, type FreeFit } from './free-fit.ts';
import type { LearnedFeature } from './fit-points.ts';
import { seededRandom } from './random.ts';

/**
 * How strongly to pull the learnt points towards the current ones: the penalty that predicts
 * held-out candidates best in a 3-fold cross-validation (stratified, fixed seed). Much data
 * picks a light penalty (the data speaks); little data a heavy one (the current model stays).
 */
export const PENALTY_GRID = [1, 8, 64, 512] as const;
const FOLDS = 3;

export interface PenaltyChoice {
  l2: number;
  /** Mean held-out log-likelihood per candidate, for each penalty tried. */
  tried: { l2: number; logLikelihood: number }[];
}

export function choosePenalty(
  features: readonly LearnedFeature[],
  data: Design,
  scale: number,
  seed: number,
): PenaltyChoice {
  const random = seededRandom(seed);
  const fold = new Uint8Array(data.rows);
  for (const outcome of [0, 1]) {
    const members = [...Array(data.rows).keys()].filter((i) => data.y[i] === outcome);
    random.shuffle(members).forEach((i, r) => (fold[i] = r % FOLDS));
  }
  const totals = new Map<number, number>(PENALTY_GRID.map((l2) => [l2, 0]));
  for (let k = 0; k < FOLDS; k++) {
    const learning = subset(
      data,
      [...Array(data.rows).keys()].filter((i) => fold[i] !== k),
    );
    const heldOut = subset(
      data,
      [...Array(data.rows).keys()].filter((i) => fold[i] === k),
    );
    let previous: FreeFit | undefined;
    for (const l2 of PENALTY_GRID) {
      // A copy: the fit marks decayed features "set to 0" for this fold only.
      const copies = features.map((f) => ({ ...f }));
      previous = fitFree(copies, learning, scale, l2, previous);
      const eta = linearPredictor(previous, copies, heldOut, scale);
      let logLikelihood = 0;
      for (let i = 0; i < heldOut.rows; i++) {
        const e = previous.intercept + eta[i]!;
        logLikelihood +=
          heldOut.y[i]! * e - (e > 0 ? e + Math.log1p(Math.exp(-e)) : Math.log1p(Math.exp(e)));
      }
      totals.set(l2, totals.get(l2)! + logLikelihood);
    }
  }
  const tried = PENALTY_GRID.map((l2) => ({ l2, logLikelihood: totals.get(l2)! / data.rows }));
  const best = tried.reduce((a, b) => (b.logLikelihood > a.logLikelihood ? b : a));
  return { l2: best.l2, tried };
}
