import { beforeAll, describe, expect, it } from 'vitest';
import { calibrationResult } from '../../src/jobs/calibration-summary.ts';
import { JOB_MESSAGES } from '../../src/jobs/job-messages.ts';
import { calibrate, type Calibration } from '../../src/calibration/index.ts';
import { leakageGuard } from '../../src/calibration/leakage-guard.ts';
import { parseModel } from '../../src/model/index.ts';
import {
  candidates,
  isOutcome,
  NOW,
  OUTCOME,
  trueModel,
  trueModelText,
  SLOW_SETUP_MS,
} from './calibration-fixtures.ts';

describe('the leakage guard', () => {
  const guard = leakageGuard({
    model: trueModel,
    outcomeProperty: 'candidate_status',
    timeProperty: 'createdate',
    excluded: ['hired_on'],
  });

  it.each([
    ['candidate_status', 'outcome'],
    ['recruitment_score', 'app output'],
    ['recruitment_tier', 'app output'],
    ['hired_on', 'named by --exclude'],
    ['hs_lead_status', 'set by the hiring process (after the outcome)'],
    ['lifecyclestage', 'set by the hiring process (after the outcome)'],
    ['hs_lifecyclestage_opportunity_date', 'set by the hiring process (after the outcome)'],
    ['hs_date_entered_customer', 'set by the hiring process (after the outcome)'],
    ['lastmodifieddate', 'set by the hiring process (after the outcome)'],
    ['createdate', 'time of the split'],
    ['hs_object_id', 'identifier'],
    ['gender', 'protected attribute'],
    ['date_of_birth', 'protected attribute'],
    ['nationality', 'protected attribute'],
  ])('leaves out %s (%s)', (property, reason) => {
    expect(guard.reasonFor(property)?.reason).toBe(reason);
  });

  it.each(['jobtitle', 'hs_analytics_num_page_views', 'recent_conversion_event_name', 'country'])(
    'lets %s be learnt from',
    (property) => {
      expect(guard.reasonFor(property)).toBeUndefined();
    },
  );

  it('honours a fairness.notProtected declaration of the model', () => {
    const model = parseModel(
      `${trueModelText}\nfairness:\n  notProtected:\n    - { property: agency_name, reason: "the recruitment agency, not an age" }\n`,
    );
    const declared = leakageGuard({ model, outcomeProperty: 'x', excluded: [] });
    expect(declared.reasonFor('agency_name')).toBeUndefined();
  });
});

describe('calibrating data that holds leaks and protected attributes', () => {
  let result: Calibration;
  let outcomes: boolean[];

  beforeAll(() => {
    const contacts = candidates(3_000, 5);
    outcomes = contacts.map(isOutcome);
    contacts.forEach((c, i) => {
      const applied = outcomes[i]!;
      // Each of these would give away the outcome if it were learnt from.
      c.properties.recruitment_score = applied ? '80' : '20';
      c.properties.hired_on = applied ? '2026-10-01T00:00:00.000Z' : null;
      c.properties.nationality = applied ? 'Dutch' : i % 2 ? 'Polish' : 'Indian';
      c.properties.gender = applied ? 'female' : 'male';
    });
    const text = `${trueModelText.replace(
      '  - id: industry',
      `  - id: stage
      label: Stage
      criteria:
        - id: opportunity
          label: Marked as an opportunity
          property: lifecyclestage
          when: { oneOf: [opportunity] }
          points: 3
    - id: industry`,
    )}`;
    result = calibrate({
      contacts,
      outcome: OUTCOME,
      model: parseModel(text),
      modelText: text,
      modelSource: 'true model + a leaking criterion',
      now: NOW,
      calibratedAt: NOW,
      exclude: ['hired_on'],
    });
  }, SLOW_SETUP_MS);

  it('lists the left-out properties with the reason', () => {
    const leftOut = new Map(result.report.leakage.leftOut.map((l) => [l.property, l]));
    expect(leftOut.get('recruitment_score')?.reason).toBe('app output');
    expect(leftOut.get('hired_on')?.reason).toBe('named by --exclude');
    expect(leftOut.get('hs_lead_status')?.reason).toBe('outcome');
    expect(leftOut.get('lifecyclestage')?.reason).toBe(
      'set by the hiring process (after the outcome)',
    );
    expect(leftOut.get('nationality')).toMatchObject({
      reason: 'protected attribute',
      ground: 'nationality',
    });
    expect(leftOut.get('gender')).toMatchObject({
      reason: 'protected attribute',
      ground: 'gender',
    });
  });

  it('never gives a left-out property to the reference regression', () => {
    const used = result.report.reference.used.map((u) => u.property);
    for (const property of [
      'recruitment_score',
      'hired_on',
      'hs_lead_status',
      'lifecyclestage',
      'nationality',
      'gender',
    ]) {
      expect(used).not.toContain(property);
    }
    expect(used).toEqual(expect.arrayContaining(['country', 'hs_analytics_num_page_views']));
    // With any of them, the reference would rank the held-out candidates perfectly.
    expect(result.report.holdout.reference.auc).toBeLessThan(0.95);
  });

  it('keeps the points of a model criterion that reads a leaking property, and warns', () => {
    const line = result.report.points.find((p) => p.id === 'opportunity')!;
    expect(line).toMatchObject({
      status: 'left out (leakage)',
      currentPoints: 3,
      suggestedPoints: 3,
    });
    expect(result.report.leakage.modelReads).toEqual(['lifecyclestage']);
    expect(result.report.warnings.join('\n')).toMatch(/the model reads lifecyclestage/);
    expect(result.report.warnings.join('\n')).toMatch(/left out nationality: protected attribute/);
  });

  it('gives the settings page the same warnings and tier basis in the admin’s language', () => {
    const dutch = calibrationResult(result.report, '', JOB_MESSAGES.nl);
    expect(dutch.warnings).toContain(
      'nationality is weggelaten: een beschermd kenmerk (nationaliteit).',
    );
    expect(dutch.warnings.join('\n')).toMatch(
      /^Het model leest lifecyclestage \(gezet door het wervingsproces/m,
    );
    expect(dutch.tiers.basis).toMatch(/uit de bovenste 10% van de voorgestelde scores/);
    // English is the command line's text, word for word.
    const english = calibrationResult(result.report, '', JOB_MESSAGES.en);
    expect(english.warnings).toEqual(result.report.warnings);
    expect(english.tiers.basis).toBe(result.report.tiers.basis);
  });

  it('scores content without the protected or leaking properties', () => {
    const kinds = new Set(result.report.content.map((c) => c.kind));
    expect(kinds).not.toContain('nationality');
    expect(kinds).toContain('conversion');
  });
});
