import { summarizeScore, type ContactScore } from '../scoring/index.ts';

/**
 * The app's output: custom contact properties that recruiters see and workflows trigger on.
 * Their names are part of the public contract (workflows reference them): never rename.
 */
export const SCORE_PROPERTY_GROUP = {
  name: 'recruitment_scoring',
  label: 'Recruitment scoring',
  displayOrder: -1,
} as const;

export const SCORE_PROPERTIES = {
  score: 'recruitment_score',
  fit: 'recruitment_fit_score',
  engagement: 'recruitment_engagement_score',
  tier: 'recruitment_tier',
  scoredAt: 'recruitment_scored_at',
  nextReviewAt: 'recruitment_next_review_at',
  summary: 'recruitment_score_summary',
} as const;

export type ScorePropertyName = (typeof SCORE_PROPERTIES)[keyof typeof SCORE_PROPERTIES];
/** The outputs every model writes (and reads back to tell whether a write is needed). */
export const SCORE_PROPERTY_NAMES: readonly ScorePropertyName[] = Object.values(SCORE_PROPERTIES);

/**
 * The fit profile that counts: created, read and written only for a model with profiles, so
 * that accounts scoring with one profile see no empty property and pay nothing for it.
 */
export const PROFILE_PROPERTY = 'recruitment_profile' as const;

export type OutputPropertyName = ScorePropertyName | typeof PROFILE_PROPERTY;
/**
 * Every property the app may write: never a trigger of rescoring (the webhook triage ignores
 * their changes), never subscribed to, never a criterion or a feature.
 */
export const OUTPUT_PROPERTY_NAMES: readonly OutputPropertyName[] = [
  ...SCORE_PROPERTY_NAMES,
  PROFILE_PROPERTY,
];

/** The outputs a model writes: the seven, plus `recruitment_profile` when it has profiles. */
export function outputPropertyNamesOf(model: {
  profiles?: readonly unknown[] | undefined;
}): readonly OutputPropertyName[] {
  return model.profiles ? OUTPUT_PROPERTY_NAMES : SCORE_PROPERTY_NAMES;
}

/** A fit profile as the `recruitment_profile` options show it. */
export interface ProfileOption {
  id: string;
  label: string;
}

/** HubSpot's property definition body (POST /crm/properties/2026-03/contacts). */
export interface ScorePropertyDefinition {
  name: OutputPropertyName;
  label: string;
  type: 'number' | 'string' | 'enumeration' | 'datetime';
  fieldType: 'number' | 'text' | 'select' | 'date';
  groupName: string;
  description: string;
  options?: { label: string; value: string; displayOrder: number; hidden: boolean }[];
}

export function scorePropertyDefinitions(
  tiers: readonly { name: string; label?: string | undefined }[],
  /** The model's fit profiles; without them there is no `recruitment_profile`. */
  profiles?: readonly ProfileOption[],
): ScorePropertyDefinition[] {
  const groupName = SCORE_PROPERTY_GROUP.name;
  const number = (
    name: ScorePropertyName,
    label: string,
    description: string,
  ): ScorePropertyDefinition => ({
    name,
    label,
    type: 'number',
    fieldType: 'number',
    groupName,
    description,
  });
  const datetime = (
    name: ScorePropertyName,
    label: string,
    description: string,
  ): ScorePropertyDefinition => ({
    name,
    label,
    type: 'datetime',
    fieldType: 'date',
    groupName,
    description,
  });
  return [
    number(
      SCORE_PROPERTIES.score,
      'Recruitment score',
      'Recruitment lead score: fit plus engagement, with decay.',
    ),
    number(
      SCORE_PROPERTIES.fit,
      'Recruitment fit score',
      'How well the candidate fits the profile (explicit criteria).',
    ),
    number(
      SCORE_PROPERTIES.engagement,
      'Recruitment engagement score',
      'What the candidate did recently (implicit criteria, with decay).',
    ),
    {
      name: SCORE_PROPERTIES.tier,
      label: 'Recruitment tier',
      type: 'enumeration',
      fieldType: 'select',
      groupName,
      description: 'Hot, warm, cold or disqualified: whom to approach now.',
      options: tiers.map((tier, i) => ({
        label: tier.label ?? tier.name.charAt(0).toUpperCase() + tier.name.slice(1),
        value: tier.name,
        displayOrder: i,
        hidden: false,
      })),
    },
    datetime(
      SCORE_PROPERTIES.scoredAt,
      'Recruitment score changed at',
      'When the recruitment score outputs last changed.',
    ),
    datetime(
      SCORE_PROPERTIES.nextReviewAt,
      'Recruitment score next review',
      'When decay will next change the recruitment score.',
    ),
    {
      name: SCORE_PROPERTIES.summary,
      label: 'Recruitment score summary',
      type: 'string',
      fieldType: 'text',
      groupName,
      description: 'The top reasons for the recruitment score, in one line.',
    },
    ...(profiles && profiles.length > 0 ? [profileDefinition(profiles)] : []),
  ];
}

function profileDefinition(profiles: readonly ProfileOption[]): ScorePropertyDefinition {
  return {
    name: PROFILE_PROPERTY,
    label: 'Recruitment profile',
    type: 'enumeration',
    fieldType: 'select',
    groupName: SCORE_PROPERTY_GROUP.name,
    description:
      'The fit profile (job family or vacancy) that counts: the pinned one, else the best fit.',
    options: profiles.map((profile, i) => ({
      label: profile.label,
      value: profile.id,
      displayOrder: i,
      hidden: false,
    })),
  };
}

/** The outputs of one score; `recruitment_profile` only for a model with profiles. */
export type ScoreOutputValues = Record<
  Exclude<ScorePropertyName, 'recruitment_scored_at'>,
  string
> &
  Partial<Record<typeof PROFILE_PROPERTY, string>>;

/**
 * The output values for a score, as HubSpot stores them (strings). `recruitment_scored_at` is
 * left out: it is set only when another output changed, by whoever writes.
 */
export function scoreOutputValues(score: ContactScore): ScoreOutputValues {
  const values = outputValues(score);
  // Never for a model without profiles: the property may not exist in the account.
  if (score.profile !== undefined) values[PROFILE_PROPERTY] = score.profile;
  return values;
}

function outputValues(score: ContactScore): ScoreOutputValues {
  return {
    [SCORE_PROPERTIES.score]: String(score.score),
    [SCORE_PROPERTIES.fit]: String(score.fit),
    [SCORE_PROPERTIES.engagement]: String(score.engagement),
    [SCORE_PROPERTIES.tier]: score.tier,
    [SCORE_PROPERTIES.nextReviewAt]:
      score.nextReviewAt === null ? '' : new Date(score.nextReviewAt).toISOString(),
    [SCORE_PROPERTIES.summary]: summarizeScore(score),
  } as ScoreOutputValues;
}
