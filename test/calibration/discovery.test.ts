import { beforeAll, describe, expect, it } from 'vitest';
import { calibrate, type Calibration } from '../../src/calibration/index.ts';
import { seededRandom } from '../../src/calibration/random.ts';
import { parseModel } from '../../src/model/index.ts';
import { candidates, flatStartText, isOutcome, NOW, OUTCOME } from './calibration-fixtures.ts';

/**
 * Candidates from the true model with planted extras: a specialization that is mostly missing
 * for those who never apply (a real signal the model lacks), a protected attribute and two
 * leaky fields that predict the outcome even more strongly (never to be proposed).
 */
function plantedCandidates(count: number, seed: number) {
  const random = seededRandom(seed + 100);
  return candidates(count, seed).map((candidate) => {
    const applied = isOutcome(candidate);
    const properties = { ...candidate.properties };
    properties.specialization = random.chance(applied ? 0.1 : 0.5)
      ? null
      : random.pick(['Backend', 'Frontend', 'Data']);
    properties.gender = random.chance(applied ? 0.95 : 0.2) ? 'female' : 'male';
    properties.interview_date = applied ? '2026-11-20T10:00:00Z' : null;
    properties.recruitment_score = applied ? '80' : '20';
    return { ...candidate, properties };
  });
}

const modelText = flatStartText();
const model = parseModel(modelText, 'flat start');
const run = (discovery?: { maxCriteria?: number } | false): Calibration =>
  calibrate({
    contacts: plantedCandidates(4000, 3),
    outcome: { property: OUTCOME.property, values: [...OUTCOME.values] },
    model,
    modelText,
    modelSource: 'flat start',
    now: NOW,
    calibratedAt: NOW,
    seed: 3,
    exclude: ['interview_date'],
    discovery,
  });

