import { describe, expect, it } from 'vitest';
import { CalibrationError } from '../../src/calibration/calibration-error.ts';
import { checkOutcomes, outcomeTest, parseOutcome } from '../../src/calibration/outcome.ts';

describe('--outcome', () => {
  it('reads a property and its values', () => {
    expect(parseOutcome('hs_lead_status=APPLIED,HIRED')).toEqual({
      property: 'hs_lead_status',
      values: ['APPLIED', 'HIRED'],
    });
    expect(parseOutcome('candidate_status = hired ')).toEqual({
      property: 'candidate_status',
      values: ['hired'],
    });
  });

  it.each(['hs_lead_status', 'hs_lead_status=', '=APPLIED', 'Lead Status=APPLIED', 'a=,,'])(
    'refuses "%s" as a usage error',
    (text) => {
      const error = (() => {
        try {
          parseOutcome(text);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(CalibrationError);
      expect((error as CalibrationError).kind).toBe('usage');
      expect((error as Error).message).toMatch(/PROPERTY=VALUE/);
    },
  );

  it('matches values without regard to case, accents or multiple-checkbox lists', () => {
    const applied = outcomeTest(parseOutcome('status=Applied,Aangenomen'));
    expect(applied({ status: 'APPLIED' })).toBe(true);
    expect(applied({ status: 'aangenómen' })).toBe(true);
    expect(applied({ status: 'NEW;APPLIED' })).toBe(true);
    expect(applied({ status: 'NEW' })).toBe(false);
    expect(applied({ status: null })).toBe(false);
    expect(applied({})).toBe(false);
  });
});

describe('data that cannot be calibrated on', () => {
  const spec = parseOutcome('hs_lead_status=APPLIED,HIRED');
  const contacts = [
    { properties: { hs_lead_status: 'NEW' } },
    { properties: { hs_lead_status: 'OPEN' } },
    { properties: { hs_lead_status: 'NEW' } },
  ];

  it('names the properties the data does hold when the outcome property is missing', () => {
    expect(() => checkOutcomes(spec, [{ properties: { jobtitle: 'Developer' } }], [false])).toThrow(
      /hs_lead_status is not in the data.*jobtitle/,
    );
  });

  it('names the values seen when no candidate has the outcome', () => {
    expect(() => checkOutcomes(spec, contacts, [false, false, false])).toThrow(
      /no candidate has hs_lead_status = APPLIED or HIRED.*NEW \(2\), OPEN \(1\)/,
    );
  });

  it('refuses data where every candidate has the outcome', () => {
    expect(() => checkOutcomes(spec, contacts, [true, true, true])).toThrow(/every candidate/);
  });
});
