import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scoreContact } from '../../src/scoring/index.ts';
import { NOW, sumOfPoints } from '../helpers/scoring-fixtures.ts';
import { profilesModel } from './profile-fixtures.ts';

const maybe = (values: string[]) =>
  fc.oneof(fc.constantFrom(...values), fc.constant(null), fc.string({ maxLength: 10 }));

/** Contacts for the two-profile model, including junk and values that pin nothing. */
const contactArb = fc.record({
  jobtitle: maybe(['Java Developer', 'Nurse', 'Verpleegkundige', 'Software Engineer', 'Chef']),
  country: maybe(['NL', 'Nederland', 'Belgium', 'Germany', 'Luxembourg']),
  big_registration: maybe(['19012345601', '']),
  hs_analytics_num_page_views: maybe(['0', '3', '40', 'abc']),
  job_family: maybe(['Zorg', 'dev', 'Finance', 'SOFTWARE DEVELOPMENT', '']),
});

const PINS: Record<string, string> = {
  zorg: 'nurse',
  dev: 'developer',
  'software development': 'developer',
};

describe('invariants of several fit profiles (property-based)', () => {
  it('the breakdown adds up to the score, and its fit lines to the counting fit', () => {
    fc.assert(
      fc.property(contactArb, (contact) => {
        const result = scoreContact(profilesModel, contact, NOW);
        expect(sumOfPoints(result.breakdown)).toBe(result.score);
        const fitLines = result.breakdown.filter((e) => e.section === 'fit');
        expect(sumOfPoints(fitLines)).toBe(result.fit);
        expect(result.profiles?.find((p) => p.id === result.profile)?.fit).toBe(result.fit);
      }),
    );
  });

  it('a pinned profile wins', () => {
    fc.assert(
      fc.property(contactArb, fc.constantFrom(...Object.keys(PINS)), (contact, family) => {
        const result = scoreContact(profilesModel, { ...contact, job_family: family }, NOW);
        expect(result.profile).toBe(PINS[family]);
        expect(result.profiles?.filter((p) => p.pinned).map((p) => p.id)).toEqual([PINS[family]]);
      }),
    );
  });

  it('without a pin the counting profile has the highest fit (knockouts only when all are)', () => {
    fc.assert(
      fc.property(contactArb, (contact) => {
        const unpinned = { ...contact, job_family: 'Finance' };
        const result = scoreContact(profilesModel, unpinned, NOW);
        const profiles = result.profiles!;
        const standing = profiles.filter((p) => !p.knockedOut);
        const candidates = standing.length > 0 ? standing : profiles;
        expect(result.fit).toBe(Math.max(...candidates.map((p) => p.fit)));
        const counting = profiles.find((p) => p.id === result.profile)!;
        expect(counting.knockedOut).toBe(standing.length === 0);
        expect(result.tier === 'disqualified').toBe(counting.knockedOut);
      }),
    );
  });
});
