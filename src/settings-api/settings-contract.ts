import { z } from 'zod';

/**
 * What the settings page (extensions/settings-page) and the settings backend
 * (src/settings-api) say to each other: every request body and answer, as zod schemas that
 * both sides parse with. All paths are under SETTINGS_API_PREFIX and are called with signed
 * `hubspot.fetch` (v3 signature over the full URL); the page appends `portalId`, `userId` and
 * `locale` from its context, as the card does, and the backend takes the account and the user
 * from that signed URL only.
 *
 * Errors: every non-2xx answer is an `errorAnswerSchema` body. 401 unsigned or badly signed,
 * 403 the user may not change this app's settings (publish, rollback, template), 404 no such
 * job or version, 409 a recalculation is already running for the account, 422 a model that
 * is not valid (with every problem), 503 HubSpot is not answering (with retryAfterSeconds).
 */

export const SETTINGS_API_PREFIX = '/api/settings';

/** The routes, relative to the backend's base URL. */
export const SETTINGS_ROUTES = {
  /** GET: published model, draft, history, templates, the user's rights, the latest jobs. */
  overview: `${SETTINGS_API_PREFIX}/overview`,
  /** GET: the account's own contact properties (for the property pickers). */
  properties: `${SETTINGS_API_PREFIX}/properties`,
  /** POST validateRequest: problems of a model text, nothing stored. */
  validate: `${SETTINGS_API_PREFIX}/validate`,
  /** PUT saveDraftRequest: stores the draft (an unfinished draft is kept, with its problems). */
  draft: `${SETTINGS_API_PREFIX}/draft`,
  /** POST chooseTemplateRequest: the draft becomes the template's model (first install: published). */
  template: `${SETTINGS_API_PREFIX}/template`,
  /** POST previewRequest: starts a preview job (draft against published on a sample). */
  preview: `${SETTINGS_API_PREFIX}/preview`,
  /** POST publishRequest: publishes the draft and starts the account's recalculation job. */
  publish: `${SETTINGS_API_PREFIX}/publish`,
  /** POST rollbackRequest: publishes a copy of an earlier version and recalculates. */
  rollback: `${SETTINGS_API_PREFIX}/rollback`,
  /** GET: one job of this account (`/api/settings/jobs/{jobId}`). */
  job: (jobId: string) => `${SETTINGS_API_PREFIX}/jobs/${encodeURIComponent(jobId)}`,
} as const;

export const localeSchema = z.enum(['en', 'nl']);

/** One problem of a model, as the model file's validation names it. */
export const modelProblemSchema = z.object({
  /** "engagement.touchpoints[2].points", or "(model)" / "YAML" for the whole text. */
  path: z.string(),
  message: z.string(),
});
export type ModelProblem = z.infer<typeof modelProblemSchema>;

export const errorAnswerSchema = z.object({
  message: z.string(),
  /** A machine-readable reason: 'unsigned', 'not-allowed', 'invalid-model', 'busy', ... */
  reason: z.string().optional(),
  problems: z.array(modelProblemSchema).optional(),
  retryAfterSeconds: z.number().int().positive().optional(),
});
export type ErrorAnswer = z.infer<typeof errorAnswerSchema>;

export const modelVersionSchema = z.object({
  version: z.number().int().positive(),
  /** Epoch ms. */
  publishedAt: z.number(),
  /** A HubSpot user id, or 'cli'. */
  publishedBy: z.string(),
  note: z.string().optional(),
});
export type ModelVersionInfo = z.infer<typeof modelVersionSchema>;

export const templateInfoSchema = z.object({
  id: z.string(),
  /** In the user's locale. */
  label: z.string(),
  description: z.string(),
});

export const jobKindSchema = z.enum(['recalculation', 'preview', 'calibration']);
export const jobStatusSchema = z.enum(['queued', 'running', 'finished', 'failed', 'cancelled']);

export const jobProgressSchema = z.object({
  /** Contacts done so far, and the total when known. */
  done: z.number().int().min(0),
  total: z.number().int().min(0).optional(),
  /** Contacts a second over the last minute, and the estimated seconds left. */
  perSecond: z.number().min(0).optional(),
  secondsLeft: z.number().min(0).optional(),
});

export const tierMoveSchema = z.object({
  /** Tier names, or '(unscored)'. */
  from: z.string(),
  to: z.string(),
  count: z.number().int().min(0),
});

export const scoreDistributionSchema = z.object({
  /** Contacts per score band, low to high. */
  bands: z.array(z.object({ from: z.number(), to: z.number(), count: z.number().int().min(0) })),
  /** Share (0..1) of the sample in each tier, keyed by tier name. */
  tierShares: z.record(z.string(), z.number().min(0).max(1)),
  mean: z.number(),
  median: z.number(),
});

export const contactMoveSchema = z.object({
  contactId: z.string(),
  /** First and last name, or the email, when the sample read them; else undefined. */
  name: z.string().optional(),
  before: z.object({ score: z.number(), tier: z.string() }),
  after: z.object({ score: z.number(), tier: z.string() }),
});

