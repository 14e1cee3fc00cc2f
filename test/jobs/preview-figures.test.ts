import { describe, expect, it } from 'vitest';
import { BIGGEST_MOVES, previewFigures, scoreBands } from '../../src/jobs/preview-figures.ts';

const TIERS = ['hot', 'warm', 'cold'];

describe('the preview figures', () => {
  it('bands every score of both models in ten round-width bands', () => {
    const bands = scoreBands([-12, 0, 37, 88]);
    expect(bands[0]).toEqual({ from: -20, to: -10 });
    expect(bands.at(-1)).toEqual({ from: 80, to: 90 });
    expect(bands.every((band) => band.to - band.from === 10)).toBe(true);
    expect(scoreBands([5, 5])).toEqual([{ from: 5, to: 6 }]);
    expect(scoreBands([])).toEqual([]);
  });

  it('counts tier shares, tier moves in tier order and the biggest moves first', () => {
    const figures = previewFigures(
      [
        {
          contactId: '1',
          name: 'Sanne de Vries',
          before: { score: 10, tier: 'cold' },
          after: { score: 50, tier: 'warm' },
        },
        { contactId: '2', before: { score: 60, tier: 'warm' }, after: { score: 80, tier: 'hot' } },
        { contactId: '3', before: { score: 30, tier: 'cold' }, after: { score: 30, tier: 'cold' } },
        { contactId: '4', before: { score: 20, tier: 'cold' }, after: { score: 46, tier: 'warm' } },
      ],
      TIERS,
    );
    expect(figures.tierMoves).toEqual([
      { from: 'warm', to: 'hot', count: 1 },
      { from: 'cold', to: 'warm', count: 2 },
    ]);
    expect(figures.draft.tierShares).toEqual({ warm: 0.5, hot: 0.25, cold: 0.25 });
    expect(figures.published?.tierShares).toEqual({ cold: 0.75, warm: 0.25 });
    expect(figures.draft.median).toBe(48);
    expect(figures.published?.mean).toBe(30);
    expect(figures.biggestMoves.map((m) => m.contactId)).toEqual(['1', '4', '2']);
    expect(figures.biggestMoves[0]!.name).toBe('Sanne de Vries');
  });

  it('has no published side when nothing scored the account before, and keeps at most 20 moves', () => {
    const alone = previewFigures([{ contactId: '1', after: { score: 5, tier: 'cold' } }], TIERS);
    expect(alone.published).toBeUndefined();
    expect(alone.tierMoves).toEqual([{ from: '(unscored)', to: 'cold', count: 1 }]);
    const many = previewFigures(
      Array.from({ length: 50 }, (_, i) => ({
        contactId: String(i),
        before: { score: 0, tier: 'cold' },
        after: { score: i + 1, tier: 'cold' },
      })),
      TIERS,
    );
    expect(many.biggestMoves).toHaveLength(BIGGEST_MOVES);
    expect(many.biggestMoves[0]!.after.score).toBe(50);
  });
});
