/**
 * The outputs HubSpot stores on the contact, read with `useCrmProperties` (live: a workflow or
 * our own write shows at once). The names are the app's public contract; they are repeated here
 * because the card may bundle nothing from the backend but the response schema (even a type
 * import would pull the scoring engine into the HubSpot project); a test keeps them equal.
 */
export const STORED_OUTPUT_PROPERTIES = {
  score: 'recruitment_score',
  fit: 'recruitment_fit_score',
  engagement: 'recruitment_engagement_score',
  tier: 'recruitment_tier',
  scoredAt: 'recruitment_scored_at',
  nextReviewAt: 'recruitment_next_review_at',
  summary: 'recruitment_score_summary',
} as const;

/**
 * The fit profile that counts (the option value is the profile's id). Only models with several
 * profiles write it, so it is kept apart from the seven every account has; asking for it where
 * the property does not exist just reads null.
 */
export const STORED_PROFILE_PROPERTY = 'recruitment_profile';

export const STORED_OUTPUT_NAMES: string[] = [
  ...Object.values(STORED_OUTPUT_PROPERTIES),
  STORED_PROFILE_PROPERTY,
];

export interface StoredOutputs {
  /** Null when the contact was never scored. */
  score: number | null;
  fit: number | null;
  engagement: number | null;
  tier: string | null;
  /** ISO-8601. */
  scoredAt: string | null;
  nextReviewAt: string | null;
  summary: string | null;
  /** The id of the fit profile that counts; null for a model with one profile. */
  profile: string | null;
}

export function readStoredOutputs(properties: Record<string, string | null>): StoredOutputs {
  const p = STORED_OUTPUT_PROPERTIES;
  const text = (name: string) => {
    const value = properties[name]?.trim();
    return value ? value : null;
  };
  return {
    score: readNumber(properties[p.score]),
    fit: readNumber(properties[p.fit]),
    engagement: readNumber(properties[p.engagement]),
    tier: text(p.tier),
    scoredAt: readDate(properties[p.scoredAt]),
    nextReviewAt: readDate(properties[p.nextReviewAt]),
    summary: text(p.summary),
    profile: text(STORED_PROFILE_PROPERTY),
  };
}

function readNumber(value: string | null | undefined): number | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

/** HubSpot gives datetimes as ISO-8601 or as epoch milliseconds. */
function readDate(value: string | null | undefined): string | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const trimmed = value.trim();
  const at = /^\d{9,}$/.test(trimmed) ? Number(trimmed) : Date.parse(trimmed);
  return Number.isFinite(at) ? new Date(at).toISOString() : null;
}