describe('calibration discovers criteria the data supports', () => {
  let withDiscovery: Calibration;
  let without: Calibration;
  beforeAll(() => {
    withDiscovery = run();
    without = run(false);
  });

  it('finds a planted "specialization not given" and gives it negative points', () => {
    const found = withDiscovery.report.discovery.proposed.find(
      (p) => p.property === 'specialization' && p.kind === 'unknown',
    );
    expect(found).toMatchObject({
      label: 'Specialization not given',
      labelNl: 'Specialization niet ingevuld',
      when: { known: false },
    });
    expect(found!.points).toBeLessThan(-5);
    // Its outcome rate is the planted one: far below the rate of everyone.
    const { learning } = withDiscovery.report.split;
    expect(found!.outcomeRate).toBeLessThan((learning.withOutcome / learning.candidates) * 0.5);
    expect(found!.matches).toBeGreaterThan(500);
  });

  it('never proposes a protected attribute, a leaky field or an app output', () => {
    const properties = withDiscovery.report.discovery.proposed.map((p) => p.property);
    expect(properties).not.toContain('gender');
    expect(properties).not.toContain('interview_date');
    expect(properties).not.toContain('recruitment_score');
    expect(properties).not.toContain('hs_lead_status');
    expect(properties).not.toContain('lifecyclestage');
    expect(withDiscovery.suggested.text).not.toMatch(/property: (gender|interview_date)\b/);
  });

  it('stays within the limit the admin sets', () => {
    const limited = run({ maxCriteria: 1 });
    expect(limited.report.discovery.proposed).toHaveLength(1);
    expect(limited.report.discovery.maxCriteria).toBe(1);
  });

  it('writes a valid model: the current structure plus a "Discovered" group, with Dutch labels', () => {
    const suggested = parseModel(withDiscovery.suggested.text, 'suggested');
    const groups = suggested.fit.groups;
    expect(groups.map((g) => g.id)).toEqual([...model.fit.groups.map((g) => g.id), 'discovered']);
    const discovered = groups.at(-1)!;
    expect(discovered.label).toBe('Discovered');
    expect(discovered.criteria.map((c) => c.id)).toEqual(
      withDiscovery.report.discovery.proposed.map((p) => p.id),
    );
    expect(discovered.criteria.map((c) => c.points)).toEqual(
      withDiscovery.report.discovery.proposed.map((p) => p.points),
    );
    for (const p of withDiscovery.report.discovery.proposed) {
      expect(suggested.translations?.nl?.[p.id]).toBe(p.labelNl);
    }
    expect(suggested.engagement.touchpoints.map((t) => t.id)).toEqual(
      model.engagement.touchpoints.map((t) => t.id),
    );
    // Tiers keep their names; their thresholds are the ones the report suggests.
    expect(suggested.tiers.map((t) => t.name)).toEqual(model.tiers.map((t) => t.name));
    expect(suggested.tiers.map((t) => t.minScore ?? null)).toEqual(
      withDiscovery.report.tiers.tiers.slice(0, model.tiers.length).map((t) => t.suggestedMinScore),
    );
  });

  it('suggests tier thresholds that put about 10% of the learning candidates in hot, 20% in warm', () => {
    const { tiers } = withDiscovery.report;
    const share = (name: string) => tiers.tiers.find((t) => t.name === name)!.shareAfter;
    const scored = 1 - share('disqualified');
    expect(share('hot') / scored).toBeGreaterThan(0.07);
    expect(share('hot') / scored).toBeLessThanOrEqual(0.1);
    expect((share('hot') + share('warm')) / scored).toBeGreaterThan(0.25);
    expect((share('hot') + share('warm')) / scored).toBeLessThanOrEqual(0.3);
    // Hot holds a higher outcome rate than warm, warm than cold.
    const rate = (name: string) => tiers.tiers.find((t) => t.name === name)!.outcomeRateAfter;
    expect(rate('hot')).toBeGreaterThan(rate('warm'));
    expect(rate('warm')).toBeGreaterThan(rate('cold'));
    // The shares before are the current model's own.
    const before = tiers.tiers.reduce((sum, t) => sum + t.shareBefore, 0);
    expect(before).toBeCloseTo(1, 9);
    expect(tiers.written).toBe(true);
    expect(without.report.tiers.written).toBe(false);
    expect(parseModel(without.suggested.text, 'x').tiers).toEqual(model.tiers);
  });

  it('calibrates its own suggestion again: new proposals in "Discovered (2)", none repeated', () => {
    const again = calibrate({
      contacts: plantedCandidates(4000, 3),
      outcome: { property: OUTCOME.property, values: [...OUTCOME.values] },
      model: parseModel(withDiscovery.suggested.text, 'suggested'),
      modelText: withDiscovery.suggested.text,
      modelSource: 'suggested',
      now: NOW,
      calibratedAt: NOW,
      seed: 3,
      exclude: ['interview_date'],
    });
    const groups = parseModel(again.suggested.text, 'again').fit.groups;
    const ids = groups.flatMap((g) => g.criteria.map((c) => c.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(groups.filter((g) => g.id === 'discovered')).toHaveLength(1);
    expect(again.report.discovery.proposed.map((p) => p.label)).not.toContain(
      'Specialization not given',
    );
    if (again.report.discovery.proposed.length > 0) {
      expect(groups.at(-1)).toMatchObject({ id: 'discovered-2', label: 'Discovered (2)' });
    }
  });

  it('ranks the held-out candidates better than the same calibration without discovery', () => {
    expect(withDiscovery.report.holdout.suggested.auc).toBeGreaterThan(
      without.report.holdout.suggested.auc + 0.01,
    );
  });

  it('proposes nothing with discovery off and says so in the header', () => {
    expect(without.report.discovery).toMatchObject({ on: false, proposed: [] });
    expect(parseModel(without.suggested.text, 'x').fit.groups.map((g) => g.id)).toEqual(
      model.fit.groups.map((g) => g.id),
    );
    expect(without.suggested.text).toContain('Discovery was off (--no-discovery).');
    expect(withDiscovery.suggested.text).toMatch(/# Discovered: \d+ criteria the data supports/);
  });
});
