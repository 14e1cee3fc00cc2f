import { describe, expect, it } from 'vitest';
import { selectCriteria } from '../../src/calibration/criteria-selection.ts';
import { seededRandom } from '../../src/calibration/random.ts';

/** n rows, one fixed noise column; the outcome depends on a hidden 0/1 signal only. */
function design(n: number, seed: number) {
  const random = seededRandom(seed);
  const z = new Float64Array(n);
  const signal = new Uint8Array(n);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    z[i] = random.chance(0.5) ? 1 : 0;
    signal[i] = random.chance(0.4) ? 1 : 0;
    y[i] = random.chance(signal[i] ? 0.5 : 0.15) ? 1 : 0;
  }
  return { z, rows: n, columns: 1, y, offset: new Float64Array(n), signal, random };
}

describe('the selection with candidates screened per fold', () => {
  it('screens on each fold’s held-in rows only, then once on all rows for the final path', () => {
    const { signal, random, ...input } = design(1500, 3);
    const seen: number[][] = [];
    const selection = selectCriteria({
      ...input,
      maxCriteria: 2,
      seed: 1,
      screen: (rows) => {
        seen.push([...rows]);
        return { z: Float64Array.from(signal), columns: 1 };
      },
    });
    // Three folds, then the final path: held-in sets are disjoint in what they leave out.
    expect(seen).toHaveLength(4);
    const left = seen.slice(0, 3).map((rows) => 1500 - rows.length);
    expect(left.reduce((a, b) => a + b, 0)).toBe(1500);
    expect(seen[3]).toHaveLength(1500);
    // The planted column is a screened one: index columns + 0, and it is returned.
    expect(selection.chosen).toContain(1);
    expect(selection.screened?.columns).toBe(1);
    void random;
  });

  it('sees through a screen that fits the held-in outcomes: what it finds there is noise elsewhere', () => {
    const { signal, random, ...input } = design(3000, 5);
    // A column equal to the outcome on the rows it is screened on, random on the others: on
    // all rows together it would look perfect; each fold's held-out part shows it is not.
    const leaky = (rows: readonly number[]) => {
      const z = Float64Array.from({ length: input.rows }, () => (random.chance(0.3) ? 1 : 0));
      for (const i of rows) z[i] = input.y[i]!;
      return { z, columns: 1 };
    };
    const selection = selectCriteria({ ...input, maxCriteria: 3, seed: 2, screen: leaky });
    expect(selection.chosen.filter((c) => c >= input.columns)).toEqual([]);
    // The held-out loss does not fall with the leaky column in (length 1 is no better).
    expect(selection.heldOutLoss[1] ?? Infinity).toBeGreaterThan(selection.heldOutLoss[0]! - 1e-6);
    void signal;
  });
});
