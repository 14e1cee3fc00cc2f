import { describe, expect, it } from 'vitest';
import { parseModel } from '../../src/model/index.ts';
import { MINIMAL_MODEL_HEAD, modelProblems } from '../helpers/scoring-fixtures.ts';
import { PROFILES_MODEL_YAML } from '../scoring/profile-fixtures.ts';

const criterion = (id: string, property = 'jobtitle') =>
  `{ id: ${id}, label: L, property: ${property}, when: { known: true }, points: 5 }`;
const profile = (id: string, criterionId: string, property = 'jobtitle') => `
    - id: ${id}
      label: ${id}
      groups:
        - { id: g, label: G, criteria: [${criterion(criterionId, property)}] }`;
const withFit = (fit: string) => `${MINIMAL_MODEL_HEAD}\nfit:${fit}\nengagement: {}\n`;

describe('fit profiles in the model file', () => {
  it('accepts profiles with pinning', () => {
    const model = parseModel(PROFILES_MODEL_YAML, 'test');
    expect(model.fit.profiles?.map((p) => p.id)).toEqual(['developer', 'nurse']);
    expect(model.fit.groups).toEqual([]);
    expect(model.fit.pinnedBy?.property).toBe('job_family');
  });

  it("keeps today's files valid: groups, or no fit at all", () => {
    const model = parseModel(withFit(' {}'), 'test');
    expect(model.fit).toEqual({ groups: [] });
  });

  it('refuses groups next to profiles', () => {
    const yaml = withFit(`
  groups:
    - { id: g, label: G, criteria: [${criterion('a')}] }
  profiles:${profile('dev', 'b')}`);
    expect(modelProblems(yaml)).toEqual([
      'fit.groups: expected either groups or profiles, not both (put the groups in each profile)',
    ]);
  });

  it('refuses a profile id used twice', () => {
    expect(
      modelProblems(withFit(`\n  profiles:${profile('dev', 'a')}${profile('dev', 'b')}`)),
    ).toEqual(['fit.profiles[1].id: expected a unique profile id; "dev" is used twice']);
  });

  it('refuses a criterion id used in two profiles', () => {
    expect(
      modelProblems(withFit(`\n  profiles:${profile('dev', 'a')}${profile('nurse', 'a')}`)),
    ).toEqual([
      'fit.profiles[1].groups[0].criteria[0].id: expected a unique id; "a" is also used at fit.profiles[0].groups[0].criteria[0].id',
    ]);
  });

  it('refuses a profile without groups', () => {
    const yaml = withFit(`\n  profiles:\n    - { id: dev, label: Dev, groups: [] }`);
    expect(modelProblems(yaml)).toEqual(['fit.profiles[0].groups: expected at least one group']);
  });

  it('refuses pinning to a profile the model does not have, and pinning without profiles', () => {
    const unknown = withFit(`
  pinnedBy: { property: job_family, profiles: { designer: [Design] } }
  profiles:${profile('dev', 'a')}${profile('nurse', 'b')}`);
    expect(modelProblems(unknown)).toEqual([
      'fit.pinnedBy.profiles.designer: expected a profile id, one of: dev, nurse',
    ]);
    const noProfiles = withFit(`
  pinnedBy: { property: job_family, profiles: { dev: [IT] } }
  groups: []`);
    expect(modelProblems(noProfiles)).toEqual([
      'fit.pinnedBy: expected fit.profiles: pinnedBy chooses one of them',
    ]);
  });

  it('refuses one value pinning two profiles, ignoring case and accents', () => {
    const yaml = withFit(`
  pinnedBy: { property: job_family, profiles: { dev: [Techniek], nurse: [TECHNIEK] } }
  profiles:${profile('dev', 'a')}${profile('nurse', 'b')}`);
    expect(modelProblems(yaml)).toEqual([
      'fit.pinnedBy.profiles.nurse: expected each value to pin one profile; "TECHNIEK" also pins "dev"',
    ]);
  });

  it('refuses protected attributes in every profile and in pinnedBy', () => {
    const yaml = withFit(`
  pinnedBy: { property: geslacht, profiles: { dev: [m] } }
  profiles:${profile('dev', 'a')}${profile('nurse', 'b', 'date_of_birth')}`);
    const problems = modelProblems(yaml);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(
      /^fit\.profiles\[1\]\.groups\[0\]\.criteria\[0\]\.property: "date_of_birth" looks like a protected attribute \(age\)/,
    );
    expect(problems[1]).toMatch(
      /^fit\.pinnedBy\.property: "geslacht" looks like a protected attribute \(gender\)/,
    );
  });
});
