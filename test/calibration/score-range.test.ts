import { describe, expect, it } from 'vitest';
import { checkScoreRange, describeScoreRange } from '../../src/calibration/suggested-limits.ts';
import { writeSuggestedModel } from '../../src/calibration/suggested-model.ts';
import { parseModel } from '../../src/model/index.ts';
import { compileModel, scoreContact } from '../../src/scoring/index.ts';
import { calibrate } from '../../src/calibration/index.ts';
import { candidates, flatStartText, NOW, OUTCOME, SLOW_SETUP_MS } from './calibration-fixtures.ts';

/** A 0..100 range over learnt points that go negative: "Tester" -12, "Senior" +8, views 2 each. */
const modelText = (range: string) => `
version: 1
name: Test
score: ${range}
tiers:
  - { name: hot, minScore: 50 }
  - { name: cold }
fit:
  groups:
    - id: skills
      label: Skills
      criteria:
        - { id: tester, label: Tester, property: jobtitle, when: { keywords: [tester] }, points: -12 }
        - { id: senior, label: Senior, property: jobtitle, when: { keywords: [senior] }, points: 8 }
engagement:
  touchpoints:
    - { id: page-views, label: Page views, channel: web, count: hs_analytics_num_page_views, points: 2 }
`;

/** 200 candidates: 0 to 9 page views (even rows even views), testers on even rows, seniors on every fourth. */
const contacts = Array.from({ length: 200 }, (_, i) => ({
  properties: {
    hs_analytics_num_page_views: String(i % 10),
    jobtitle: i % 2 === 0 ? 'Tester' : i % 4 === 1 ? 'Senior developer' : 'Developer',
  },
}));

describe('the score range checked against the learnt points', () => {
  it('moves a floor that ties many candidates at it out to the lowest 1%, whole points', () => {
    const check = checkScoreRange(parseModel(modelText('{ min: 0, max: 100 }')), contacts, NOW);
    // Testers score -12 + 2 x views: below 0 with 0 to 5 views, 60 of the 200.
    expect(check.cutByCurrent).toEqual({ below: 60, above: 0 });
    // The 3rd lowest of 200 (1% = 2 may be cut) is a tester without views: -12.
    expect(check.suggested).toEqual({ min: -12, max: 100 });
    expect(check.cutBySuggested).toEqual({ below: 0, above: 0 });
    expect(check.moved).toBe(true);
    expect(describeScoreRange(check)).toBe(
      'score range 0..100 -> -12..100 (it clipped 60 of 200 learning candidates, 30.0%, with the learnt points; now 0)',
    );
  });

  it('moves a ceiling that cuts many, and keeps a range that cuts at most 1%', () => {
    const high = checkScoreRange(parseModel(modelText('{ min: -100, max: 10 }')), contacts, NOW);
    // Odd rows have odd views: seniors (8 + 2 x views, up to 26) above 10 with 3 or more, 40 of
    // them; developers (2 x views) with 7 or 9, 20.
    expect(high.cutByCurrent.above).toBe(60);
    expect(high.suggested).toEqual({ min: -100, max: 26 });
    const wide = checkScoreRange(parseModel(modelText('{ min: -100, max: 100 }')), contacts, NOW);
    expect(wide.moved).toBe(false);
    expect(wide.suggested).toEqual({ min: -100, max: 100 });
  });

  it('writes the moved range into the model file, and the engine then ranks who the floor tied', () => {
    const text = modelText('{ min: 0, max: 100 }');
    const model = parseModel(text);
    const check = checkScoreRange(model, contacts, NOW);
    const written = writeSuggestedModel({
      sourceText: text,
      sourceName: 'test',
      features: [],
      scoreRange: check,
      header: [],
    });
    expect(written.text).toContain('score: { min: -12, max: 100 }');
    expect(written.model.score).toEqual({ min: -12, max: 100 });
    const score = (model: ReturnType<typeof parseModel>, views: string) =>
      scoreContact(
        compileModel(model),
        { jobtitle: 'Tester', hs_analytics_num_page_views: views },
        NOW,
      ).score;
    // Two testers with 1 and 4 views: tied at 0 before, apart after.
    expect(score(model, '1')).toBe(score(model, '4'));
    expect(score(written.model, '1')).toBeLessThan(score(written.model, '4'));
    // Not moved: the file is left as it was.
    const kept = writeSuggestedModel({
      sourceText: text,
      sourceName: 'test',
      features: [],
      scoreRange: { ...check, moved: false },
      header: [],
    });
    expect(kept.text).toContain('score: { min: 0, max: 100 }');
  });
});

describe('calibration moves a score range that clips many learning candidates', () => {
  it(
    'writes the moved range into the suggested model, reports it and says so in the header',
    () => {
      // The flat start with a 0..10 range: learnt points put most candidates outside it.
      const text = flatStartText().replace(
        'score: { min: -100, max: 100 }',
        'score: { min: 0, max: 10 }',
      );
      expect(text).toContain('score: { min: 0, max: 10 }');
      const model = parseModel(text, 'narrow');
      const calibration = calibrate({
        contacts: candidates(2000, 3),
        outcome: { property: OUTCOME.property, values: [...OUTCOME.values] },
        model,
        modelText: text,
        modelSource: 'narrow',
        now: NOW,
        calibratedAt: NOW,
        seed: 3,
        discovery: false,
      });
      const range = calibration.report.scoreRange;
      expect(range.current).toEqual({ min: 0, max: 10 });
      expect(range.moved).toBe(true);
      const cut = (c: { below: number; above: number }) => c.below + c.above;
      expect(cut(range.cutByCurrent)).toBeGreaterThan(0.1 * range.candidates);
      expect(cut(range.cutBySuggested)).toBeLessThanOrEqual(2 * 0.01 * range.candidates);
      expect(calibration.suggested.model.score).toEqual(range.suggested);
      expect(calibration.suggested.text).toMatch(/# The score range would tie many candidates/);
      // A range that clips nobody (-1000..1000) is not moved, and the file keeps it.
      const wideText = flatStartText().replace(
        'score: { min: -100, max: 100 }',
        'score: { min: -1000, max: 1000 }',
      );
      const wide = calibrate({
        contacts: candidates(2000, 3),
        outcome: { property: OUTCOME.property, values: [...OUTCOME.values] },
        model: parseModel(wideText, 'wide'),
        modelText: wideText,
        modelSource: 'wide',
        now: NOW,
        calibratedAt: NOW,
        seed: 3,
        discovery: false,
      });
      expect(wide.report.scoreRange.moved).toBe(false);
      expect(wide.suggested.model.score).toEqual({ min: -1000, max: 1000 });
      expect(wide.suggested.text).not.toMatch(/score range/);
    },
    SLOW_SETUP_MS,
  );
});
