import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseModel } from '../../src/model/index.ts';
import { compileModel, scoreContact, scoreContactTotals } from '../../src/scoring/index.ts';
import {
  aContact,
  defaultModel,
  defaultModelText,
  NOW,
  sumOfPoints,
} from '../helpers/scoring-fixtures.ts';
import { profilesModel } from './profile-fixtures.ts';

const score = (properties: Record<string, string | null>) =>
  scoreContact(profilesModel, properties, NOW);
const fitOf = (result: ReturnType<typeof score>, id: string) =>
  result.profiles?.find((p) => p.id === id);

describe('several fit profiles', () => {
  it('counts the best profile: a Dutch Java developer is scored as a developer', () => {
    const result = score({ jobtitle: 'Java Developer', country: 'NL' });
    expect(result.profile).toBe('developer');
    expect(result.profiles).toEqual([
      { id: 'developer', label: 'Software developer', fit: 45, knockedOut: false, pinned: false },
      { id: 'nurse', label: 'Nurse', fit: 0, knockedOut: false, pinned: false },
    ]);
    expect(result.fit).toBe(45);
    const fitLines = result.breakdown.filter((e) => e.section === 'fit');
    expect(fitLines.map((e) => [e.id, e.group, e.points])).toEqual([
      ['dev-title', 'role', 30],
      ['dev-in-nl', 'location', 20],
      ['location-limit', 'location', -5],
    ]);
    expect(sumOfPoints(result.breakdown)).toBe(result.score);
  });

  it('counts the nurse profile for a registered nurse', () => {
    const result = score({
      jobtitle: 'Verpleegkundige',
      country: 'Nederland',
      big_registration: '19012345601',
    });
    expect(result.profile).toBe('nurse');
    expect(result.fit).toBe(45);
    expect(fitOf(result, 'developer')?.fit).toBe(15);
    expect(result.breakdown.filter((e) => e.section === 'fit').map((e) => e.id)).toEqual([
      'nurse-title',
      'big-registered',
    ]);
  });

  it.each(['Zorg', 'ZORG', 'verpleegkunde', 'Verpleegkunde!'])(
    'lets the job family "%s" pin the nurse profile, whatever the fit',
    (jobFamily) => {
      const result = score({ jobtitle: 'Java Developer', country: 'NL', job_family: jobFamily });
      expect(result.profile).toBe('nurse');
      expect(result.fit).toBe(0);
      expect(fitOf(result, 'nurse')?.pinned).toBe(true);
      expect(fitOf(result, 'developer')).toMatchObject({ fit: 45, pinned: false });
      expect(result.breakdown.filter((e) => e.section === 'fit')).toEqual([]);
    },
  );

  it('takes the best profile when the job family names none', () => {
    const result = score({ jobtitle: 'Java Developer', country: 'NL', job_family: 'Finance' });
    expect(result.profile).toBe('developer');
    expect(result.profiles?.every((p) => !p.pinned)).toBe(true);
  });

  it('passes over a knocked-out profile even when its fit is higher', () => {
    // As a nurse: 35 + 10 - 40 = 5, knocked out (Belgium); as a developer: 0, not knocked out.
    const result = score({ jobtitle: 'Nurse', country: 'Belgium', big_registration: 'yes' });
    expect(fitOf(result, 'nurse')).toMatchObject({ fit: 5, knockedOut: true });
    expect(result.profile).toBe('developer');
    expect(result.fit).toBe(0);
    expect(result.tier).toBe('cold');
  });

  it('is disqualified when every profile is knocked out, counting the best of them', () => {
    const result = score({ jobtitle: 'Java Developer', country: 'Germany' });
    expect(result.profiles?.map((p) => [p.id, p.fit, p.knockedOut])).toEqual([
      ['developer', -10, true],
      ['nurse', -40, true],
    ]);
    expect(result.profile).toBe('developer');
    expect(result.tier).toBe('disqualified');
    expect(result.breakdown.find((e) => e.id === 'dev-outside')?.kind).toBe('knockout');
    expect(sumOfPoints(result.breakdown)).toBe(result.score);
  });

  it('is disqualified when the pinned profile is knocked out', () => {
    const result = score({ jobtitle: 'Nurse', country: 'Belgium', job_family: 'Zorg' });
    expect(result.profile).toBe('nurse');
    expect(result.tier).toBe('disqualified');
  });

  it('shares engagement between the profiles', () => {
    const result = score({ jobtitle: 'Nurse', country: 'NL', hs_analytics_num_page_views: '4' });
    expect(result.engagement).toBe(8);
    expect(result.score).toBe(43);
  });

  it('gives the same numbers and profile without the breakdown', () => {
    const contact = { jobtitle: 'Nurse', country: 'NL', job_family: 'dev' };
    const { breakdown, ...withBreakdown } = score(contact);
    expect(breakdown.length).toBeGreaterThan(0);
    expect(scoreContactTotals(profilesModel, contact, NOW)).toEqual(withBreakdown);
  });

  it('reads the pinning property from HubSpot with the rest', () => {
    expect(profilesModel.properties).toContain('job_family');
  });
});

describe('a model without profiles', () => {
  it('has neither profile nor profiles in its scores', () => {
    const result = scoreContact(defaultModel, aContact(), NOW);
    expect('profile' in result).toBe(false);
    expect('profiles' in result).toBe(false);
  });

  it('scores exactly the same when its groups become one profile', () => {
    const model = parseModel(defaultModelText, 'default');
    const asOneProfile = stringify({
      ...model,
      fit: { profiles: [{ id: 'it', label: 'Software and IT', groups: model.fit.groups }] },
    });
    const oneProfile = compileModel(parseModel(asOneProfile, 'one profile'));
    const contacts = [
      aContact(),
      aContact({ country: 'India' }),
      aContact({ jobtitle: 'Recruiter', years_of_experience: '0.5' }),
      aContact({
        hs_analytics_num_page_views: '12',
        hs_analytics_last_visit_timestamp: String(NOW - 86_400_000),
      }),
    ];
    for (const contact of contacts) {
      const { profile, profiles, ...rest } = scoreContact(oneProfile, contact, NOW);
      expect(profile).toBe('it');
      expect(profiles).toHaveLength(1);
      expect(rest).toEqual(scoreContact(defaultModel, contact, NOW));
    }
  });
});
