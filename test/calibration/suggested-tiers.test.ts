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
    expect(suggestTierThresholds(model, scored, 'disqualified')).toEqual([91, 71, undefined]);
  });

  it('keeps thresholds falling from tier to tier when scores tie', () => {
    const tied = Array.from({ length: 50 }, () => ({ score: 12, tier: 'cold' }));
    expect(suggestTierThresholds(model, tied, 'disqualified')).toEqual([12, 11, undefined]);
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
