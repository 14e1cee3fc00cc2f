import { beforeAll, describe, expect, it } from 'vitest';
import { calibrate, rocAuc, type Calibration } from '../../src/calibration/index.ts';
import { parseModel } from '../../src/model/index.ts';
import { compileModel, scoreContact } from '../../src/scoring/index.ts';
import {
  candidates,
  flatStartText,
  isOutcome,
  NOW,
  OUTCOME,
  spearman,
  trueModel,
  truePoints,
  SLOW_SETUP_MS,
} from './calibration-fixtures.ts';

/**
 * Calibration on synthetic candidates whose outcomes come from a known points model: starting
 * from a flat guess (every point +-10), the learnt points should find the true ones' order.
 */
describe('calibrating a flat guess on candidates drawn from the true model', () => {
  const startText = flatStartText();
  let result: Calibration;

  beforeAll(() => {
    result = calibrate({
      contacts: candidates(10_000, 11),
      outcome: OUTCOME,
      model: parseModel(startText),
      modelText: startText,
      modelSource: 'flat start',
      now: NOW,
      calibratedAt: NOW,
      // This suite measures how the model's own points are learnt; discovery.test.ts the rest.
      discovery: false,
    });
  }, SLOW_SETUP_MS);

  it('recovers the order of the true points', () => {
    const truth = truePoints();
    const learned = result.report.points.filter((p) => p.status === 'learned');
    expect(learned.length).toBeGreaterThan(25);
    const correlation = spearman(
      learned.map((p) => p.suggestedPoints),
      learned.map((p) => truth.get(p.key)!),
    );
    expect(correlation).toBeGreaterThan(0.9);
  });

  it('orders every pair whose true points differ by 8 or more the same way, nearly always', () => {
    const truth = truePoints();
    const learned = result.report.points.filter((p) => p.status === 'learned');
    let pairs = 0;
    let agreeing = 0;
    for (const a of learned) {
      for (const b of learned) {
        if (truth.get(a.key)! - truth.get(b.key)! < 8) continue;
        pairs++;
        if (a.suggestedPoints > b.suggestedPoints) agreeing++;
      }
    }
    expect(pairs).toBeGreaterThan(100);
    expect(agreeing / pairs).toBeGreaterThan(0.95);
  });

  it('finds that a job alert is worth more than a salary guide', () => {
    const points = new Map(result.report.points.map((p) => [p.key, p.suggestedPoints]));
    expect(points.get('latest-content/Job alert')!).toBeGreaterThan(
      points.get('latest-content/Salary guide')! + 10,
    );
  });

  it(
    'ranks a fresh sample nearly as well as the true model (held-out AUC within 0.01)',
    () => {
      const fresh = candidates(8_000, 99, 900_000);
      const outcomes = fresh.map(isOutcome);
      const aucOf = (model: typeof trueModel) => {
        const compiled = compileModel(model);
        return rocAuc(
          fresh.map((c) => scoreContact(compiled, c.properties, NOW).score),
          outcomes,
        );
      };
      const trueAuc = aucOf(trueModel);
      expect(aucOf(result.suggested.model)).toBeGreaterThan(trueAuc - 0.01);
      expect(aucOf(parseModel(startText))).toBeLessThan(trueAuc - 0.02);
    },
    SLOW_SETUP_MS,
  );

  it('beats the flat guess on the held-out candidates of the split', () => {
    const { current, suggested } = result.report.holdout;
    expect(suggested.auc).toBeGreaterThan(current.auc + 0.01);
    expect(suggested.prAuc).toBeGreaterThan(current.prAuc);
    expect(suggested.top10.lift).toBeGreaterThan(current.top10.lift);
  });

  it('keeps the points of a criterion nobody matches and says so', () => {
    const astronaut = result.report.points.find((p) => p.id === 'astronaut')!;
    expect(astronaut).toMatchObject({
      status: 'not supported by the data',
      currentPoints: 7,
      suggestedPoints: 7,
      matches: 0,
    });
    expect(result.report.notSupported).toContain('Works as an astronaut');
    expect(result.suggested.text).toMatch(
      /# Not supported by the data \(points kept\):.*astronaut/s,
    );
  });

  it('writes whole-number points and never a negative decayed touchpoint', () => {
    for (const p of result.report.points) expect(Number.isInteger(p.suggestedPoints)).toBe(true);
    for (const t of result.suggested.model.engagement.touchpoints) {
      if (!t.decay) continue;
      expect(t.points ?? 0).toBeGreaterThanOrEqual(0);
      for (const item of t.content ?? []) expect(item.points).toBeGreaterThanOrEqual(0);
    }
  });

  it('keeps the structure: the same ids, limits, decay and tiers', () => {
    const before = parseModel(startText);
    const after = result.suggested.model;
    const ids = (m: typeof before) => [
      ...m.fit.groups.flatMap((g) => g.criteria.map((c) => c.id)),
      ...m.engagement.touchpoints.map((t) => t.id),
    ];
    expect(ids(after)).toEqual(ids(before));
    expect(after.tiers).toEqual(before.tiers);
    expect(after.engagement.channels).toEqual(before.engagement.channels);
    expect(after.engagement.touchpoints.map((t) => t.decay)).toEqual(
      before.engagement.touchpoints.map((t) => t.decay),
    );
  });

  it('reports the calibration table and the lift by decile for all three models', () => {
    for (const evaluation of Object.values(result.report.holdout)) {
      expect(evaluation.calibration.length).toBeGreaterThanOrEqual(8);
      const candidatesInBands = evaluation.calibration.reduce((n, b) => n + b.candidates, 0);
      expect(candidatesInBands).toBe(result.report.split.holdout.candidates);
    }
    const bands = result.report.holdout.suggested.calibration;
    expect(bands[0]!.observedRate).toBeGreaterThan(bands[bands.length - 1]!.observedRate);
  });
});
