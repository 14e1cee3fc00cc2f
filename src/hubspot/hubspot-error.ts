/**
 * The one error that leaves the HubSpot adapter. `httpError` turns a refused answer (status,
 * body, headers) into it and `toHubSpotError` whatever a request threw (a deadline, a dropped
 * connection, anything else), so callers branch on `category` and never on fetch internals.
 */

import type { HubSpotContact } from './hubspot-port.ts';

export type HubSpotErrorCategory =
  | 'rate-limited'
  | 'server'
  | 'network'
  /** No answer within the request deadline; the request was aborted. Retryable. */
  | 'timeout'
  | 'not-found'
  | 'auth'
  | 'conflict'
  | 'bad-request'
  | 'unknown';

export interface HubSpotErrorDetails {
  status: number;
  category: HubSpotErrorCategory;
  retryAfterMs?: number | undefined;
  /** HubSpot's own category from the error body, e.g. `VALIDATION_ERROR`, `OBJECT_NOT_FOUND`. */
  hubspotCategory?: string | undefined;
  /** `TEN_SECONDLY_ROLLING`, `SECONDLY` or `DAILY` on a 429. */
  policyName?: string | undefined;
  correlationId?: string | undefined;
  cause?: unknown;
}

export class HubSpotError extends Error {
  /** HTTP status; 0 when no response arrived (network error, deadline). */
  readonly status: number;
  readonly category: HubSpotErrorCategory;
  readonly retryAfterMs: number | undefined;
  readonly hubspotCategory: string | undefined;
  readonly policyName: string | undefined;
  readonly correlationId: string | undefined;

  constructor(message: string, details: HubSpotErrorDetails) {
    super(redactSecrets(message), { cause: details.cause });
    this.name = 'HubSpotError';
    this.status = details.status;
    this.category = details.category;
    this.retryAfterMs = details.retryAfterMs;
    this.hubspotCategory = details.hubspotCategory;
    this.policyName = details.policyName;
    this.correlationId = details.correlationId;
  }

  /** Worth another attempt: the same request may well succeed a little later. */
  get retryable(): boolean {
    if (this.category === 'rate-limited') return this.policyName !== 'DAILY';
    return this.category === 'server' || this.category === 'network' || this.category === 'timeout';
  }
}

/**
 * A batch read that kept failing for some ids (a 207 with errors other than "not found") after
 * those ids alone were asked again within the retry policy. It carries what was read, so the
 * caller writes the good contacts and retries only `failedIds`; nothing read is lost.
 */
export class PartialBatchError extends HubSpotError {
  /** Everything read successfully, from every attempt and every batch of the call. */
  readonly contacts: HubSpotContact[];
  readonly failedIds: string[];

  constructor(
    message: string,
    details: HubSpotErrorDetails & { contacts: HubSpotContact[]; failedIds: string[] },
  ) {
    super(message, details);
    this.name = 'PartialBatchError';
    this.contacts = details.contacts;
    this.failedIds = details.failedIds;
  }
}

/** Private-app tokens (`pat-...`) and bearer headers must never reach a log or an error text. */
export function redactSecrets(text: string): string {
  return text
    .replace(/Bearer\s+[^\s"',}]+/gi, 'Bearer [redacted]')
    .replace(/\bpat-[a-z0-9]+-[A-Za-z0-9-]+/g, 'pat-[redacted]')
    .replace(/([?&]hapikey=)[^&\s"]+/gi, '$1[redacted]');
}

/** No answer within the deadline: `toHubSpotError` makes it a retryable 'timeout'. */
export class RequestTimeoutError extends Error {
  override name = 'RequestTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`HubSpot did not answer within ${describeDuration(timeoutMs)}`);
  }
}

export function describeDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

function categoryOfStatus(status: number): HubSpotErrorCategory {
  if (status === 429) return 'rate-limited';
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status >= 500) return 'server';
  if (status >= 400) return 'bad-request';
  return 'unknown';
}

function parseBody(body: unknown): Record<string, unknown> {
  if (typeof body === 'string') {
    try {
      const parsed: unknown = JSON.parse(body);
      return typeof parsed === 'object' && parsed !== null
        ? (parsed as Record<string, unknown>)
        : {};
    } catch {
      return { message: body.slice(0, 200) };
    }
  }
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
}

/** `Retry-After` is in seconds (HubSpot never sends the HTTP-date form on the CRM API). */
function retryAfterMs(value: string | null): number | undefined {
  if (value === null) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1000) : undefined;
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/** A non-2xx answer: HubSpot's error body (`Error`, or the 429 body with `policyName`). */
export function httpError(
  action: string,
  status: number,
  headers: Headers,
  body: unknown,
): HubSpotError {
  const parsed = parseBody(body);
  const message = text(parsed.message) ?? 'no message';
  return new HubSpotError(`${action} failed with HTTP ${status}: ${message}`, {
    status,
    category: categoryOfStatus(status),
    retryAfterMs: retryAfterMs(headers.get('retry-after')),
    hubspotCategory: text(parsed.category) ?? text(parsed.errorType),
    policyName: text(parsed.policyName),
    correlationId: text(parsed.correlationId),
    cause: body,
  });
}

/** Node's fetch rejects with `TypeError('fetch failed')` whose cause has a code (ECONNRESET). */
function networkReason(err: unknown): string | undefined {
  if (!(err instanceof Error)) return undefined;
  const cause = err.cause as { code?: unknown; message?: unknown } | undefined;
  const code = typeof cause?.code === 'string' ? cause.code : (err as { code?: unknown }).code;
  if (err.name === 'AbortError') return err.message;
  if (typeof code === 'string' || (err.name === 'TypeError' && err.message === 'fetch failed')) {
    const detail = typeof cause?.message === 'string' ? cause.message : undefined;
    return [err.message, code, detail].filter((part) => typeof part === 'string').join(': ');
  }
  return undefined;
}

export function toHubSpotError(err: unknown, action = 'HubSpot request'): HubSpotError {
  if (err instanceof HubSpotError) return err;
  if (err instanceof RequestTimeoutError) {
    return new HubSpotError(`${action}: ${err.message}`, {
      status: 0,
      category: 'timeout',
      cause: err,
    });
  }
  const network = networkReason(err);
  const reason = network ?? (err instanceof Error ? err.message : String(err));
  return new HubSpotError(`${action} failed: ${reason}`, {
    status: 0,
    category: network === undefined ? 'unknown' : 'network',
    cause: err,
  });
}
