import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MODEL_PATH,
  loadModelFile,
  ModelError,
  parseModel,
} from '../../src/model/index.ts';
import {
  defaultModelText,
  MINIMAL_MODEL_HEAD,
  modelProblems,
} from '../helpers/scoring-fixtures.ts';

describe('the scoring model file', () => {
  it('accepts the default recruitment model', async () => {
    const model = await loadModelFile(DEFAULT_MODEL_PATH);
    expect(model.name).toBe('Software & IT, Netherlands');
    expect(model.tiers.map((t) => t.name)).toEqual(['hot', 'warm', 'cold']);
  });

  it('names a bad half-life by its path and says what was expected', () => {
    const broken = defaultModelText.replace(
      'decay: { halfLifeDays: 45 }',
      'decay: { halfLifeDays: -3 }',
    );
    expect(modelProblems(broken)).toContain(
      'engagement.touchpoints[2].decay.halfLifeDays: expected a positive number',
    );
  });

  it('lists every problem, not only the first', () => {
    const broken = defaultModelText
      .replace(
        'points: 15\n        - id: lives-in-neighbouring-country',
        'points: lots\n        - id: lives-in-neighbouring-country',
      )
      .replace(
        '{ name: warm, label: Warm, minScore: 45 }',
        '{ name: warm, label: Warm, minScore: 99 }',
      );
    const problems = modelProblems(broken);
    expect(problems).toContain('fit.groups[0].criteria[0].points: expected a number of points');
    expect(problems).toContain('tiers[1].minScore: expected tiers from highest minScore to lowest');
  });

  it('refuses a criterion with two tests at once', () => {
    const problems = modelProblems(`${MINIMAL_MODEL_HEAD}
fit:
  groups:
    - id: g
      label: G
      criteria:
        - { id: c, label: C, property: country, points: 1, when: { oneOf: [nl], known: true } }
engagement: {}
`);
    expect(problems[0]).toMatch(
      /^fit\.groups\[0\]\.criteria\[0\]\.when: expected exactly one of: equals, oneOf/,
    );
  });

  it('refuses unknown keys, duplicate ids and a reserved tier name', () => {
    const problems =
      modelProblems(`${MINIMAL_MODEL_HEAD.replace('{ name: cold }', '{ name: disqualified }')}
fit:
  groups:
    - id: g
      label: G
      colour: red
      criteria:
        - { id: same, label: A, property: country, points: 1, when: { known: true } }
        - { id: same, label: B, property: city, points: 1, when: { known: true } }
engagement: {}
`);
    expect(problems.some((p) => p.startsWith('fit.groups[0]') && /colour/.test(p))).toBe(true);
    expect(problems).toContain(
      'fit.groups[0].criteria[1].id: expected a unique id; "same" is also used at fit.groups[0].criteria[0].id',
    );
    expect(problems.some((p) => p.startsWith('tiers[1].name: expected another name'))).toBe(true);
  });

  it('refuses decay on negative points, because decay must never raise a score', () => {
    const problems = modelProblems(`${MINIMAL_MODEL_HEAD}
fit: { groups: [] }
engagement:
  touchpoints:
    - { id: bounce, label: Bounce, channel: email, count: hs_email_bounce, points: -5, decay: { halfLifeDays: 10 } }
`);
    expect(problems).toContain(
      'engagement.touchpoints[0].decay: expected no decay on negative points (decay must never raise a score)',
    );
  });

  it('reports YAML syntax errors with their line', () => {
    const problems = modelProblems('version: 1\nname: [unclosed\n');
    expect(problems[0]).toMatch(/^YAML: .*line \d+/);
  });

  it('says when the file does not exist', async () => {
    await expect(loadModelFile('/nowhere/model.yaml')).rejects.toThrow(
      /cannot read the model file: file not found/,
    );
  });
});

describe('protected attributes', () => {
  const criterionOn = (property: string, extra = '') => `${MINIMAL_MODEL_HEAD}
fit:
  groups:
    - id: g
      label: G
      criteria:
        - { id: c, label: C, property: ${property}, points: 5, when: { known: true } }
engagement: {}
${extra}`;

  it.each([
    ['gender', 'gender'],
    ['date_of_birth', 'age'],
    ['hs_age_range', 'age'],
    ['nationality', 'nationality'],
    ['nationaliteit', 'nationality'],
    ['ethnic_background', 'ethnicity'],
    ['religion', 'religion'],
    ['has_disability', 'disability'],
    ['marital_status', 'marital status'],
    ['maritalstatus', 'marital status'],
  ])('refuses %s as a criterion (%s)', (property, ground) => {
    const [problem] = modelProblems(criterionOn(property));
    expect(problem).toContain(
      `fit.groups[0].criteria[0].property: "${property}" looks like a protected attribute (${ground})`,
    );
  });

  it('refuses a protected attribute used as a touchpoint date too', () => {
    const problems = modelProblems(`${MINIMAL_MODEL_HEAD}
fit: { groups: [] }
engagement:
  touchpoints:
    - { id: b, label: Birthday, channel: web, lastActivity: birthdate, points: 5 }
`);
    expect(problems[0]).toContain(
      'engagement.touchpoints[0].lastActivity[0]: "birthdate" looks like a protected attribute (age)',
    );
  });

  it('does not mistake page views or a trace id for age or race', () => {
    expect(() => parseModel(criterionOn('hs_analytics_num_page_views'))).not.toThrow();
    expect(() => parseModel(criterionOn('trace_id'))).not.toThrow();
  });

  it('accepts a misleading name only when it is declared not protected, with a reason', () => {
    const override = `fairness:\n  notProtected:\n    - { property: race_event_attended, reason: "marathon sponsorship event, not ethnicity" }\n`;
    expect(() => parseModel(criterionOn('race_event_attended'))).toThrow(ModelError);
    expect(() => parseModel(criterionOn('race_event_attended', override))).not.toThrow();
    expect(
      modelProblems(
        criterionOn('race_event_attended', override.replace(/, reason: "[^"]*"/, '')),
      )[0],
    ).toMatch(/^fairness\.notProtected\[0\]\.reason/);
  });
});
