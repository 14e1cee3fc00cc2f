import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import { DEFAULT_RETURNED_PROPERTIES } from './contact-properties.ts';
import type { SandboxAccount } from './sandbox-account.ts';

/** HubSpot's error body (`Error` in the OpenAPI specs). */
export function errorBody(category: string, message: string, extra: Record<string, unknown> = {}) {
  return { status: 'error', message, correlationId: randomUUID(), category, ...extra };
}

export function sendError(
  res: Response,
  status: number,
  category: string,
  message: string,
  extra: Record<string, unknown> = {},
): void {
  res.status(status).json(errorBody(category, message, extra));
}

/** The body HubSpot gives a failure that a test injected without saying what body. */
export function defaultFailureBody(status: number): Record<string, unknown> {
  if (status === 429) return rateLimitBody('TEN_SECONDLY_ROLLING');
  if (status === 401)
    return errorBody('INVALID_AUTHENTICATION', 'Authentication credentials not found.');
  if (status >= 500) return errorBody('INTERNAL_ERROR', 'internal error');
  return errorBody('VALIDATION_ERROR', 'There was a problem with the request.');
}

export function rateLimitBody(policyName: 'TEN_SECONDLY_ROLLING' | 'SECONDLY') {
  const window = policyName === 'SECONDLY' ? 'secondly' : 'ten_secondly_rolling';
  return {
    status: 'error',
    message: `You have reached your ${window} limit.`,
    errorType: 'RATE_LIMIT',
    correlationId: randomUUID(),
    policyName,
  };
}

/** A `StandardError` entry of a 207 batch answer. */
export function standardError(
  category: string,
  message: string,
  context: Record<string, string[]>,
  subCategory?: string,
) {
  return {
    status: 'error',
    category,
    ...(subCategory === undefined ? {} : { subCategory }),
    message,
    context,
    errors: [],
    links: {},
  };
}

/** 200 when every input worked, 207 with `errors` and `numErrors` otherwise. */
export function sendBatch(
  res: Response,
  startedAt: string,
  results: unknown[],
  errors: ReturnType<typeof standardError>[],
): void {
  const body = {
    status: 'COMPLETE',
    results,
    ...(errors.length > 0 ? { numErrors: errors.length, errors } : {}),
    startedAt,
    completedAt: new Date().toISOString(),
  };
  res.status(errors.length > 0 ? 207 : 200).json(body);
}

/**
 * A contact as HubSpot returns it (`SimplePublicObject`): the requested properties that exist,
 * null when unset, always with `createdate`, `lastmodifieddate` and `hs_object_id`.
 */
export function contactObject(
  account: SandboxAccount,
  id: string,
  requested: readonly string[],
  withHistory: readonly string[] = [],
) {
  const stored = account.contacts.get(id)!;
  const names = requested.length > 0 ? requested : DEFAULT_RETURNED_PROPERTIES;
  const properties: Record<string, string | null> = {};
  for (const name of new Set([...names, 'createdate', 'lastmodifieddate', 'hs_object_id'])) {
    if (account.propertyDefinitions.has(name)) properties[name] = stored[name] ?? null;
  }
  const history = withHistory.filter((name) => account.propertyDefinitions.has(name));
  return {
    id,
    properties,
    ...(history.length > 0
      ? {
          propertiesWithHistory: Object.fromEntries(
            history.map((name) => [name, account.historyOf(id, name)]),
          ),
        }
      : {}),
    createdAt: stored.createdate ?? new Date(account.now()).toISOString(),
    updatedAt: stored.lastmodifieddate ?? new Date(account.now()).toISOString(),
    archived: false,
  };
}

/** Query parameters that HubSpot takes comma-separated or repeated. */
export function listParam(value: unknown): string[] {
  const parts = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return parts
    .flatMap((part) => String(part).split(','))
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
}
