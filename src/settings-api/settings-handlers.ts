import type { HubSpotPort } from '../hubspot/hubspot-port.ts';
import type { AccountJobs } from '../jobs/account-jobs.ts';
import { HubSpotError } from '../hubspot/hubspot-error.ts';
import { MODEL_TEMPLATES, findTemplate, templateText } from '../model/templates.ts';
import type { HandlerRequest, HandlerResponse } from '../server/http-types.ts';
import {
  UnknownModelVersionError,
  type AccountModels,
  type ModelVersion,
} from '../store/account-models.ts';
import type { SettingsAudit } from '../store/settings-audit.ts';
import type { ScoringModel } from '../model/index.ts';
import { checkModel, missingProperties } from './model-check.ts';
import { SettingsApiError } from './settings-api-error.ts';
import {
  calibrationRequestSchema,
  chooseTemplateRequestSchema,
  previewRequestSchema,
  publishRequestSchema,
  rollbackRequestSchema,
  saveDraftRequestSchema,
  validateRequestSchema,
  type JobInfo,
  type ModelVersionInfo,
  type OverviewAnswer,
  type ValidateAnswer,
} from './settings-contract.ts';
import type { PublishPermission } from './settings-permission.ts';
import { readBody, type SettingsCaller } from './settings-request.ts';

export interface SettingsApiDeps {
  verifySignature(request: HandlerRequest): { valid: true } | { valid: false; reason: string };
  /** The account's HubSpot port; undefined when the app is not installed there. */
  hubspotForPortal(portalId: number): Promise<HubSpotPort | undefined>;
  models: AccountModels;
  audit: SettingsAudit;
  permission: PublishPermission;
  /** Where the account's models live in the store (the account home's modelKeyFor). */
  modelKeyFor(portalId: number): number;
  /** After a publish: new events use the new version at once. */
  refreshAccount(portalId: number): void;
  /** The account's background jobs: the recalculation after a publish, previews. */
  jobs: AccountJobs;
  now(): number;
}

export interface SettingsContext {
  caller: SettingsCaller;
  port: HubSpotPort;
  deps: SettingsApiDeps;
  /** The store key of the caller's account. */
  key: number;
}

type Handler = (request: HandlerRequest, context: SettingsContext) => Promise<HandlerResponse>;

export const overview: Handler = async (_request, { caller, port, deps, key }) => {
  const published = await deps.models.published(key);
  const draft = await deps.models.draft(key);
  const body: OverviewAnswer = {
    portalId: caller.portalId,
    locale: caller.locale,
    canPublish: await deps.permission.mayPublish(caller.portalId, caller.userId, port),
    history: (await deps.models.history(key)).map(versionInfo),
    templates: MODEL_TEMPLATES.map((t) => ({
      id: t.id,
      label: t.name[caller.locale],
      description: t.description[caller.locale],
    })),
  };
  if (published) body.published = { ...versionInfo(published), modelYaml: published.modelYaml };
  const recalculation = await deps.jobs.latest(caller.portalId, 'recalculation');
  const preview = await deps.jobs.latest(caller.portalId, 'preview');
  const calibration = await deps.jobs.latest(caller.portalId, 'calibration');
  if (calibration) body.calibration = calibration;
  if (recalculation) body.recalculation = recalculation;
  if (preview) body.preview = preview;
  if (draft) {
    body.draft = {
      modelYaml: draft.modelYaml,
      savedBy: draft.savedBy,
      savedAt: draft.savedAt,
      problems: checkModel(draft.modelYaml).problems,
    };
  }
  return { status: 200, body };
};

export const properties: Handler = async (_request, { port }) => ({
  status: 200,
  body: { properties: await port.listContactProperties() },
});

export const validate: Handler = async (request, context) => {
  const { modelYaml } = readBody(request, validateRequestSchema, context.caller.messages);
  return { status: 200, body: await validation(modelYaml, context.port) };
};

export const saveDraft: Handler = async (request, context) => {
  const { caller, deps, key } = context;
  const { modelYaml } = readBody(request, saveDraftRequestSchema, caller.messages);
  // An unfinished draft is kept: the admin may stop half-way and come back.
  const answer = await validation(modelYaml, context.port);
  await deps.models.saveDraft(key, modelYaml, { by: caller.userId });
  const savedAt = (await deps.models.draft(key))?.savedAt ?? deps.now();
  await deps.audit.record({
    portalId: key,
    at: deps.now(),
    userId: caller.userId,
    action: 'draft',
  });
  return { status: 200, body: { ...answer, savedAt } };
};

