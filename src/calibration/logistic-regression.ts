/**
 * L2-regularised logistic regression, fitted by Newton's method (IRLS) with step halving.
 * Small and exact for our sizes (tens of columns, up to a few hundred thousand candidates),
 * with no dependency to keep alive. Columns are standardised inside so that the penalty
 * treats a rare content download and a page-view count alike; coefficients come back on the
 * columns' own scale.
 */
export interface LogisticInput {
  /** Row-major design matrix, `rows` x `columns`. */
  x: Float64Array;
  rows: number;
  columns: number;
  /** 1 for the outcome, 0 otherwise. */
  y: ArrayLike<number>;
  /** Fixed part of each row's log-odds (points that are not learned). */
  offset?: Float64Array | undefined;
  /** Penalty on the standardised coefficients (not on the intercept). */
  l2?: number;
  /** Where the penalty pulls each coefficient (log-odds per unit); 0 by default. */
  prior?: ArrayLike<number> | undefined;
  maxIterations?: number;
  /** Start from an earlier fit (a refit with a slightly different offset converges faster). */
  start?: { intercept: number; coefficients: ArrayLike<number> } | undefined;
}

export interface LogisticFit {
  intercept: number;
  /** Log-odds per unit of each column; 0 for a column that never varies. */
  coefficients: Float64Array;
  iterations: number;
  converged: boolean;
}

export const DEFAULT_L2 = 1;

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** log(1 + e^z) without overflow. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

export function fitLogistic(input: LogisticInput): LogisticFit {
  const { rows: n, columns: p, y } = input;
  const l2 = input.l2 ?? DEFAULT_L2;
  const maxIterations = input.maxIterations ?? 50;
  const scale = columnScales(input.x, n, p);
  // Scaled but not centred: one-hot and exposure columns stay sparse, which makes each Newton
  // step cost the non-zeros of a row, not its width. The unpenalised intercept absorbs the
  // centring, so the fit is the same as with centred columns.
  const { start: rowStart, column, value: entry } = sparseRows(input.x, n, p, scale);
  const k = p + 1;
  const offset = input.offset;
  let beta = new Float64Array(k);
  if (input.start) {
    beta[0] = input.start.intercept;
    for (let j = 0; j < p; j++) beta[j + 1] = (input.start.coefficients[j] ?? 0) * scale[j]!;
  }
  const centre = new Float64Array(k);
  if (input.prior) for (let j = 0; j < p; j++) centre[j + 1] = (input.prior[j] ?? 0) * scale[j]!;
  const eta = new Float64Array(n);
  const objective = (b: Float64Array): number => {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      let e = (offset ? offset[i]! : 0) + b[0]!;
      for (let m = rowStart[i]!; m < rowStart[i + 1]!; m++) e += entry[m]! * b[column[m]! + 1]!;
      eta[i] = e;
      sum += y[i]! * e - softplus(e);
    }
    for (let c = 1; c < k; c++) sum -= (l2 / 2) * (b[c]! - centre[c]!) ** 2;
    return sum;
  };
  let current = objective(beta);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations && !converged) {
    iterations++;
    const gradient = new Float64Array(k);
    const hessian = new Float64Array(k * k);
    for (let i = 0; i < n; i++) {
      const mu = sigmoid(eta[i]!);
      const w = Math.max(mu * (1 - mu), 1e-12);
      const residual = y[i]! - mu;
      gradient[0]! += residual;
      hessian[0]! += w;
      const end = rowStart[i + 1]!;
      for (let m = rowStart[i]!; m < end; m++) {
        const a = column[m]! + 1;
        const za = entry[m]!;
        gradient[a]! += residual * za;
        const wa = w * za;
        hessian[a]! += wa; // row 0, column a: the intercept's column is all ones
        for (let q = m; q < end; q++) hessian[a * k + column[q]! + 1]! += wa * entry[q]!;
      }
    }
    for (let c = 1; c < k; c++) {
      gradient[c]! -= l2 * (beta[c]! - centre[c]!);
      hessian[c * k + c]! += l2;
      if (scale[c - 1] === 0) hessian[c * k + c]! += 1; // a constant column stays at 0
    }
    hessian[0]! += 1e-9;
    const step = solveSymmetric(hessian, gradient, k);
    let factor = 1;
    let next = beta;
    let value = current;
    for (let halving = 0; halving < 30; halving++) {
      next = beta.map((b, c) => b + factor * step[c]!);
      value = objective(next);
      if (value >= current - 1e-12) break;
      factor /= 2;
    }
    let change = 0;
    for (const s of step) change = Math.max(change, Math.abs(s * factor));
    // Points are whole numbers: a step below 1e-6 (standardised) changes none of them.
    converged = change < 1e-6 || Math.abs(value - current) < 1e-12 * (1 + Math.abs(current));
    beta = next;
    current = value;
  }
  objective(beta);

  const coefficients = new Float64Array(p);
  for (let j = 0; j < p; j++) coefficients[j] = scale[j]! > 0 ? beta[j + 1]! / scale[j]! : 0;
  return { intercept: beta[0]!, coefficients, iterations, converged };
}

