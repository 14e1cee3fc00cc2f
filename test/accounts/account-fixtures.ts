import { MINIMAL_MODEL_HEAD } from '../helpers/scoring-fixtures.ts';

/**
 * Small valid models that differ where a test looks: which property the fit reads and how many
 * points a match earns, so each account's score says which model made it.
 */
export function modelText(
  name: string,
  { property = 'jobtitle', points = 10 }: { property?: string; points?: number } = {},
): string {
  return `${MINIMAL_MODEL_HEAD.replace('name: Test', `name: ${name}`)}
fit:
  groups:
    - id: profile
      label: Profile
      criteria:
        - id: has-${property}
          label: Has ${property}
          property: ${property}
          when: { known: true }
          points: ${points}
engagement:
  touchpoints: []
`;
}

/** Scores on gender: the model loader must refuse it. */
export const PROTECTED_MODEL_TEXT = modelText('unfair', { property: 'gender' });
