import { describe, expect, it } from 'vitest';
import { stratifiedSplit, timeSplit } from '../../src/calibration/data-split.ts';

const outcomes = Array.from({ length: 1000 }, (_, i) => i % 10 === 0);

describe('stratified split', () => {
  it('holds out 30% of the candidates with and without the outcome', () => {
    const split = stratifiedSplit(outcomes, 1);
    expect(split.holdout.length).toBe(300);
    expect(split.holdout.filter((i) => outcomes[i]).length).toBe(30);
    expect(new Set([...split.training, ...split.holdout]).size).toBe(1000);
  });

  it('is the same for the same seed and different for another', () => {
    expect(stratifiedSplit(outcomes, 7).holdout).toEqual(stratifiedSplit(outcomes, 7).holdout);
    expect(stratifiedSplit(outcomes, 7).holdout).not.toEqual(stratifiedSplit(outcomes, 8).holdout);
  });

  it('refuses a split without outcomes on one side', () => {
    const one = Array.from({ length: 100 }, (_, i) => i === 0);
    expect(() => stratifiedSplit(one, 1)).toThrow(
      /held-out part .* has no candidate with the outcome/,
    );
  });
});

describe('time split', () => {
  const day = 86_400_000;
  const contacts = outcomes.map((_, i) => ({
    properties: {
      createdate: i === 5 ? null : new Date(Date.UTC(2026, 0, 1) + i * day).toISOString(),
    },
  }));

  it('holds out the newest 30% and learns from the older ones', () => {
    const split = timeSplit(contacts, outcomes, 'createdate');
    expect(split.kind).toBe('time');
    const newestLearnt = Math.max(...split.training.filter((i) => i !== 5));
    expect(Math.min(...split.holdout)).toBeGreaterThan(newestLearnt);
    expect(split.holdout.length).toBe(300);
    expect(split.holdoutFrom).toBe(new Date(Date.UTC(2026, 0, 1) + 700 * day).toISOString());
  });

  it('learns from candidates without a date but never holds them out', () => {
    const split = timeSplit(contacts, outcomes, 'createdate');
    expect(split.withoutTime).toBe(1);
    expect(split.training).toContain(5);
    expect(split.holdout).not.toContain(5);
  });

  it('refuses a time property that hardly any candidate has', () => {
    expect(() => timeSplit(contacts, outcomes, 'hs_lead_status_date')).toThrow(
      /only 0 candidates have a readable date/,
    );
  });
});