/** Log-odds of one row under a fit. */
export function logOdds(fit: LogisticFit, row: ArrayLike<number>, offset = 0): number {
  let eta = fit.intercept + offset;
  for (let j = 0; j < fit.coefficients.length; j++) eta += fit.coefficients[j]! * row[j]!;
  return eta;
}

/** Each column's standard deviation, or 0 for a column that never varies. */
function columnScales(x: Float64Array, n: number, p: number): Float64Array {
  const mean = new Float64Array(p);
  const scale = new Float64Array(p);
  for (let i = 0; i < n; i++) for (let j = 0; j < p; j++) mean[j]! += x[i * p + j]! / n;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) scale[j]! += (x[i * p + j]! - mean[j]!) ** 2 / n;
  }
  for (let j = 0; j < p; j++) {
    const sd = Math.sqrt(scale[j]!);
    scale[j] = sd > 1e-12 * (1 + Math.abs(mean[j]!)) ? sd : 0;
  }
  return scale;
}

/** The non-zero scaled values of every row (constant columns left out), in one CSR block. */
interface SparseRows {
  /** Row i's entries are at start[i] .. start[i + 1] - 1. */
  start: Int32Array;
  column: Int32Array;
  value: Float64Array;
}

function sparseRows(x: Float64Array, n: number, p: number, scale: Float64Array): SparseRows {
  let nonZero = 0;
  for (let i = 0; i < n * p; i++) if (x[i] !== 0 && scale[i % p]! > 0) nonZero++;
  const start = new Int32Array(n + 1);
  const column = new Int32Array(nonZero);
  const value = new Float64Array(nonZero);
  let at = 0;
  for (let i = 0; i < n; i++) {
    start[i] = at;
    for (let j = 0; j < p; j++) {
      const v = x[i * p + j]!;
      if (v !== 0 && scale[j]! > 0) {
        column[at] = j;
        value[at++] = v / scale[j]!;
      }
    }
  }
  start[n] = at;
  return { start, column, value };
}

/** Solves H s = g for a symmetric positive-definite H given by its upper triangle (Cholesky). */
function solveSymmetric(upper: Float64Array, g: Float64Array, k: number): Float64Array {
  const l = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = upper[j * k + i]!;
      for (let m = 0; m < j; m++) sum -= l[i * k + m]! * l[j * k + m]!;
      if (i === j) l[i * k + i] = Math.sqrt(Math.max(sum, 1e-12));
      else l[i * k + j] = sum / l[j * k + j]!;
    }
  }
  const forward = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let sum = g[i]!;
    for (let m = 0; m < i; m++) sum -= l[i * k + m]! * forward[m]!;
    forward[i] = sum / l[i * k + i]!;
  }
  const solution = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    let sum = forward[i]!;
    for (let m = i + 1; m < k; m++) sum -= l[m * k + i]! * solution[m]!;
    solution[i] = sum / l[i * k + i]!;
  }
  return solution;
}
