/**
 * The one error that leaves the HubSpot adapter. `toHubSpotError` turns whatever the SDK threw
 * (its `ApiException {code, body, headers}`, a node-fetch network error, anything else) into it,
 * so callers branch on `category` and never on SDK internals.
 */

export type HubSpotErrorCategory =
  | 'rate-limited'
  | 'server'
  | 'network'
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
  /** HTTP status; 0 when no response arrived (network error). */
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
    return this.category === 'server' || this.category === 'network';
  }
}

/** Private-app tokens (`pat-...`) and bearer headers must never reach a log or an error text. */
export function redactSecrets(text: string): string {
  return text
    .replace(/Bearer\s+[^\s"',}]+/gi, 'Bearer [redacted]')
    .replace(/\bpat-[a-z0-9]+-[A-Za-z0-9-]+/g, 'pat-[redacted]')
    .replace(/([?&]hapikey=)[^&\s"]+/gi, '$1[redacted]');
}

interface ApiExceptionLike {
  code: number;
  body?: unknown;
  headers?: Record<string, string | undefined>;
}

function isApiException(err: unknown): err is ApiExceptionLike {
  return (
    typeof err === 'object' &&
    err !== null &&
    typeof (err as { code?: unknown }).code === 'number' &&
    'headers' in err
  );
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

function header(headers: Record<string, string | undefined> | undefined, name: string) {
  if (!headers) return undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

/** `Retry-After` is in seconds (HubSpot never sends the HTTP-date form on the CRM API). */
function retryAfterMs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1000) : undefined;
}

const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

export function toHubSpotError(err: unknown, action = 'HubSpot request'): HubSpotError {
  if (err instanceof HubSpotError) return err;
  if (isApiException(err)) {
    const body = parseBody(err.body);
    const status = err.code;
    const message = text(body.message) ?? 'no message';
    return new HubSpotError(`${action} failed with HTTP ${status}: ${message}`, {
      status,
      category: categoryOfStatus(status),
      retryAfterMs: retryAfterMs(header(err.headers, 'retry-after')),
      hubspotCategory: text(body.category) ?? text(body.errorType),
      policyName: text(body.policyName),
      correlationId: text(body.correlationId),
      cause: err,
    });
  }
  const reason = err instanceof Error ? err.message : String(err);
  // node-fetch rejects with FetchError (type 'system', a code like ECONNRESET) when no response came.
  const isNetwork =
    err instanceof Error &&
    ((err as { type?: unknown }).type === 'system' ||
      typeof (err as { code?: unknown }).code === 'string' ||
      err.name === 'FetchError' ||
      err.name === 'AbortError');
  return new HubSpotError(`${action} failed: ${reason}`, {
    status: 0,
    category: isNetwork ? 'network' : 'unknown',
    cause: err,
  });
}
