import { describe, expect, it } from 'vitest';
import { fitPoints } from '../../src/calibration/fit-points.ts';
import { sigmoid } from '../../src/calibration/logistic-regression.ts';
import type { ModelFeature } from '../../src/calibration/model-features.ts';
import { seededRandom } from '../../src/calibration/random.ts';

const feature = (id: string, kind: ModelFeature['kind'], currentPoints: number): ModelFeature => ({
  key: id,
  kind,
  id,
  label: id,
  path: ['engagement', 'touchpoints', 0, 'points'],
  currentPoints,
  properties: [id],
  nonNegative: kind !== 'criterion',
  knockout: false,
});

/**
 * 3,000 candidates who all visited the site (1 to 20 page views, log2 exposure as the engine
 * gives it), who all live in the region (a criterion everyone matches), and half of whom are
 * developers. More page views and being a developer raise the chance.
 */
function candidates(views: (i: number) => number) {
  const random = seededRandom(7);
  const n = 3_000;
  const features = [
    feature('page-views', 'touchpoint', 3),
    feature('in-region', 'criterion', 10),
    feature('developer', 'criterion', 10),
    feature('newsletter', 'touchpoint', 5),
  ];
  const p = features.length;
  const x = new Float64Array(n * p);
  const outcomes: boolean[] = [];
  const scores: number[] = [];
  for (let i = 0; i < n; i++) {
    const exposure = Math.log2(1 + views(i));
    const developer = random.chance(0.5) ? 1 : 0;
    x.set([exposure, 1, developer, 1], i * p);
    outcomes.push(random.chance(sigmoid(-3 + 0.8 * exposure + 1 * developer)));
    scores.push(3 * exposure + 10 + 10 * developer + 5);
  }
  return { features, x, outcomes, scores };
}

describe('fitting points: support', () => {
  it('learns a count every candidate has from its quantity', () => {
    const random = seededRandom(11);
    const views = Array.from({ length: 3_000 }, () => 1 + Math.floor(random.next() * 20));
    const data = candidates((i) => views[i]!);
    const fit = fitPoints(data.features, data.x, data.outcomes, data.scores, { l2: 1 });
    const pageViews = fit.features.find((f) => f.id === 'page-views')!;
    expect(pageViews.matches).toBe(3_000);
    expect(pageViews.status).toBe('learned');
    expect(pageViews.note).toMatch(/quantity/);
    expect(pageViews.suggestedPoints).toBeGreaterThan(0);
    // 0.8 log-odds per doubling against 1 for a developer: the count earns most of a criterion.
    const developer = fit.features.find((f) => f.id === 'developer')!;
    expect(pageViews.suggestedPoints / developer.suggestedPoints).toBeGreaterThan(0.5);
    expect(pageViews.suggestedPoints / developer.suggestedPoints).toBeLessThan(1.2);
  });

  it('keeps the points of what every candidate has in the same quantity, and says why', () => {
    const data = candidates((i) => 1 + (i % 20));
    const fit = fitPoints(data.features, data.x, data.outcomes, data.scores, { l2: 1 });
    for (const id of ['in-region', 'newsletter']) {
      const kept = fit.features.find((f) => f.id === id)!;
      expect(kept.status).toBe('not supported by the data');
      expect(kept.suggestedPoints).toBe(kept.currentPoints);
      expect(kept.note).toMatch(/all 3000 candidates have it in the same quantity/);
    }
  });

  it('refuses a count that only a handful of candidates have more of', () => {
    // Everyone has one page view except 20 candidates with two: too few to tell more from less.
    const data = candidates((i) => (i < 20 ? 2 : 1));
    const fit = fitPoints(data.features, data.x, data.outcomes, data.scores, { l2: 1 });
    expect(fit.features.find((f) => f.id === 'page-views')!.status).toBe(
      'not supported by the data',
    );
  });
});
