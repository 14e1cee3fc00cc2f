import { HubSpotError } from '../hubspot/hubspot-error.ts';
import type { HandlerRequest, HandlerResponse } from '../server/http-types.ts';
import { SettingsApiError } from './settings-api-error.ts';
import { SETTINGS_MESSAGES } from './settings-messages.ts';
import { SETTINGS_ROUTES, type ErrorAnswer } from './settings-contract.ts';
import {
  chooseTemplate,
  jobAnswer,
  overview,
  preview,
  calibrate,
  properties,
  publish,
  rollback,
  saveDraft,
  validate,
  type SettingsApiDeps,
  type SettingsContext,
} from './settings-handlers.ts';
import { localeOf, readCaller } from './settings-request.ts';

export interface SettingsApiResponse extends HandlerResponse {
  headers?: Record<string, string>;
}

type Route = {
  method: 'GET' | 'POST' | 'PUT';
  handle: (request: HandlerRequest, context: SettingsContext) => Promise<HandlerResponse>;
};

const ROUTES: Readonly<Record<string, Route>> = {
  [SETTINGS_ROUTES.overview]: { method: 'GET', handle: overview },
  [SETTINGS_ROUTES.properties]: { method: 'GET', handle: properties },
  [SETTINGS_ROUTES.validate]: { method: 'POST', handle: validate },
  [SETTINGS_ROUTES.draft]: { method: 'PUT', handle: saveDraft },
  [SETTINGS_ROUTES.template]: { method: 'POST', handle: chooseTemplate },
  [SETTINGS_ROUTES.publish]: { method: 'POST', handle: publish },
  [SETTINGS_ROUTES.rollback]: { method: 'POST', handle: rollback },
  [SETTINGS_ROUTES.preview]: { method: 'POST', handle: preview },
  [SETTINGS_ROUTES.calibrate]: { method: 'POST', handle: calibrate },
};

const JOB_PREFIX = SETTINGS_ROUTES.job('');
const JOB_ID = /^[A-Za-z0-9-]{1,64}$/;

/** The exact routes, then `jobs/{jobId}`. */
function routeOf(path: string): Route | undefined {
  const exact = ROUTES[path];
  if (exact || !path.startsWith(JOB_PREFIX)) return exact;
  const jobId = path.slice(JOB_PREFIX.length);
  return JOB_ID.test(jobId) ? { method: 'GET', handle: jobAnswer(jobId) } : undefined;
}

/**
 * One settings request, framework-free: the signature first (on the raw bytes, before
 * anything is parsed), then the account and user from the signed URL, then the endpoint.
 * Every answer that is not a 2xx is an ErrorAnswer in the user's language.
 */
export async function handleSettingsRequest(
  request: HandlerRequest,
  deps: SettingsApiDeps,
): Promise<SettingsApiResponse> {
  const messages = SETTINGS_MESSAGES[localeOf(request.url)];
  try {
    if (!deps.verifySignature(request).valid) {
      throw new SettingsApiError(401, messages.unsigned, { reason: 'unsigned' });
    }
    const caller = readCaller(request);
    const route = routeOf(caller.path);
    if (!route) throw new SettingsApiError(404, messages.notFound, { reason: 'not-found' });
    if (request.method !== route.method) {
      throw new SettingsApiError(405, messages.wrongMethod(route.method), {
        reason: 'wrong-method',
      });
    }
    const port = await deps.hubspotForPortal(caller.portalId);
    if (!port) throw new SettingsApiError(404, messages.notInstalled, { reason: 'not-installed' });
    const key = deps.modelKeyFor(caller.portalId);
    return await route.handle(request, { caller, port, deps, key });
  } catch (error) {
    return errorResponse(asSettingsError(error, messages.hubspotUnavailable));
  }
}

function asSettingsError(error: unknown, unavailable: string): SettingsApiError {
  if (error instanceof SettingsApiError) return error;
  if (error instanceof HubSpotError) {
    const retryAfterSeconds = Math.max(1, Math.ceil((error.retryAfterMs ?? 10_000) / 1000));
    return new SettingsApiError(503, unavailable, {
      reason: 'hubspot-unavailable',
      retryAfterSeconds,
      cause: error,
    });
  }
  throw error;
}

function errorResponse(error: SettingsApiError): SettingsApiResponse {
  const body: ErrorAnswer = { message: error.message };
  const { reason, problems, retryAfterSeconds } = error.details;
  if (reason !== undefined) body.reason = reason;
  if (problems !== undefined) body.problems = problems;
  if (retryAfterSeconds === undefined) return { status: error.status, body };
  body.retryAfterSeconds = retryAfterSeconds;
  return {
    status: error.status,
    body,
    headers: { 'Retry-After': String(retryAfterSeconds) },
  };
}
