import { describe, expect, it } from 'vitest';
import { fitLogistic, sigmoid } from '../../src/calibration/logistic-regression.ts';
import { seededRandom } from '../../src/calibration/random.ts';

/** Rows drawn from a known model: a 0/1 column, a normal one and a skewed count. */
function simulate(n: number, intercept: number, beta: readonly number[], seed = 3) {
  const random = seededRandom(seed);
  const p = beta.length;
  const x = new Float64Array(n * p);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let eta = intercept;
    for (let j = 0; j < p; j++) {
      const value =
        j % 3 === 0
          ? Number(random.chance(0.3))
          : j % 3 === 1
            ? random.normal() * 2
            : random.poisson(1.5);
      x[i * p + j] = value;
      eta += beta[j]! * value;
    }
    y[i] = random.chance(sigmoid(eta)) ? 1 : 0;
  }
  return { x, y, n, p };
}

describe('logistic regression', () => {
  it('recovers known coefficients from 20,000 rows', () => {
    const { x, y, n, p } = simulate(20_000, -1, [1.5, -0.7, 0.3]);
    const fit = fitLogistic({ x, rows: n, columns: p, y, l2: 0 });
    expect(fit.converged).toBe(true);
    expect(fit.intercept).toBeCloseTo(-1, 1);
    expect(fit.coefficients[0]).toBeCloseTo(1.5, 1);
    expect(fit.coefficients[1]).toBeCloseTo(-0.7, 1);
    expect(fit.coefficients[2]).toBeCloseTo(0.3, 1);
  });

  it('learns only the free part when the rest is a fixed offset', () => {
    const { x, y, n } = simulate(20_000, -1, [1.5, -0.7, 0.3]);
    const free = new Float64Array(n * 2);
    const offset = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      free[i * 2] = x[i * 3]!;
      free[i * 2 + 1] = x[i * 3 + 1]!;
      offset[i] = 0.3 * x[i * 3 + 2]!;
    }
    const fit = fitLogistic({ x: free, rows: n, columns: 2, y, offset, l2: 0 });
    expect(fit.coefficients[0]).toBeCloseTo(1.5, 1);
    expect(fit.coefficients[1]).toBeCloseTo(-0.7, 1);
  });

  it('shrinks coefficients towards 0 as the penalty grows', () => {
    const { x, y, n, p } = simulate(2_000, -1, [1.5, -0.7, 0.3]);
    const loose = fitLogistic({ x, rows: n, columns: p, y, l2: 0 });
    const tight = fitLogistic({ x, rows: n, columns: p, y, l2: 500 });
    for (let j = 0; j < p; j++) {
      expect(Math.abs(tight.coefficients[j]!)).toBeLessThan(Math.abs(loose.coefficients[j]!));
    }
  });

  it('stays finite when a column separates the outcomes perfectly', () => {
    const n = 200;
    const x = Float64Array.from({ length: n }, (_, i) => (i < 20 ? 1 : 0));
    const y = Uint8Array.from({ length: n }, (_, i) => (i < 20 ? 1 : 0));
    const fit = fitLogistic({ x, rows: n, columns: 1, y, l2: 1 });
    expect(Number.isFinite(fit.coefficients[0])).toBe(true);
    expect(fit.coefficients[0]).toBeGreaterThan(2);
  });

  it('gives 0 to a column that never varies', () => {
    const { x, y, n } = simulate(1_000, -1, [1.5]);
    const withConstant = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      withConstant[i * 2] = x[i]!;
      withConstant[i * 2 + 1] = 7;
    }
    const fit = fitLogistic({ x: withConstant, rows: n, columns: 2, y, l2: 0 });
    expect(fit.coefficients[1]).toBe(0);
    expect(fit.coefficients[0]).toBeGreaterThan(1);
  });
});