export const previewResultSchema = z.object({
  /** Contacts in the sample (up to about 1,000). */
  sampled: z.number().int().min(0),
  /** The published model's figures (undefined when nothing is published yet). */
  published: scoreDistributionSchema.optional(),
  draft: scoreDistributionSchema,
  tierMoves: z.array(tierMoveSchema),
  /** The contacts whose score changes most, largest change first (at most 20). */
  biggestMoves: z.array(contactMoveSchema),
  warnings: z.array(z.string()),
});
export type PreviewResult = z.infer<typeof previewResultSchema>;

export const recalculationResultSchema = z.object({
  modelVersion: z.number().int().positive(),
  read: z.number().int().min(0),
  changed: z.number().int().min(0),
  written: z.number().int().min(0),
  tierMoves: z.array(tierMoveSchema),
  /** HubSpot calls made, and the least possible (reads and writes of 100). */
  requests: z.number().int().min(0),
  leastRequests: z.number().int().min(0),
  seconds: z.number().min(0),
});
export type RecalculationResult = z.infer<typeof recalculationResultSchema>;

export const jobSchema = z.object({
  id: z.string(),
  kind: jobKindSchema,
  status: jobStatusSchema,
  /** Who started it: a HubSpot user id, 'cli' or 'system'. */
  startedBy: z.string(),
  /** Epoch ms. */
  createdAt: z.number(),
  updatedAt: z.number(),
  progress: jobProgressSchema,
  /** For a recalculation: the model version it applies. */
  modelVersion: z.number().int().positive().optional(),
  /** Set when finished: a previewResult or a recalculationResult, by kind. */
  result: z.union([previewResultSchema, recalculationResultSchema]).optional(),
  /** Set when failed: what went wrong, in words for the admin (no secrets). */
  error: z.string().optional(),
});
export type JobInfo = z.infer<typeof jobSchema>;

export const overviewAnswerSchema = z.object({
  portalId: z.number().int().positive(),
  locale: localeSchema,
  /** May this user publish, roll back and choose a template (a super admin, see README)? */
  canPublish: z.boolean(),
  published: modelVersionSchema.extend({ modelYaml: z.string() }).optional(),
  draft: z
    .object({
      modelYaml: z.string(),
      savedBy: z.string(),
      savedAt: z.number(),
      /** The draft's problems now (an unfinished draft is kept). */
      problems: z.array(modelProblemSchema),
    })
    .optional(),
  /** Newest first. */
  history: z.array(modelVersionSchema),
  templates: z.array(templateInfoSchema),
  /** The latest recalculation and preview of this account, if any. */
  recalculation: jobSchema.optional(),
  preview: jobSchema.optional(),
});
export type OverviewAnswer = z.infer<typeof overviewAnswerSchema>;

export const propertyInfoSchema = z.object({
  name: z.string(),
  label: z.string(),
  /** HubSpot's type: string, number, date, datetime, enumeration, bool. */
  type: z.string(),
  fieldType: z.string(),
  groupName: z.string().optional(),
  options: z.array(z.object({ value: z.string(), label: z.string() })),
  /** HubSpot-defined (default) property, or one the account created. */
  hubspotDefined: z.boolean().optional(),
});
export type PropertyInfo = z.infer<typeof propertyInfoSchema>;

export const propertiesAnswerSchema = z.object({
  properties: z.array(propertyInfoSchema),
});

export const validateRequestSchema = z.object({ modelYaml: z.string().max(500_000) });
export const validateAnswerSchema = z.object({
  valid: z.boolean(),
  problems: z.array(modelProblemSchema),
  /** Properties the model reads that the account does not have (flagged, not refused). */
  missingProperties: z.array(z.string()),
});
export type ValidateAnswer = z.infer<typeof validateAnswerSchema>;

export const saveDraftRequestSchema = validateRequestSchema;
export const saveDraftAnswerSchema = validateAnswerSchema.extend({ savedAt: z.number() });

export const chooseTemplateRequestSchema = z.object({ templateId: z.string() });
export const chooseTemplateAnswerSchema = z.object({
  draftYaml: z.string(),
  /** Set when the account had nothing published: the template is published at once. */
  published: modelVersionSchema.optional(),
  recalculation: jobSchema.optional(),
});

/** Without modelYaml the stored draft is previewed. */
export const previewRequestSchema = z.object({
  modelYaml: z.string().max(500_000).optional(),
  /** Contacts to sample, default 1,000, at most 1,000. */
  sampleSize: z.number().int().min(1).max(1_000).optional(),
});
export const jobAnswerSchema = z.object({ job: jobSchema });

export const publishRequestSchema = z.object({ note: z.string().max(500).optional() });
export const publishAnswerSchema = z.object({
  published: modelVersionSchema,
  /** The account's full recalculation with the new version, once background jobs run it. */
  recalculation: jobSchema.optional(),
});

export const rollbackRequestSchema = z.object({
  version: z.number().int().positive(),
  note: z.string().max(500).optional(),
});
export const rollbackAnswerSchema = publishAnswerSchema;
