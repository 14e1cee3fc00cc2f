import type { LearnedFeature } from './fit-points.ts';
import { fitLogistic } from './logistic-regression.ts';

/** Candidates x model features (exposures) and their outcomes. */
export interface Design {
  x: Float64Array;
  y: Uint8Array;
  rows: number;
  columns: number;
}

export interface FreeFit {
  /** Log-odds per unit of exposure, by feature index, for the learnt features. */
  coefficients: Map<number, number>;
  intercept: number;
  /** Each candidate's log-odds without the intercept, kept points included. */
  linearPredictor: Float64Array;
}

/**
 * Fits the learnt features, with kept points as a fixed offset at `scale` log-odds per point.
 * The penalty pulls each weight towards the current points (at the same scale): with little
 * data the suggestion stays near the current model instead of near zero. A decayed feature
 * the data would make negative is fixed at 0 and the rest refitted (its status says so).
 */
export function fitFree(
  features: LearnedFeature[],
  data: Design,
  scale: number,
  l2: number,
  previous?: FreeFit,
): FreeFit {
  const { x, y, rows: n, columns: p } = data;
  for (const f of features) {
    if (f.status === 'set to 0') {
      f.status = 'learned';
      delete f.note;
    }
  }
  const offset = keptOffset(features, data, scale);
  while (true) {
    const free = features.flatMap((f, j) => (f.status === 'learned' ? [j] : []));
    const k = free.length;
    const design = new Float64Array(n * k);
    for (let i = 0; i < n; i++) free.forEach((j, c) => (design[i * k + c] = x[i * p + j]!));
    const start = previous && {
      intercept: previous.intercept,
      coefficients: free.map((j) => previous.coefficients.get(j) ?? 0),
    };
    const prior = free.map((j) => scale * features[j]!.currentPoints);
    const fit = fitLogistic({ x: design, rows: n, columns: k, y, offset, l2, prior, start });
    const negative = free.filter((j, c) => features[j]!.nonNegative && fit.coefficients[c]! < 0);
    if (negative.length === 0) {
      const coefficients = new Map(free.map((j, c) => [j, fit.coefficients[c]!]));
      return {
        coefficients,
        intercept: fit.intercept,
        linearPredictor: linearPredictor({ coefficients }, features, data, scale),
      };
    }
    for (const j of negative) {
      const feature = features[j]!;
      feature.status = 'set to 0';
      feature.note = 'the data makes it lower the chance, but decayed points cannot be negative';
    }
  }
}

/** Log-odds without the intercept, for any candidates: learnt weights plus kept points. */
export function linearPredictor(
  fit: Pick<FreeFit, 'coefficients'>,
  features: readonly LearnedFeature[],
  data: Design,
  scale: number,
): Float64Array {
  const { x, rows: n, columns: p } = data;
  const eta = keptOffset(features, data, scale);
  for (const [j, coefficient] of fit.coefficients) {
    for (let i = 0; i < n; i++) eta[i]! += coefficient * x[i * p + j]!;
  }
  return eta;
}

export function subset(data: Design, indexes: readonly number[]): Design {
  const p = data.columns;
  const x = new Float64Array(indexes.length * p);
  indexes.forEach((i, r) => x.set(data.x.subarray(i * p, i * p + p), r * p));
  return { x, y: Uint8Array.from(indexes, (i) => data.y[i]!), rows: indexes.length, columns: p };
}

function keptOffset(
  features: readonly LearnedFeature[],
  data: Design,
  scale: number,
): Float64Array {
  const { x, rows: n, columns: p } = data;
  const offset = new Float64Array(n);
  features.forEach((f, j) => {
    const kept = f.status === 'not supported by the data' || f.status === 'left out (leakage)';
    if (!kept || f.currentPoints === 0) return;
    for (let i = 0; i < n; i++) offset[i]! += scale * f.currentPoints * x[i * p + j]!;
  });
  return offset;
}
