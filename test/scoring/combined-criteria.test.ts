import { describe, expect, it } from 'vitest';
import { explainEntry, scoreContact } from '../../src/scoring/index.ts';
import { MINIMAL_MODEL_HEAD, modelFrom, NOW } from '../helpers/scoring-fixtures.ts';

const model = modelFrom(`${MINIMAL_MODEL_HEAD}
fit:
  groups:
    - id: g
      label: G
      criteria:
        - { id: professional, label: Working professional, property: occupation, when: { equals: Working Professional }, points: 3 }
        - id: pro-by-reference
          label: Working professional and came by a reference
          property: occupation
          when: { equals: Working Professional }
          and: { property: lead_source, when: { oneOf: [Reference, Referral] } }
          points: 10
        - id: recent-and-senior
          label: Visited lately and 5 years or more
          property: last_visit
          when: { withinDays: 30 }
          and: { property: years_of_experience, when: { range: { min: 5 } } }
          points: 4
engagement: {}
`);
const DAY = 86_400_000;

describe('combined criteria: both conditions must match', () => {
  it('matches only when both conditions match', () => {
    const score = (properties: Record<string, string | null>) =>
      scoreContact(model, properties, NOW).breakdown.map((e) => e.id);
    expect(score({ occupation: 'working professional', lead_source: 'referral' })).toEqual([
      'professional',
      'pro-by-reference',
    ]);
    expect(score({ occupation: 'Working Professional', lead_source: 'Google' })).toEqual([
      'professional',
    ]);
    expect(score({ occupation: 'Student', lead_source: 'Reference' })).toEqual([]);
    expect(score({ occupation: 'Working Professional', lead_source: null })).toEqual([
      'professional',
    ]);
    expect(score({ lead_source: 'Reference' })).toEqual([]);
  });

  it('reads both properties and shows both values in the breakdown', () => {
    expect(model.properties).toEqual([
      'last_visit',
      'lead_source',
      'occupation',
      'years_of_experience',
    ]);
    const result = scoreContact(
      model,
      { occupation: 'Working Professional', lead_source: 'Reference' },
      NOW,
    );
    expect(result.fit).toBe(13);
    const entry = result.breakdown.find((e) => e.id === 'pro-by-reference');
    expect(entry).toMatchObject({
      kind: 'criterion',
      label: 'Working professional and came by a reference',
      points: 10,
      inputs: [
        { property: 'occupation', value: 'Working Professional' },
        { property: 'lead_source', value: 'Reference' },
      ],
    });
    expect(explainEntry(entry!)).toBe(
      'Working professional and came by a reference (occupation: Working Professional, lead_source: Reference): +10',
    );
  });

  it('tests a date or number in either condition, and reviews when the date window closes', () => {
    const visited = new Date(NOW - 10 * DAY).toISOString();
    const senior = scoreContact(model, { last_visit: visited, years_of_experience: '7' }, NOW);
    expect(senior.breakdown.map((e) => e.id)).toEqual(['recent-and-senior']);
    expect(senior.nextReviewAt).toBe(NOW + 20 * DAY);
    const junior = scoreContact(model, { last_visit: visited, years_of_experience: '2' }, NOW);
    expect(junior.fit).toBe(0);
    const old = scoreContact(
      model,
      { last_visit: new Date(NOW - 40 * DAY).toISOString(), years_of_experience: '7' },
      NOW,
    );
    expect(old.fit).toBe(0);
  });
});
