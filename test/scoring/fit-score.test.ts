import { describe, expect, it } from 'vitest';
import { scoreContact } from '../../src/scoring/index.ts';
import {
  aContact,
  defaultModel,
  MINIMAL_MODEL_HEAD,
  modelFrom,
  NOW,
} from '../helpers/scoring-fixtures.ts';

const fitEntry = (properties: Parameters<typeof scoreContact>[1], id: string) =>
  scoreContact(defaultModel, properties, NOW).breakdown.find((e) => e.id === id);

describe('fit: who the candidate is', () => {
  it.each(['Netherlands', 'NL', 'Nederland', 'the netherlands', 'NEDERLAND '])(
    'recognises "%s" as the Netherlands',
    (country) => {
      expect(fitEntry(aContact({ country }), 'lives-in-netherlands')?.points).toBe(15);
    },
  );

  it('ignores case and accents when comparing values', () => {
    const model = modelFrom(`${MINIMAL_MODEL_HEAD}
aliases: { curacao: [kòrsou] }
fit:
  groups:
    - id: g
      label: G
      criteria:
        - { id: c, label: Curaçao, property: country, points: 7, when: { equals: Curaçao } }
engagement: {}
`);
    for (const country of ['curacao', 'CURAÇAO', 'Kòrsou']) {
      expect(scoreContact(model, { country }, NOW).fit).toBe(7);
    }
  });

  it('finds function and seniority keywords as whole words in a job title', () => {
    const result = scoreContact(
      defaultModel,
      aContact({ jobtitle: 'Senior Back-End Developer (Java)' }),
      NOW,
    );
    const ids = result.breakdown.map((e) => e.id);
    expect(ids).toContain('software-role');
    expect(ids).toContain('senior');
    expect(
      fitEntry(aContact({ jobtitle: 'Salesforce administrator' }), 'outside-it'),
    ).toBeUndefined();
  });

  it('gives negative points for too little experience', () => {
    expect(
      fitEntry(aContact({ years_of_experience: '0.5' }), 'too-little-experience')?.points,
    ).toBe(-10);
  });

  it('counts unknown experience as unknown, never as zero', () => {
    const result = scoreContact(defaultModel, aContact({ years_of_experience: null }), NOW);
    expect(result.breakdown.filter((e) => e.group === 'experience')).toEqual([]);
    expect(result.warnings).toContain('years_of_experience is unknown');
  });

  it('treats a non-numeric experience as unknown and says so', () => {
    const result = scoreContact(defaultModel, aContact({ years_of_experience: 'five' }), NOW);
    expect(result.breakdown.filter((e) => e.group === 'experience')).toEqual([]);
    expect(result.warnings).toContain(
      'years_of_experience: "five" is not a number; counted as unknown',
    );
  });

  it('disqualifies a candidate outside the recruiting region, with negative points', () => {
    const result = scoreContact(defaultModel, aContact({ country: 'India', city: 'Pune' }), NOW);
    expect(result.tier).toBe('disqualified');
    const knockout = result.breakdown.find((e) => e.kind === 'knockout');
    expect(knockout).toMatchObject({
      id: 'outside-region',
      points: -40,
      inputs: [{ property: 'country', value: 'India' }],
    });
  });

  it('does not disqualify a candidate whose country is unknown', () => {
    const result = scoreContact(defaultModel, aContact({ country: null }), NOW);
    expect(result.tier).not.toBe('disqualified');
    expect(result.warnings).toContain('country is unknown');
  });

  it('keeps a group within its maximum with a visible limit entry', () => {
    const result = scoreContact(
      defaultModel,
      aContact({ jobtitle: 'Senior IT software engineer devops' }),
      NOW,
    );
    const limit = result.breakdown.find((e) => e.kind === 'group-limit');
    const group = result.breakdown.filter((e) => e.group === 'job-function');
    expect(limit).toMatchObject({ group: 'job-function', points: -8 }); // 15 + 8 + 5 -> 20
    expect(group.reduce((sum, e) => sum + e.points, 0)).toBe(20);
  });

  it('scores known / unknown and date-within criteria', () => {
    const model = modelFrom(`${MINIMAL_MODEL_HEAD}
fit:
  groups:
    - id: g
      label: G
      criteria:
        - { id: has-cv, label: CV on file, property: cv_url, points: 5, when: { known: true } }
        - { id: no-phone, label: No phone, property: phone, points: -2, when: { known: false } }
        - { id: recent-import, label: Joined lately, property: createdate, points: 3, when: { withinDays: 30 } }
engagement: {}
`);
    const fresh = scoreContact(
      model,
      { cv_url: 'https://x', createdate: new Date(NOW - 10 * 86_400_000).toISOString() },
      NOW,
    );
    expect(fresh.fit).toBe(6);
    // The date criterion stops matching 30 days after the date: that is the next review.
    expect(fresh.nextReviewAt).toBe(NOW + 20 * 86_400_000);
    const old = scoreContact(model, { phone: '+31 6 1234', createdate: '2020-01-01' }, NOW);
    expect(old.fit).toBe(0);
  });
});
