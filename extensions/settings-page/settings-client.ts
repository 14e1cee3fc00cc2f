import type { HubSpotFetchOptions } from '@hubspot/ui-extensions';
import type { z } from 'zod';
import {
  chooseTemplateAnswerSchema,
  errorAnswerSchema,
  jobAnswerSchema,
  overviewAnswerSchema,
  propertiesAnswerSchema,
  publishAnswerSchema,
  rollbackAnswerSchema,
  saveDraftAnswerSchema,
  SETTINGS_ROUTES,
  validateAnswerSchema,
  type CalibrationRequest,
  type ErrorAnswer,
  type ModelProblem,
} from '../../src/settings-api/settings-contract.ts';
import type { SettingsMessages } from './messages/index.ts';

/** `hubspot.fetch`'s shape; the page receives it so tests can hand in a fake. */
export type HubSpotFetch = (url: string, options?: HubSpotFetchOptions) => Promise<Response>;

/** Who is asking, from the settings context: the backend reads these from the signed URL. */
export interface SettingsViewer {
  portalId: string | number;
  userId: string | number;
  locale: string | undefined;
}

/** A failure worded for the admin in their language, with what the page needs to act on. */
export class SettingsLoadError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly reason?: string,
    readonly problems: ModelProblem[] = [],
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'SettingsLoadError';
  }
}

/**
 * A route's own words for some statuses, where the general ones would mislead: a calibration's
 * 409 'busy' is another calibration, and its 422 names the outcome's problem (the backend's text).
 */
type OwnTexts = Partial<Record<number, (answer: ErrorAnswer | undefined) => string>>;

/** Our backend answers within 10 s; `hubspot.fetch` itself stops at 15 s. */
const FETCH_TIMEOUT_MS = 14_000;

/** Every backend call the page makes, each answer parsed with the shared contract. */
export function settingsClient(
  fetch: HubSpotFetch,
  baseUrl: string,
  viewer: SettingsViewer,
  messages: SettingsMessages,
) {
  const call = async <S extends z.ZodType>(
    schema: S,
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body?: Record<string, unknown>,
    own: OwnTexts = {},
  ): Promise<z.infer<S>> => {
    // HubSpot documents only appId as added to the URL; the v3 signature covers the whole URL.
    const query = new URLSearchParams({
      portalId: String(viewer.portalId),
      userId: String(viewer.userId),
      locale: viewer.locale ?? 'en',
    });
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}?${query.toString()}`, {
        method,
        timeout: FETCH_TIMEOUT_MS,
        ...(body && { body }),
      });
    } catch {
      // hubspot.fetch rejects when our backend cannot be reached (or took over 15 s).
      throw new SettingsLoadError(messages.unreachable, undefined, 'unreachable');
    }
    const json: unknown = await response.json().catch(() => undefined);
    if (response.status < 200 || response.status > 299)
      throw failure(response.status, json, messages, own);
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new SettingsLoadError(messages.unexpectedAnswer, response.status);
    return parsed.data;
  };
  return {
    overview: () => call(overviewAnswerSchema, 'GET', SETTINGS_ROUTES.overview),
    properties: () => call(propertiesAnswerSchema, 'GET', SETTINGS_ROUTES.properties),
    validate: (modelYaml: string) =>
      call(validateAnswerSchema, 'POST', SETTINGS_ROUTES.validate, { modelYaml }),
    saveDraft: (modelYaml: string) =>
      call(saveDraftAnswerSchema, 'PUT', SETTINGS_ROUTES.draft, { modelYaml }),
    chooseTemplate: (templateId: string) =>
      call(chooseTemplateAnswerSchema, 'POST', SETTINGS_ROUTES.template, { templateId }),
    preview: (modelYaml?: string) =>
      call(jobAnswerSchema, 'POST', SETTINGS_ROUTES.preview, modelYaml ? { modelYaml } : {}),
    job: (jobId: string) => call(jobAnswerSchema, 'GET', SETTINGS_ROUTES.job(jobId)),
    publish: (note?: string) =>
      call(publishAnswerSchema, 'POST', SETTINGS_ROUTES.publish, note ? { note } : {}),
    rollback: (version: number, note?: string) =>
      call(rollbackAnswerSchema, 'POST', SETTINGS_ROUTES.rollback, {
        version,
        ...(note && { note }),
      }),
    calibrate: (request: CalibrationRequest) =>
      call(jobAnswerSchema, 'POST', SETTINGS_ROUTES.calibrate, request, {
        403: () => messages.calibrationNotAllowed,
        // 409 is also "no draft" or "nothing published": those the backend words.
        409: (answer) =>
          answer?.reason === 'busy' || !answer ? messages.calibrationBusy : answer.message,
        422: (answer) => answer?.message ?? messages.calibrationRefused,
      }),
  };
}

export type SettingsClient = ReturnType<typeof settingsClient>;

/** The backend's own text is already in the user's language; ours covers what it cannot say. */
function failure(
  status: number,
  body: unknown,
  messages: SettingsMessages,
  own: OwnTexts,
): SettingsLoadError {
  const parsed = errorAnswerSchema.safeParse(body);
  const answer = parsed.success ? parsed.data : undefined;
  const text = (() => {
    const ownText = own[status];
    if (ownText) return ownText(answer);
    if (status === 401) return messages.notSigned;
    if (status === 403) return messages.onlySuperAdmins;
    if (status === 409) return messages.busy;
    if (status === 422) return messages.invalidModel;
    if (status === 404) return messages.notFound;
    if (status === 503) return messages.hubspotBusy(answer?.retryAfterSeconds);
    return answer?.message ?? messages.backendFailed(status);
  })();
  return new SettingsLoadError(
    text,
    status,
    answer?.reason,
    answer?.problems ?? [],
    answer?.retryAfterSeconds,
  );
}
