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
  /** POST calibrationRequest: starts a calibration job on the account's own contacts. */
  calibrate: `${SETTINGS_API_PREFIX}/calibrate`,
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
  /**
   * What a calibration is doing now: reading the contacts, reading their property history,
   * or learning from them (done/total then count learning steps). Other jobs leave it out.
   */
  stage: z.enum(['reading', 'history', 'learning']).optional(),
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

/** Held-out figures of one model in a calibration's backtest. */
export const backtestFiguresSchema = z.object({
  rocAuc: z.number().nullable(),
  prAuc: z.number().nullable(),
  /** Outcome rate in the top 10% of scores divided by the overall rate, and its recall. */
  liftTop10: z.number().nullable(),
  recallTop10: z.number().nullable(),
});

/** What a calibration found on the account's contacts: the report the settings page shows. */
export const calibrationResultSchema = z.object({
  outcome: z.object({ property: z.string(), values: z.array(z.string()) }),
  /** Contacts read, and how many of them reached the outcome. */
  candidates: z.number().int().min(0),
  withOutcome: z.number().int().min(0),
  /** How the contacts were split into learning and held-out, in words (English). */
  split: z.object({
    description: z.string(),
    learning: z.number().int().min(0),
    holdout: z.number().int().min(0),
  }),
  /** The same held-out contacts scored three ways. */
  backtest: z.object({
    current: backtestFiguresSchema,
    suggested: backtestFiguresSchema,
    /** A plain logistic regression on every usable property: the yardstick. */
    reference: backtestFiguresSchema,
  }),
  /** The model's own criteria and touchpoints: points now and suggested. */
  points: z.array(
    z.object({
      label: z.string(),
      currentPoints: z.number(),
      suggestedPoints: z.number(),
      /** 'learned', 'not supported by the data', 'left out (leakage)' or 'set to 0'. */
      status: z.string(),
      matches: z.number().int().min(0),
      outcomesAmongMatches: z.number().int().min(0),
    }),
  ),
  /** Criteria the data supports that the model did not have (in the suggestion). */
  proposed: z.array(
    z.object({
      label: z.string(),
      labelNl: z.string(),
      property: z.string(),
      points: z.number(),
      matches: z.number().int().min(0),
      outcomeRate: z.number().nullable(),
    }),
  ),
  /** Content by lift: which whitepapers, pages and emails come before the outcome. */
  content: z.array(
    z.object({
      kind: z.string(),
      name: z.string(),
      touched: z.number().int().min(0),
      rateTouched: z.number().nullable(),
      lift: z.number().nullable(),
      liftLow: z.number().nullable(),
      liftHigh: z.number().nullable(),
      smallSample: z.boolean(),
    }),
  ),
  /** Suggested tier thresholds, and each tier's share before and after. */
  tiers: z.object({
    basis: z.string(),
    lines: z.array(
      z.object({
        name: z.string(),
        currentMinScore: z.number().nullable(),
        suggestedMinScore: z.number().nullable(),
        shareBefore: z.number().nullable(),
        shareAfter: z.number().nullable(),
        outcomeRateAfter: z.number().nullable(),
      }),
    ),
  }),
  warnings: z.array(z.string()),
  /** The suggested model: load it as the draft (PUT draft) to preview and publish it. */
  suggestedYaml: z.string(),
});
export type CalibrationResult = z.infer<typeof calibrationResultSchema>;

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
  /** Set when finished: a previewResult, recalculationResult or calibrationResult, by kind. */
  result: z
    .union([previewResultSchema, recalculationResultSchema, calibrationResultSchema])
    .optional(),
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
  /** The latest recalculation, preview and calibration of this account, if any. */
  recalculation: jobSchema.optional(),
  preview: jobSchema.optional(),
  calibration: jobSchema.optional(),
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

/**
 * A calibration of the account's own contacts. The outcome is a property and the values that
 * count as reaching it ("hs_lead_status" = "HIRED"); the model calibrated is the draft when
 * `base` is 'draft', else the published model.
 */
export const calibrationRequestSchema = z.object({
  outcome: z.object({
    property: z.string().min(1).max(100),
    values: z.array(z.string().min(1).max(200)).min(1).max(50),
  }),
  base: z.enum(['published', 'draft']).optional(),
  /** Propose at most this many new criteria (default 25); 0 proposes none. */
  maxCriteria: z.number().int().min(0).max(100).optional(),
  /** Hot starts where the outcome rate reaches this share (0 to 1); default: the top 10%. */
  hotRate: z.number().gt(0).lt(1).optional(),
});
export type CalibrationRequest = z.infer<typeof calibrationRequestSchema>;

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
