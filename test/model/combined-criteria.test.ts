import { describe, expect, it } from 'vitest';
import { criterionProperties, parseModel } from '../../src/model/index.ts';
import { checkModel, missingProperties } from '../../src/settings-api/model-check.ts';
import { MINIMAL_MODEL_HEAD, modelProblems } from '../helpers/scoring-fixtures.ts';

/** A model whose one criterion is written inline. */
const withCriterion = (criterion: string, extra = '') => `${MINIMAL_MODEL_HEAD}
fit:
  groups:
    - id: g
      label: G
      criteria:
        - ${criterion}
engagement: {}
${extra}`;

const COMBINED =
  '{ id: pro-by-reference, label: Working professional and came by a reference, property: occupation, when: { equals: Working Professional }, and: { property: lead_source, when: { oneOf: [Reference] } }, points: 5 }';

describe('a combined criterion (two conditions) in the model file', () => {
  it('keeps its second condition and lists both properties', () => {
    const model = parseModel(withCriterion(COMBINED), 'test');
    const criterion = model.fit.groups[0]!.criteria[0]!;
    expect(criterion.and).toEqual({ property: 'lead_source', when: { oneOf: ['Reference'] } });
    expect(criterionProperties(criterion)).toEqual(['occupation', 'lead_source']);
    expect(criterionProperties({ property: 'occupation' })).toEqual(['occupation']);
  });

  it('refuses a second condition on the same property', () => {
    const problems = modelProblems(
      withCriterion(
        '{ id: c, label: C, property: country, when: { equals: NL }, and: { property: country, when: { known: true } }, points: 1 }',
      ),
    );
    expect(problems).toEqual([
      expect.stringMatching(
        /^fit\.groups\[0\]\.criteria\[0\]\.and\.property: expected another property than "country"/,
      ),
    ]);
  });

  it('checks the second condition like the first: one test, a HubSpot property name, nothing else', () => {
    expect(
      modelProblems(
        withCriterion(
          '{ id: c, label: C, property: country, when: { equals: NL }, and: { property: city, when: { equals: A, known: true } }, points: 1 }',
        ),
      ),
    ).toEqual([
      expect.stringMatching(/^fit\.groups\[0\]\.criteria\[0\]\.and\.when: expected exactly one of/),
    ]);
    expect(
      modelProblems(
        withCriterion(
          '{ id: c, label: C, property: country, when: { equals: NL }, and: { property: Lead Source, when: { known: true } }, points: 1 }',
        ),
      ),
    ).toEqual([
      expect.stringMatching(
        /^fit\.groups\[0\]\.criteria\[0\]\.and\.property: expected a HubSpot internal property name/,
      ),
    ]);
    expect(
      modelProblems(
        withCriterion(
          '{ id: c, label: C, property: country, when: { equals: NL }, and: { property: city, when: { known: true }, points: 3 }, points: 1 }',
        ),
      ).join('\n'),
    ).toMatch(/^fit\.groups\[0\]\.criteria\[0\]\.and: /);
  });

  it('refuses a protected attribute as the second property, in profiles too', () => {
    const second =
      '{ id: c, label: C, property: country, when: { equals: NL }, and: { property: date_of_birth, when: { known: true } }, points: 1 }';
    expect(modelProblems(withCriterion(second))).toEqual([
      expect.stringMatching(
        /^fit\.groups\[0\]\.criteria\[0\]\.and\.property: "date_of_birth" looks like a protected attribute \(age\)/,
      ),
    ]);
    const profiles = `${MINIMAL_MODEL_HEAD}
fit:
  profiles:
    - id: p
      label: P
      groups:
        - id: g
          label: G
          criteria:
            - { id: c, label: C, property: country, when: { equals: NL }, and: { property: gender, when: { equals: f } }, points: 1 }
engagement: {}
`;
    expect(modelProblems(profiles)).toEqual([
      expect.stringMatching(
        /^fit\.profiles\[0\]\.groups\[0\]\.criteria\[0\]\.and\.property: "gender" looks like a protected attribute \(gender\)/,
      ),
    ]);
  });

  it('accepts a misleading second property only when it is declared not protected', () => {
    const criterion =
      '{ id: c, label: C, property: country, when: { equals: NL }, and: { property: race_event_attended, when: { known: true } }, points: 1 }';
    expect(modelProblems(withCriterion(criterion))).toHaveLength(1);
    const cleared = parseModel(
      withCriterion(
        criterion,
        'fairness:\n  notProtected:\n    - { property: race_event_attended, reason: "marathon sponsorship event" }\n',
      ),
      'test',
    );
    expect(cleared.fit.groups[0]!.criteria[0]!.and?.property).toBe('race_event_attended');
  });

  it('names the second property when the account lacks it (the settings page check)', () => {
    const check = checkModel(withCriterion(COMBINED));
    expect(check.valid).toBe(true);
    if (!check.valid) return;
    expect(missingProperties(check.properties, ['occupation'])).toEqual(['lead_source']);
    expect(missingProperties(check.properties, ['occupation', 'lead_source'])).toEqual([]);
  });
});
