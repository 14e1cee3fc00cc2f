import { DEFAULT_L2, fitLogistic, sigmoid } from './logistic-regression.ts';
import { seededRandom } from './random.ts';

/**
 * Sparse selection of proposed criteria: forward stepwise, each step adding the candidate
 * whose score test (the gain in likelihood it promises, given what is already in) is highest,
 * on top of a fixed offset (what the model's own criteria and touchpoints already explain).
 * How many steps to keep is chosen by cross-validation: the path is run on the held-in folds
 * and the held-out log-loss read at every length; the length with the lowest mean wins, never
 * more than the admin's limit. A small model a recruiter can read beats a slightly better one
 * nobody checks, so a step must lower the held-out loss to be kept.
 * The score test costs one pass over the data per step instead of one fit per candidate,
 * which keeps hundreds of candidates on 50,000 candidates within seconds.
 */
export interface SelectionInput {
  /** Rows x candidates, 0/1 (whether each candidate matches). */
  z: Float64Array;
  rows: number;
  columns: number;
  y: Uint8Array;
  /** Log-odds the model already gives each candidate (without intercept). */
  offset: Float64Array;
  maxCriteria: number;
  seed: number;
  folds?: number;
  /**
   * Columns always in, refitted on every fold's held-in candidates (the criteria a first
   * selection chose, when combined criteria are searched on top of them); the path and
   * `maxCriteria` count the columns added after them.
   */
  forced?: readonly number[];
}

export interface Selection {
  /** Chosen candidate columns, in the order they entered. */
  chosen: number[];
  /** Mean held-out log-loss per path length (index 0: no proposals). */
  heldOutLoss: number[];
}

export function selectCriteria(input: SelectionInput): Selection {
  const { rows: n, maxCriteria } = input;
  const foldCount = input.folds ?? 3;
  if (maxCriteria <= 0 || input.columns === 0 || n < 2 * foldCount) {
    return { chosen: [], heldOutLoss: [] };
  }
  const forced = input.forced ?? [];
  const random = seededRandom(input.seed);
  const fold = Int32Array.from({ length: n }, () => random.int(foldCount));
  const lossSums = new Float64Array(maxCriteria + 1);
  const lossCounts = new Float64Array(maxCriteria + 1);
  for (let f = 0; f < foldCount; f++) {
    const heldIn: number[] = [];
    const heldOut: number[] = [];
    for (let i = 0; i < n; i++) (fold[i] === f ? heldOut : heldIn).push(i);
    let bestLoss = Infinity;
    let sinceBest = 0;
    forwardPath(input, heldIn, maxCriteria, (chosen, fit) => {
      const added = chosen.length - forced.length;
      let loss = 0;
      for (const i of heldOut) {
        let eta = fit.intercept + input.offset[i]!;
        chosen.forEach((j, c) => (eta += fit.coefficients[c]! * input.z[i * input.columns + j]!));
        const p = Math.min(Math.max(sigmoid(eta), 1e-12), 1 - 1e-12);
        loss -= input.y[i] ? Math.log(p) : Math.log(1 - p);
      }
      lossSums[added]! += loss;
      lossCounts[added]! += heldOut.length;
      // Once the held-out loss has not improved for a few steps, longer paths only overfit.
      if (loss < bestLoss - 1e-9) {
        bestLoss = loss;
        sinceBest = 0;
      } else sinceBest++;
      return sinceBest < PATIENCE;
    });
  }
  const heldOutLoss: number[] = [];
  // Only lengths every fold reached are compared.
  for (let k = 0; k <= maxCriteria && lossCounts[k] === n; k++) {
    heldOutLoss.push(lossSums[k]! / lossCounts[k]!);
  }
  let best = 0;
  heldOutLoss.forEach((loss, k) => {
    if (loss < heldOutLoss[best]! - 1e-6) best = k;
  });
  const all = Array.from({ length: n }, (_, i) => i);
  const chosen: number[] = [];
  forwardPath(input, all, best, (path) => {
    chosen.splice(0, chosen.length, ...path.slice(forced.length));
    return true;
  });
  return { chosen, heldOutLoss };
}

/**
 * Steps without a better held-out loss before a fold's path stops. 4 stopped the X Education
 * path at 4 criteria on a plateau it leaves after 5 more steps (held-out ROC-AUC 0.8853 with
 * decile steps); 8 reaches it (bench:calibration, issue 13).
 */
const PATIENCE = 8;

type FitSoFar = { intercept: number; coefficients: ArrayLike<number> };

/**
 * Runs the stepwise path on `rows` up to `limit` steps after the forced columns, calling
 * `visit` after every length (the forced columns first in `chosen`).
 */
function forwardPath(
  input: SelectionInput,
  rows: readonly number[],
  limit: number,
  /** Returns whether to go on. */
  visit: (chosen: readonly number[], fit: FitSoFar) => boolean,
): void {
  const { z, columns: m, y, offset } = input;
  const chosen: number[] = [...(input.forced ?? [])];
  const total = chosen.length + limit;
  let fit: FitSoFar = refit(input, rows, chosen);
  if (!visit(chosen, fit)) return;
  const eta = new Float64Array(rows.length);
  while (chosen.length < total) {
    rows.forEach((i, r) => {
      let value = fit.intercept + offset[i]!;
      chosen.forEach((j, c) => (value += fit.coefficients[c]! * z[i * m + j]!));
      eta[r] = value;
    });
    // Score test with the intercept profiled out: U = sum z (y - p), I = sum z w - (sum z w)^2 / sum w.
    const u = new Float64Array(m);
    const zw = new Float64Array(m);
    let w = 0;
    rows.forEach((i, r) => {
      const p = sigmoid(eta[r]!);
      const weight = p * (1 - p);
      const residual = y[i]! - p;
      w += weight;
      const base = i * m;
      for (let j = 0; j < m; j++) {
        const v = z[base + j]!;
        if (v === 0) continue;
        u[j]! += v * residual;
        zw[j]! += v * weight;
      }
    });
    let best = -1;
    let bestStatistic = 0;
    const taken = new Set(chosen);
    for (let j = 0; j < m; j++) {
      if (taken.has(j)) continue;
      // For 0/1 columns sum z^2 w = sum z w.
      const information = zw[j]! - (zw[j]! * zw[j]!) / w;
      if (!(information > 1e-9)) continue;
      const statistic = (u[j]! * u[j]!) / information;
      if (statistic > bestStatistic) {
        bestStatistic = statistic;
        best = j;
      }
    }
    if (best < 0) return;
    chosen.push(best);
    fit = refit(input, rows, chosen, fit);
    if (!visit(chosen, fit)) return;
  }
}

function refit(
  input: SelectionInput,
  rows: readonly number[],
  chosen: readonly number[],
  previous?: FitSoFar,
): FitSoFar {
  const k = chosen.length;
  const x = new Float64Array(rows.length * k);
  rows.forEach((i, r) =>
    chosen.forEach((j, c) => (x[r * k + c] = input.z[i * input.columns + j]!)),
  );
  const start = previous && {
    intercept: previous.intercept,
    coefficients: [...Array.from(previous.coefficients), 0],
  };
  return fitLogistic({
    x,
    rows: rows.length,
    columns: k,
    y: Uint8Array.from(rows, (i) => input.y[i]!),
    offset: Float64Array.from(rows, (i) => input.offset[i]!),
    l2: DEFAULT_L2,
    start: start && start.coefficients.length === k ? start : undefined,
  });
}
