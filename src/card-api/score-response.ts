import { z } from 'zod';
import type { DISQUALIFIED_TIER } from '../model/model-schema.ts';
import type { BreakdownKind, BreakdownSection } from '../scoring/breakdown.ts';

/**
 * What the contact card's backend answers, parsed on both sides: the backend validates before it
 * sends, the card validates what `hubspot.fetch` returns. This module is bundled into the card
 * (browser): keep it free of node-only imports and of anything but zod and types.
 */

const BREAKDOWN_KINDS = [
  'criterion',
  'knockout',
  'touchpoint',
  'touchpoint-cap',
  'group-limit',
  'channel-cap',
  'inactivity',
  'score-limit',
] as const satisfies readonly BreakdownKind[];

const BREAKDOWN_SECTIONS = [
  'fit',
  'engagement',
  'total',
] as const satisfies readonly BreakdownSection[];

const isoDateTime = z.iso.datetime({ offset: true });

/** A property value the entry saw, as HubSpot sent it (JSON has no `undefined`: unknown is null). */
const entryInputSchema = z.object({
  property: z.string(),
  value: z.union([z.string(), z.number(), z.boolean(), z.null()]),
});

export const decayAppliedSchema = z.object({
  factor: z.number(),
  daysSinceLast: z.number(),
  /** Epoch ms, as in the command line's JSON. */
  lastActivityAt: z.number(),
  rule: z.string(),
});

/** One occurrence of a history touchpoint (a download, a page visit) with its own decay. */
export const historyEventSchema = z.object({
  value: z.string(),
  at: z.number().nullable(),
  basePoints: z.number(),
  factor: z.number(),
  points: z.number(),
});

/** The engine's BreakdownEntry plus the sentence `explainEntry` makes of it. */
export const breakdownEntrySchema = z.object({
  id: z.string(),
  kind: z.enum(BREAKDOWN_KINDS),
  section: z.enum(BREAKDOWN_SECTIONS),
  group: z.string(),
  label: z.string(),
  points: z.number(),
  inputs: z.array(entryInputSchema),
  basePoints: z.number().optional(),
  occurrences: z.number().optional(),
  matched: z.string().optional(),
  decay: decayAppliedSchema.optional(),
  /** History touchpoints: each download or page visit that counts, newest first. */
  events: z.array(historyEventSchema).optional(),
  explanation: z.string(),
});
export type BreakdownRow = z.infer<typeof breakdownEntrySchema>;

export const decayRuleSchema = z.union([
  z.object({ halfLifeDays: z.number() }),
  z.object({ steps: z.array(z.object({ afterDays: z.number(), keep: z.number() })) }),
]);
export type DecayRule = z.infer<typeof decayRuleSchema>;

/** The parts of the scoring model the card needs to group and word the breakdown. */
export const modelInfoSchema = z.object({
  name: z.string(),
  scoreRange: z.object({ min: z.number(), max: z.number() }),
  /** Highest first; the last has `minScore: null` and catches the rest. */
  tiers: z.array(
    z.object({ name: z.string(), label: z.string(), minScore: z.number().nullable() }),
  ),
  /** Fit groups in model order ("Location", "Job function"); with profiles, the counting one's. */
  fitGroups: z.array(z.object({ id: z.string(), label: z.string() })),
  /** Engagement channels in display order, with the model's label ("Website"). */
  channels: z.array(z.object({ id: z.string(), label: z.string(), max: z.number().nullable() })),
  /** Touchpoint decay rules, so the card can word decay in the user's language. */
  touchpointDecay: z.record(z.string(), decayRuleSchema),
});
export type ModelInfo = z.infer<typeof modelInfoSchema>;

/** A fit profile's fit for this contact (models with several profiles: job families, vacancies). */
export const profileFitSchema = z.object({
  id: z.string(),
  label: z.string(),
  fit: z.number(),
  knockedOut: z.boolean(),
  /** The model's `pinnedBy` property named this profile: it counts whatever its fit. */
  pinned: z.boolean(),
});
export type ProfileFitRow = z.infer<typeof profileFitSchema>;

