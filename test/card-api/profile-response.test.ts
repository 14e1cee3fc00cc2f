import { describe, expect, it } from 'vitest';
import { buildScoreResponse } from '../../src/card-api/build-score-response.ts';
import { scoreResponseSchema } from '../../src/card-api/score-response.ts';
import { scoreContact } from '../../src/scoring/index.ts';
import { NOW } from '../helpers/scoring-fixtures.ts';
import { profilesModel } from '../scoring/profile-fixtures.ts';
import { aCandidate, aScoreResponse } from './card-helpers.ts';

const respond = (properties: Record<string, string | null>) =>
  buildScoreResponse({
    compiled: profilesModel,
    contactId: '7',
    portalId: '62515',
    properties,
    score: scoreContact(profilesModel, properties, NOW),
    history: [],
    now: NOW,
  });

describe("the card API's answer for a model with several fit profiles", () => {
  it("carries every profile, the one that counts, and the counting profile's groups", () => {
    const response = respond({ jobtitle: 'Verpleegkundige', country: 'NL', big_registration: 'x' });
    expect(response.profile).toBe('nurse');
    expect(response.profiles?.map((p) => [p.id, p.fit, p.pinned])).toEqual([
      ['developer', 15, false],
      ['nurse', 45, false],
    ]);
    expect(response.model.fitGroups).toEqual([
      { id: 'role', label: 'Role' },
      { id: 'registration', label: 'Registration' },
    ]);
    expect(scoreResponseSchema.parse(response)).toEqual(response);
  });

  it('refuses a profile fit that is not a number (the shared schema)', () => {
    const response = respond({ jobtitle: 'Nurse', country: 'NL' });
    const broken = { ...response, profiles: [{ ...response.profiles![0], fit: 'high' }] };
    expect(scoreResponseSchema.safeParse(broken).success).toBe(false);
  });

  it('has no profiles for a model without them', () => {
    const response = aScoreResponse(aCandidate());
    expect('profile' in response).toBe(false);
    expect('profiles' in response).toBe(false);
  });
});
