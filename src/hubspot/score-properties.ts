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
export const SCORE_PROPERTY_NAMES: readonly ScorePropertyName[] = Object.values(SCORE_PROPERTIES);

/** HubSpot's property definition body (POST /crm/properties/2026-03/contacts). */
export interface ScorePropertyDefinition {
  name: ScorePropertyName;
  label: string;
  type: 'number' | 'string' | 'enumeration' | 'datetime';
  fieldType: 'number' | 'text' | 'select' | 'date';
  groupName: string;
  description: string;
  options?: { label: string; value: string; displayOrder: number; hidden: boolean }[];
}

export function scorePropertyDefinitions(
  tiers: readonly { name: string; label?: string | undefined }[],
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
  ];
}

/**
 * The output values for a score, as HubSpot stores them (strings). `recruitment_scored_at` is
 * left out: it is set only when another output changed, by whoever writes.
 */
export function scoreOutputValues(
  score: ContactScore,
): Record<Exclude<ScorePropertyName, 'recruitment_scored_at'>, string> {
  return {
    [SCORE_PROPERTIES.score]: String(score.score),
    [SCORE_PROPERTIES.fit]: String(score.fit),
    [SCORE_PROPERTIES.engagement]: String(score.engagement),
    [SCORE_PROPERTIES.tier]: score.tier,
    [SCORE_PROPERTIES.nextReviewAt]:
      score.nextReviewAt === null ? '' : new Date(score.nextReviewAt).toISOString(),
    [SCORE_PROPERTIES.summary]: summarizeScore(score),
  } as Record<Exclude<ScorePropertyName, 'recruitment_scored_at'>, string>;
}
