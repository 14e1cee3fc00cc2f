import { describe, expect, it } from 'vitest';
import {
  prAuc,
  rocAuc,
  scoreBands,
  topShare,
  wilsonInterval,
} from '../../src/calibration/metrics.ts';

const T = true;
const F = false;

describe('ROC-AUC', () => {
  it('counts the pairs where the candidate with the outcome scores higher (6 of 9)', () => {
    expect(rocAuc([0.9, 0.8, 0.7, 0.6, 0.55, 0.5], [T, F, T, F, T, F])).toBeCloseTo(6 / 9, 12);
  });

  it('counts a tie as half a pair', () => {
    expect(rocAuc([1, 1, 0], [T, F, F])).toBeCloseTo(0.75, 12);
  });

  it('is 1 for a perfect ranking and 0 for a reversed one', () => {
    expect(rocAuc([3, 2, 1], [T, F, F])).toBe(1);
    expect(rocAuc([1, 2, 3], [T, F, F])).toBe(0);
  });

  it('is undefined without both outcomes', () => {
    expect(rocAuc([1, 2], [T, T])).toBeNaN();
  });
});

describe('PR-AUC (average precision)', () => {
  it('averages the precision at each candidate with the outcome: (1 + 2/3 + 3/5) / 3', () => {
    expect(prAuc([0.9, 0.8, 0.7, 0.6, 0.55, 0.5], [T, F, T, F, T, F])).toBeCloseTo(
      (1 + 2 / 3 + 3 / 5) / 3,
      12,
    );
  });

  it('reaches a group of tied scores all at once', () => {
    // {2: T, F} precision 1/2 for half the recall, then {1: T} precision 2/3.
    expect(prAuc([2, 2, 1, 0], [T, F, T, F])).toBeCloseTo(0.5 * 0.5 + 0.5 * (2 / 3), 12);
  });
});

describe('lift and recall in a top share', () => {
  const scores = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
  const outcomes = [T, T, F, F, T, F, F, F, F, F];

  it('gives the outcome rate in the top 10% over the overall rate', () => {
    const top = topShare(scores, outcomes, 0.1);
    expect(top.lift).toBeCloseTo(1 / 0.3, 12);
    expect(top.recall).toBeCloseTo(1 / 3, 12);
  });

  it('gives the share of all outcomes found in the top 20%', () => {
    const top = topShare(scores, outcomes, 0.2);
    expect(top.recall).toBeCloseTo(2 / 3, 12);
    expect(top.lift).toBeCloseTo(1 / 0.3, 12);
  });

  it('counts a tie group crossing the cut in proportion to the places left', () => {
    // Top 10% of 10 = 1 place, taken from a group of 4 tied with 2 outcomes: half an outcome.
    const top = topShare([5, 5, 5, 5, 1, 1, 1, 1, 1, 1], [T, T, F, F, F, F, F, F, F, F], 0.1);
    expect(top.recall).toBeCloseTo(0.25, 12);
    expect(top.lift).toBeCloseTo(0.5 / 0.2, 12);
  });
});

describe('Wilson interval', () => {
  it('gives 0.237 to 0.763 for 5 of 10', () => {
    const { low, high } = wilsonInterval(5, 10);
    expect(low).toBeCloseTo(0.2366, 4);
    expect(high).toBeCloseTo(0.7634, 4);
  });

  it('stays above 0 for 0 of 10: up to 0.278', () => {
    const { low, high } = wilsonInterval(0, 10);
    expect(low).toBe(0);
    expect(high).toBeCloseTo(0.2775, 4);
  });

  it('narrows with more trials', () => {
    const small = wilsonInterval(20, 100);
    const large = wilsonInterval(200, 1000);
    expect(large.high - large.low).toBeLessThan(small.high - small.low);
  });
});

describe('score bands', () => {
  it('puts the highest scores in band 1 with observed and predicted rates', () => {
    const scores = [10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    const outcomes = [T, T, F, F, T, F, F, F, F, F];
    const predicted = scores.map((s) => s / 20);
    const bands = scoreBands(scores, predicted, outcomes, 5);
    expect(bands.map((b) => b.candidates)).toEqual([2, 2, 2, 2, 2]);
    expect(bands[0]).toMatchObject({ band: 1, scoreFrom: 9, scoreTo: 10, outcomes: 2 });
    expect(bands[0]!.observedRate).toBe(1);
    expect(bands[0]!.predictedRate).toBeCloseTo(0.475, 12);
    expect(bands[0]!.lift).toBeCloseTo(1 / 0.3, 12);
    expect(bands[4]!.observedRate).toBe(0);
  });

  it('keeps tied scores in one band', () => {
    const bands = scoreBands([3, 3, 3, 1], [0, 0, 0, 0], [T, F, F, F], 4);
    expect(bands[0]!.candidates).toBe(3);
    expect(bands.reduce((n, b) => n + b.candidates, 0)).toBe(4);
  });
});