export const historyPointSchema = z.object({ timestamp: isoDateTime, score: z.number() });
export type HistoryPoint = z.infer<typeof historyPointSchema>;

export const scoreResponseSchema = z.object({
  contactId: z.string(),
  portalId: z.string(),
  score: z.number(),
  fit: z.number(),
  engagement: z.number(),
  tier: z.string(),
  /** When decay will next change the score, or null when it never will. */
  nextReviewAt: isoDateTime.nullable(),
  /** When this breakdown was computed (the backend's clock). */
  scoredAt: isoDateTime,
  breakdown: z.array(breakdownEntrySchema),
  /** Models with fit profiles only: the id of the profile that counts, and every profile's fit. */
  profile: z.string().optional(),
  profiles: z.array(profileFitSchema).optional(),
  warnings: z.array(z.string()),
  /** Oldest first: the values `recruitment_score` had in HubSpot. */
  history: z.array(historyPointSchema),
  /** What HubSpot holds now; `score: null` means the contact was never scored. */
  stored: z.object({ score: z.number().nullable(), scoredAt: isoDateTime.nullable() }),
  /** Present on a rescore: whether the outputs changed and were written to HubSpot. */
  rescore: z.object({ written: z.boolean() }).optional(),
  /** HubSpot did not give the score's history in time: the breakdown is live, the trend missing. */
  historyUnavailable: z.boolean().optional(),
  model: modelInfoSchema,
});
export type ScoreResponse = z.infer<typeof scoreResponseSchema>;

/**
 * Why a request failed, where the card words it itself (in the user's language) or acts on it:
 * - `hubspot-busy`: HubSpot rate-limited us; try again after `retryAfterSeconds`.
 * - `hubspot-slow`: HubSpot did not answer within the card's deadline; try again shortly.
 * - `token-undecryptable`: the stored tokens cannot be read (TOKEN_ENCRYPTION_KEY changed): an
 *   operator must restore the key, or an admin reinstall the app. Waiting does not help.
 * - `access-revoked`: HubSpot no longer accepts the app's access: reinstall.
 */
export const CARD_ERROR_REASONS = [
  'hubspot-busy',
  'hubspot-slow',
  'token-undecryptable',
  'access-revoked',
] as const;
export type CardErrorReason = (typeof CARD_ERROR_REASONS)[number];

/** Every non-2xx answer of the card API; `message` is English, for logs and old cards. */
export const errorResponseSchema = z.object({
  message: z.string(),
  reason: z.enum(CARD_ERROR_REASONS).optional(),
  /** Also sent as a `Retry-After` header; in the body because `hubspot.fetch` may drop headers. */
  retryAfterSeconds: z.number().int().positive().optional(),
});
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

/** The engine's knockout tier (not imported as a value: that would bundle the model schema). */
export const DISQUALIFIED_TIER_NAME = 'disqualified' satisfies typeof DISQUALIFIED_TIER;

/** The card API's paths, shared so the card and the routes cannot drift apart. */
export const cardApiPaths = {
  score: (contactId: string) => `/api/contacts/${encodeURIComponent(contactId)}/score`,
  rescore: (contactId: string) => `/api/contacts/${encodeURIComponent(contactId)}/rescore`,
} as const;

/**
 * What a card sends a HubSpot-hosted app function (`hubspot.serverless(name, { parameters })`):
 * the function has no URL per action, so the action and the record travel as parameters.
 */
export const cardFunctionParametersSchema = z.object({
  action: z.enum(['score', 'rescore']),
  contactId: z.union([z.string(), z.number()]).transform(String),
  portalId: z.union([z.string(), z.number()]).transform(String).optional(),
  userId: z.union([z.string(), z.number()]).transform(String).optional(),
});
export type CardFunctionParameters = z.input<typeof cardFunctionParametersSchema>;

/** What the app function answers a card: an HTTP-like status and one of the bodies above. */
export const cardFunctionResultSchema = z.object({ statusCode: z.number(), body: z.unknown() });