export const chooseTemplate: Handler = async (request, context) => {
  const { caller, deps, key } = context;
  const { templateId } = readBody(request, chooseTemplateRequestSchema, caller.messages);
  await mustMayPublish(context, 'template');
  const template = findTemplate(templateId);
  if (!template) {
    throw new SettingsApiError(404, caller.messages.unknownTemplate(templateId), {
      reason: 'unknown-template',
    });
  }
  const draftYaml = await templateText(template.id);
  await deps.models.saveDraft(key, draftYaml, { by: caller.userId });
  let published: ModelVersion | undefined;
  if ((await deps.models.publishedVersion(key)) === undefined) {
    // A fresh install scores with the template the admin picked from the first event on.
    published = await deps.models.publish(key, draftYaml, {
      by: caller.userId,
      note: caller.messages.startedFromTemplate(template.name[caller.locale]),
    });
    deps.refreshAccount(caller.portalId);
  }
  await deps.audit.record({
    portalId: key,
    at: deps.now(),
    userId: caller.userId,
    action: 'template',
    modelVersion: published?.version,
    details: template.id,
  });
  const recalculation = published ? await recalculate(context, published) : undefined;
  return {
    status: 200,
    body: {
      draftYaml,
      ...(published ? { published: versionInfo(published) } : {}),
      ...(recalculation ? { recalculation } : {}),
    },
  };
};

export const publish: Handler = async (request, context) => {
  const { caller, deps, key } = context;
  const { note } = readBody(request, publishRequestSchema, caller.messages);
  await mustMayPublish(context, 'publish');
  const draft = await deps.models.draft(key);
  if (!draft) throw new SettingsApiError(409, caller.messages.noDraft, { reason: 'no-draft' });
  mustBeValid(draft.modelYaml, caller);
  const version = await deps.models.publish(key, draft.modelYaml, { by: caller.userId, note });
  deps.refreshAccount(caller.portalId);
  await deps.audit.record({
    portalId: key,
    at: deps.now(),
    userId: caller.userId,
    action: 'publish',
    modelVersion: version.version,
    details: note,
  });
  const recalculation = await recalculate(context, version);
  return { status: 200, body: { published: versionInfo(version), recalculation } };
};

export const rollback: Handler = async (request, context) => {
  const { caller, deps, key } = context;
  const { version, note } = readBody(request, rollbackRequestSchema, caller.messages);
  await mustMayPublish(context, 'rollback');
  let published: ModelVersion;
  try {
    published = await deps.models.rollback(key, version, { by: caller.userId, note });
  } catch (error) {
    if (!(error instanceof UnknownModelVersionError)) throw error;
    throw new SettingsApiError(404, caller.messages.unknownVersion(version), {
      reason: 'unknown-version',
    });
  }
  deps.refreshAccount(caller.portalId);
  await deps.audit.record({
    portalId: key,
    at: deps.now(),
    userId: caller.userId,
    action: 'rollback',
    modelVersion: published.version,
    details: `to version ${version}${note ? `: ${note}` : ''}`,
  });
  const recalculation = await recalculate(context, published);
  return { status: 200, body: { published: versionInfo(published), recalculation } };
};

/** Starts a preview of the draft (or of the text sent) on a sample of the account's contacts. */
export const preview: Handler = async (request, context) => {
  const { caller, deps, key } = context;
  const body = readBody(request, previewRequestSchema, caller.messages);
  const draftYaml = body.modelYaml ?? (await deps.models.draft(key))?.modelYaml;
  if (draftYaml === undefined) {
    throw new SettingsApiError(409, caller.messages.noDraft, { reason: 'no-draft' });
  }
  mustBeValid(draftYaml, caller);
  const job = await deps.jobs.startPreview(caller.portalId, {
    draftYaml,
    startedBy: caller.userId,
    sampleSize: body.sampleSize,
    locale: caller.locale,
  });
  return { status: 202, body: { job } };
};

/**
 * Starts a calibration of the published model (or the draft) on every contact of the account.
 * Super admins only: it reads all the account's contacts and spends minutes of its rate budget.
 */
