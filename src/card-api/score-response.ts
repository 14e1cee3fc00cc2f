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
  /** Fit groups in model order ("Location", "Job function"). */
  fitGroups: z.array(z.object({ id: z.string(), label: z.string() })),
  /** Engagement channels in display order, with the model's label ("Website"). */
  channels: z.array(z.object({ id: z.string(), label: z.string(), max: z.number().nullable() })),
  /** Touchpoint decay rules, so the card can word decay in the user's language. */
  touchpointDecay: z.record(z.string(), decayRuleSchema),
});
export type ModelInfo = z.infer<typeof modelInfoSchema>;

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
  warnings: z.array(z.string()),
  /** Oldest first: the values `recruitment_score` had in HubSpot. */
  history: z.array(historyPointSchema),
  /** What HubSpot holds now; `score: null` means the contact was never scored. */
  stored: z.object({ score: z.number().nullable(), scoredAt: isoDateTime.nullable() }),
  /** Present on a rescore: whether the outputs changed and were written to HubSpot. */
  rescore: z.object({ written: z.boolean() }).optional(),
  model: modelInfoSchema,
});
export type ScoreResponse = z.infer<typeof scoreResponseSchema>;

/** Every non-2xx answer of the card API. */
export const errorResponseSchema = z.object({ message: z.string() });
export type ErrorResponse = z.infer<typeof errorResponseSchema>;

/** The engine's knockout tier (not imported as a value: that would bundle the model schema). */
export const DISQUALIFIED_TIER_NAME = 'disqualified' satisfies typeof DISQUALIFIED_TIER;

/** The card API's paths, shared so the card and the routes cannot drift apart. */
export const cardApiPaths = {
  score: (contactId: string) => `/api/contacts/${encodeURIComponent(contactId)}/score`,
  rescore: (contactId: string) => `/api/contacts/${encodeURIComponent(contactId)}/rescore`,
} as const;
