import createClient, { type Client } from 'openapi-fetch';
import { RequestTimeoutError } from './hubspot-error.ts';
import type { paths as AssociationPaths } from './openapi/associations-2026-03.ts';
import type { paths as ContactPaths } from './openapi/contacts-2026-03.ts';
import type { paths as PropertyPaths } from './openapi/properties-2026-03.ts';
import type { UserPaths } from './account-users.ts';

export const HUBSPOT_API_BASE = 'https://api.hubapi.com';

/** How long one request may take, answer included, before it is aborted and retried. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

export interface HubSpotClientOptions {
  /** A private app's token; or give `currentAccessToken` for a token that is refreshed. */
  accessToken?: string | undefined;
  /**
   * Read at every request: an OAuth account's token changes when it is refreshed, and one client
   * (so one adapter, one rate budget) lives across refreshes.
   */
  currentAccessToken?: (() => string) | undefined;
  /** `https://api.hubapi.com` in production; the sandbox's `baseUrl` in tests and demos. */
  basePath?: string | undefined;
  /** Deadline of each request in ms (default 15 s): a request still unanswered is aborted. */
  timeoutMs?: number | undefined;
  /** Node's fetch by default; injectable for tests. */
  fetch?: typeof globalThis.fetch | undefined;
}

/**
 * The typed HTTP clients of the date-based APIs, one per spec, over Node's fetch. Each call
 * answers `{data, error, response}` (openapi-fetch); the adapter's caller turns that into data or
 * a HubSpotError, so nothing here retries or limits: two layers doing so would multiply attempts
 * and hide the real error rate.
 */
export interface HubSpotClient {
  readonly contacts: Client<ContactPaths>;
  readonly properties: Client<PropertyPaths>;
  readonly associations: Client<AssociationPaths>;
  /** The Settings API's users (hand-typed: HubSpot publishes no spec we keep). */
  readonly users: Client<UserPaths>;
  readonly timeoutMs: number;
}

// Fetch refuses a body on these statuses, so a buffered copy must not carry one.
const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * Bearer token, and a deadline over the whole exchange: the answer is read to its end inside
 * the deadline, so a HubSpot that sends headers and then stalls the body is aborted too.
 * (`@hubspot/api-client` 13 sends through node-fetch without a signal: a request that never
 * answers there can never be aborted; 14 needs Node 22.)
 */
function fetchWithDeadline(
  token: () => string,
  timeoutMs: number,
  send: typeof globalThis.fetch,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new RequestTimeoutError(timeoutMs)), timeoutMs);
    const headers = new Headers(request.headers);
    headers.set('authorization', `Bearer ${token()}`);
    try {
      const response = await send(request, { headers, signal: deadline.signal });
      const body = await response.arrayBuffer();
      return new Response(NULL_BODY_STATUSES.has(response.status) ? null : body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
    } catch (err) {
      if (deadline.signal.aborted) throw new RequestTimeoutError(timeoutMs);
      throw err;
    } finally {
      clearTimeout(timer);
    }
  };
}

export function createHubSpotClient(options: HubSpotClientOptions): HubSpotClient {
  const { accessToken, currentAccessToken } = options;
  if (currentAccessToken === undefined && !accessToken) {
    throw new TypeError('createHubSpotClient needs accessToken or currentAccessToken');
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  if (!(timeoutMs > 0)) throw new RangeError('timeoutMs must be a positive number of ms');
  const token = currentAccessToken ?? (() => accessToken!);
  const shared = {
    baseUrl: (options.basePath ?? HUBSPOT_API_BASE).replace(/\/+$/, ''),
    fetch: fetchWithDeadline(token, timeoutMs, options.fetch ?? globalThis.fetch),
    // HubSpot documents list parameters as comma-separated (`properties=a,b`).
    querySerializer: { array: { style: 'form', explode: false } } as const,
  };
  return {
    contacts: createClient<ContactPaths>(shared),
    properties: createClient<PropertyPaths>(shared),
    associations: createClient<AssociationPaths>(shared),
    users: createClient<UserPaths>(shared),
    timeoutMs,
  };
}