export const calibrate: Handler = async (request, context) => {
  const { caller, deps, key, port } = context;
  const body = readBody(request, calibrationRequestSchema, caller.messages);
  await mustMayPublish(context, 'calibrate');
  if (!deps.jobs.calibrates) {
    throw new SettingsApiError(501, caller.messages.calibrationNeedsServer, {
      reason: 'calibration-unavailable',
    });
  }
  const running = await deps.jobs.latest(caller.portalId, 'calibration');
  if (running && (running.status === 'queued' || running.status === 'running')) {
    throw new SettingsApiError(409, caller.messages.calibrationBusy, { reason: 'busy' });
  }
  let modelYaml: string;
  let modelSource: string;
  if (body.base === 'draft') {
    const draft = await deps.models.draft(key);
    if (!draft) throw new SettingsApiError(409, caller.messages.noDraft, { reason: 'no-draft' });
    modelYaml = draft.modelYaml;
    modelSource = 'the draft';
  } else {
    const published = await deps.models.published(key);
    if (!published) {
      throw new SettingsApiError(409, caller.messages.nothingPublished, {
        reason: 'nothing-published',
      });
    }
    modelYaml = published.modelYaml;
    modelSource = `published version ${published.version}`;
  }
  if (mustBeValid(modelYaml, caller).fit.profiles) {
    throw new SettingsApiError(422, caller.messages.profilesNotCalibrated, {
      reason: 'profiles-not-calibrated',
    });
  }
  const known = (await port.listContactProperties()).map((p) => p.name);
  if (!known.includes(body.outcome.property)) {
    throw new SettingsApiError(422, caller.messages.unknownOutcomeProperty(body.outcome.property), {
      reason: 'unknown-outcome-property',
    });
  }
  await deps.audit.record({
    portalId: key,
    at: deps.now(),
    userId: caller.userId,
    action: 'calibrate',
    details: `${body.outcome.property} = ${body.outcome.values.join(', ')} (${modelSource})`,
  });
  const job = await deps.jobs.startCalibration(caller.portalId, {
    outcome: body.outcome,
    modelYaml,
    modelSource,
    startedBy: caller.userId,
    maxCriteria: body.maxCriteria,
    hotRate: body.hotRate,
    locale: caller.locale,
  });
  return { status: 202, body: { job } };
};

/** One background job of the caller's account; another account's job is "not found". */
export function jobAnswer(jobId: string): Handler {
  return async (_request, { caller, deps }) => {
    const job = await deps.jobs.job(caller.portalId, jobId);
    if (!job)
      throw new SettingsApiError(404, caller.messages.unknownJob, { reason: 'unknown-job' });
    return { status: 200, body: { job } };
  };
}

/** The published version applied to every contact of the account, in the background. */
function recalculate({ caller, deps }: SettingsContext, version: ModelVersion): Promise<JobInfo> {
  return deps.jobs.startRecalculation(caller.portalId, {
    modelVersion: version.version,
    startedBy: caller.userId,
    locale: caller.locale,
  });
}

/** 422 with every problem: nothing is published or previewed half. */
function mustBeValid(modelYaml: string, caller: SettingsCaller): ScoringModel {
  const check = checkModel(modelYaml);
  if (check.valid) return check.model;
  throw new SettingsApiError(422, caller.messages.invalidModel(check.problems.length), {
    reason: 'invalid-model',
    problems: check.problems,
  });
}

/** 403 (recorded) unless HubSpot says this user may change the app's settings. */
async function mustMayPublish(context: SettingsContext, action: string): Promise<void> {
  const { caller, deps, port, key } = context;
  if (await deps.permission.mayPublish(caller.portalId, caller.userId, port)) return;
  await deps.audit.record({
    portalId: key,
    at: deps.now(),
    userId: caller.userId,
    action: 'refused',
    details: action,
  });
  throw new SettingsApiError(403, caller.messages.notAllowed, { reason: 'not-allowed' });
}

async function validation(modelYaml: string, port: HubSpotPort): Promise<ValidateAnswer> {
  const check = checkModel(modelYaml);
  if (!check.valid) return { valid: false, problems: check.problems, missingProperties: [] };
  let known: string[] | undefined;
  try {
    known = (await port.listContactProperties()).map((p) => p.name);
  } catch (error) {
    // The model is still checked; only the "the account lacks this property" flag waits.
    if (!(error instanceof HubSpotError)) throw error;
  }
  return {
    valid: true,
    problems: [],
    missingProperties: missingProperties(check.properties, known),
  };
}

function versionInfo(version: ModelVersion): ModelVersionInfo {
  return {
    version: version.version,
    publishedAt: version.publishedAt,
    publishedBy: version.publishedBy,
    ...(version.note === undefined ? {} : { note: version.note }),
  };
}
