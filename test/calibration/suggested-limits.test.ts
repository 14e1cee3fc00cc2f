import { parseDocument } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { calibrate, reportHtml, type Calibration } from '../../src/calibration/index.ts';
import { checkLimits, CUT_SHARE } from '../../src/calibration/suggested-limits.ts';
import { writeSuggestedModel } from '../../src/calibration/suggested-model.ts';
import { parseModel } from '../../src/model/index.ts';
import { compileModel, scoreContact } from '../../src/scoring/index.ts';
import { MINIMAL_MODEL_HEAD } from '../helpers/scoring-fixtures.ts';
import { candidates, flatStartText, NOW, OUTCOME, SLOW_SETUP_MS } from './calibration-fixtures.ts';

const modelText = `${MINIMAL_MODEL_HEAD}
fit:
  groups:
    - id: skills
      label: Skills
      min: -30
      max: 12
      criteria:
        - { id: java, label: Java, property: jobtitle, when: { keywords: [java] }, points: 8 }
        - { id: senior, label: Senior, property: jobtitle, when: { keywords: [senior] }, points: 8 }
engagement:
  channels:
    web: { label: Website, max: 5 }
  touchpoints:
    - { id: page-views, label: Page views, channel: web, count: hs_analytics_num_page_views, points: 2 }
`;

/** 200 candidates: 0 to 9 page views (2 points each), every fourth a senior Java developer. */
const contacts = Array.from({ length: 200 }, (_, i) => ({
  properties: {
    hs_analytics_num_page_views: String(i % 10),
    jobtitle: i % 4 === 0 ? 'Senior Java developer' : i % 4 === 1 ? 'Java developer' : 'Tester',
  },
}));

describe('limits checked against the learnt points', () => {
  const checks = checkLimits(parseModel(modelText), contacts, NOW);
  const check = (kind: string) => checks.find((c) => c.kind === kind)!;

  it('counts the candidates a channel cap cuts and moves it out to the top 1%', () => {
    // 3 or more views (7 in 10 candidates) earn over 5 points; the most anyone earns is 18.
    expect(check('channel cap')).toMatchObject({
      id: 'web',
      currentLimit: 5,
      cutByCurrent: 140,
      suggestedLimit: 18,
      cutBySuggested: 0,
      candidates: 200,
      moved: true,
    });
  });

  it('moves a group maximum that cuts a quarter of the candidates, keeps a minimum that cuts none', () => {
    expect(check('group max')).toMatchObject({
      currentLimit: 12,
      cutByCurrent: 50,
      suggestedLimit: 16,
      moved: true,
    });
    expect(check('group min')).toMatchObject({
      currentLimit: -30,
      cutByCurrent: 0,
      suggestedLimit: -30,
      moved: false,
    });
  });

  it('keeps a limit that cuts no more than 1% of the candidates', () => {
    // Only candidate 9 of 200 (0.5%) has a ninth page view over a cap of 16.
    const text = modelText.replace('max: 5 }', 'max: 16 }');
    const few = contacts.map((c, i) => ({
      properties: { ...c.properties, hs_analytics_num_page_views: i === 9 ? '9' : String(i % 9) },
    }));
    const web = checkLimits(parseModel(text), few, NOW).find((c) => c.kind === 'channel cap')!;
    expect(web.cutByCurrent).toBe(1);
    expect(web.cutByCurrent).toBeLessThanOrEqual(CUT_SHARE * 200);
    expect(web.moved).toBe(false);
  });

  it('writes the moved limits in place in the model file', () => {
    const suggested = writeSuggestedModel({
      sourceText: modelText,
      sourceName: 'test',
      features: [],
      limits: checks,
      header: ['test'],
    });
    expect(suggested.text).toContain('web: { label: Website, max: 18 }');
    expect(suggested.text).toContain('min: -30\n      max: 16\n');
    expect(suggested.model.engagement.channels.web?.max).toBe(18);
  });
});

describe('calibrating a model whose web cap is far too tight for the learnt points', () => {
  const document = parseDocument(flatStartText());
  document.setIn(['engagement', 'channels', 'web', 'max'], 3);
  const startText = document.toString();
  const learning = candidates(4_000, 21);
  let result: Calibration;

  beforeAll(() => {
    result = calibrate({
      contacts: learning,
      outcome: OUTCOME,
      model: parseModel(startText),
      modelText: startText,
      modelSource: 'tight web cap',
      now: NOW,
      calibratedAt: NOW,
    });
  }, SLOW_SETUP_MS);

  it('raises the cap, reports how many it would have cut, and says so in the header', () => {
    const web = result.report.limits.find((l) => l.kind === 'channel cap' && l.id === 'web')!;
    expect(web.moved).toBe(true);
    expect(web.cutByCurrent / web.candidates).toBeGreaterThan(0.2);
    expect(web.cutBySuggested / web.candidates).toBeLessThanOrEqual(CUT_SHARE);
    expect(result.suggested.model.engagement.channels.web?.max).toBe(web.suggestedLimit);
    expect(result.report.warnings.some((w) => w.includes('Website: channel cap 3 ->'))).toBe(true);
    expect(reportHtml(result.report)).toMatch(
      /Limits and caps[\s\S]*<td>Website<\/td><td>channel cap<\/td><td>3<\/td><td><b>\d+<\/b>/,
    );
    expect(result.suggested.text.replace(/\n# /g, ' ')).toMatch(
      /Website: channel cap 3 -> \d+ \(cut \d+ of 2800/,
    );
  });

  it('cuts few fresh candidates with the suggested model, where the old cap would cut many', () => {
    const fresh = candidates(2_000, 22, 700_000);
    const suggested = compileModel(result.suggested.model);
    const withOldCap = structuredClone(result.suggested.model);
    withOldCap.engagement.channels.web!.max = 3;
    const cutShare = (model: ReturnType<typeof compileModel>) =>
      fresh.filter((c) =>
        scoreContact(model, c.properties, NOW).breakdown.some((e) => e.id === 'web-cap'),
      ).length / fresh.length;
    expect(cutShare(suggested)).toBeLessThan(0.03);
    expect(cutShare(compileModel(withOldCap))).toBeGreaterThan(0.2);
  });
});
