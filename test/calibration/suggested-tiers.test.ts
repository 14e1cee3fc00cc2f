import { describe, expect, it } from 'vitest';
import { suggestTierThresholds, tierSuggestion } from '../../src/calibration/suggested-tiers.ts';
import { parseModel } from '../../src/model/index.ts';
import { flatStartText } from './calibration-fixtures.ts';

const model = parseModel(flatStartText(), 'flat start');
/** Scores 1..100 once each, and ten knocked-out candidates with the highest scores of all. */
const scored = [
  ...Array.from({ length: 100 }, (_, i) => ({ score: i + 1, tier: 'cold' })),
  ...Array.from({ length: 10 }, () => ({ score: 500, tier: 'disqualified' })),
];

describe('tier thresholds from the data', () => {
  it('starts hot at the top 10% and warm at the top 30%, knocked-out candidates left out', () => {
    expect(model.tiers.map((t) => t.minScore)).toEqual([
      expect.any(Number),
      expect.any(Number),
      undefined,
    ]);
    expect(suggestTierThresholds(model, scored, 'disqualified').minScores).toEqual([
      91,
      71,
      undefined,
    ]);
  });

  it('keeps thresholds falling from tier to tier when scores tie', () => {
    const tied = Array.from({ length: 50 }, () => ({ score: 12, tier: 'cold' }));
    expect(suggestTierThresholds(model, tied, 'disqualified').minScores).toEqual([
      12,
      11,
      undefined,
    ]);
  });

  it('reports each tier share before and after, and the outcome rate after', () => {
    const before = scored.map((s) => ({ ...s, tier: s.tier === 'disqualified' ? s.tier : 'warm' }));
    const outcomes = scored.map((s) => s.score > 90 && s.score <= 100);
    const suggestion = tierSuggestion(
      model,
      [91, 71, undefined],
      before,
      scored,
      outcomes,
      'disqualified',
      true,
      { kind: 'top-shares', hot: 'hot', next: 'warm', hotPercent: 10, nextPercent: 20 },
    );
    const hot = suggestion.tiers.find((t) => t.name === 'hot')!;
    expect(hot).toMatchObject({
      suggestedMinScore: 91,
      shareBefore: 0,
      shareAfter: 10 / 110,
      outcomeRateAfter: 1,
    });
    expect(suggestion.tiers.find((t) => t.name === 'warm')).toMatchObject({
      shareBefore: 100 / 110,
      shareAfter: 20 / 110,
      outcomeRateAfter: 0,
    });
    expect(suggestion.tiers.find((t) => t.name === 'disqualified')).toMatchObject({
      shareBefore: 10 / 110,
      shareAfter: 10 / 110,
    });
  });
});

describe('tier thresholds from a target outcome rate', () => {
  /** Scores 1..100; the candidates scoring 81 or more applied 3 times in 4, the rest never. */
  const outcomes = scored.map((s, i) => s.tier !== 'disqualified' && s.score > 80 && i % 4 !== 0);

  it('starts hot at the lowest score where the candidates above still reach the rate', () => {
    const tiers = suggestTierThresholds(model, scored, 'disqualified', {
      hotRate: 0.7,
      outcomes,
    });
    // Top 20 (81..100): 15 of 20 applied, 75%; one more (80) drops it to 15 of 21, 71%; two
    // more 15 of 22 (68%). The cut at 80 is the largest group reaching 70%.
    expect(tiers.minScores).toEqual([80, 60, undefined]);
    expect(tiers.basis).toContain('outcome rate of 70%');
    expect(tiers.basis).toContain('top 21.0%');
  });

  it('falls back to the top 10% when no group reaches the rate, and says so', () => {
    // Only the lowest scorer applied: every top group's rate stays under 1%.
    const lowestOnly = scored.map((s) => s.score === 1);
    const tiers = suggestTierThresholds(model, scored, 'disqualified', {
      hotRate: 0.5,
      outcomes: lowestOnly,
    });
    expect(tiers.minScores).toEqual([91, 71, undefined]);
    expect(tiers.basis).toMatch(/^no group of learning candidates reaches an outcome rate of 50%/);
  });

  it('keeps tied scores in one tier when cutting', () => {
    const tied = [
      ...Array.from({ length: 40 }, () => ({ score: 50, tier: 'cold' })),
      ...Array.from({ length: 60 }, (_, i) => ({ score: i, tier: 'cold' })),
    ];
    const applied = tied.map((s, i) => s.score === 50 && i % 2 === 0);
    const tiers = suggestTierThresholds(model, tied, 'disqualified', {
      hotRate: 0.5,
      outcomes: applied,
    });
    expect(tiers.minScores[0]).toBe(50);
  });
});
