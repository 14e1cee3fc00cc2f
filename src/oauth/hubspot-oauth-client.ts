import { z } from 'zod';
import { OAuthError } from './oauth-error.ts';

/**
 * HubSpot's OAuth endpoints in their date-based version, 2026-03: `POST /oauth/2026-03/token`
 * (code exchange and refresh, form fields as v1, answer with `hub_id` and `scopes`) and
 * `POST /oauth/2026-03/token/introspect` (`active`, `hub_id`, `hub_domain`, `scopes`,
 * `app_id`). HubSpot's reference lists the 2026-03 token endpoint as the latest and files the
 * v3 endpoints (our spec copy: ../shared/hubspot/openapi/oauth-v3.json, same bodies) under
 * "legacy"; v1 is deprecated from February 2027 and v1-v3 are unsupported from September 2027.
 * The 2026-03 introspect path is the v3 one with the version swapped (UNCONFIRMED: no 2026-03
 * spec of it reached us). Unlike v1's `GET /oauth/v1/access-tokens/{token}`, the token travels
 * in the body, never in a URL a proxy may log. Spoken with plain fetch: form-encoded, outside
 * the CRM adapter's retries and rate budget, and never letting a token or the client secret
 * reach an error message. Every request has a deadline (HUBSPOT_REQUEST_TIMEOUT_MS, as the CRM
 * calls); a request past it is aborted and fails as 'unavailable', which callers retry.
 */
export const HUBSPOT_OAUTH_VERSION = '2026-03';
export const OAUTH_TOKEN_PATH = `/oauth/${HUBSPOT_OAUTH_VERSION}/token`;
export const OAUTH_INTROSPECT_PATH = `/oauth/${HUBSPOT_OAUTH_VERSION}/token/introspect`;
export const DEFAULT_OAUTH_TIMEOUT_MS = 15_000;

export interface OAuthClientOptions {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /** https://api.hubapi.com, or nock / a local fake in tests. */
  oauthBaseUrl: string;
  fetch?: typeof fetch;
  /** Gives up on a silent HubSpot; the caller decides whether to try again. */
  timeoutMs?: number;
}

/** What a token grant gives: fresh access token, the refresh token, and (newer APIs) the hub. */
export interface TokenGrant {
  accessToken: string;
  refreshToken: string;
  expiresInSeconds: number;
  hubId?: number | undefined;
  scopes?: string[] | undefined;
}

export interface AccessTokenInfo {
  hubId: number;
  hubDomain?: string | undefined;
  scopes: string[];
  appId?: number | undefined;
}

/** What introspecting a refresh token says: still valid (the app is installed) or not. */
export interface RefreshTokenStatus {
  active: boolean;
  hubId?: number | undefined;
}

export interface HubSpotOAuthClient {
  exchangeCode(code: string): Promise<TokenGrant>;
  refresh(refreshToken: string): Promise<TokenGrant>;
  accessTokenInfo(accessToken: string): Promise<AccessTokenInfo>;
  /** Asks HubSpot whether the refresh token still works, without minting a new access token. */
  refreshTokenStatus(refreshToken: string): Promise<RefreshTokenStatus>;
}

const tokenResponse = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.number().int().positive(),
  hub_id: z.number().int().positive().optional(),
  scopes: z.array(z.string()).optional(),
});

const tokenInfoResponse = z.object({
  active: z.literal(true).optional(),
  hub_id: z.number().int().positive(),
  hub_domain: z.string().optional(),
  scopes: z.array(z.string()).default([]),
  app_id: z.number().int().optional(),
});

/** HubSpot's error bodies: legacy `{status, message}` and OAuth-style `{error, error_description}`. */
const errorBody = z
  .object({
    status: z.string().optional(),
    message: z.string().optional(),
    error: z.string().optional(),
    error_description: z.string().optional(),
    category: z.string().optional(),
    subCategory: z.string().optional(),
  })
  .catch({});

/** `active: false` is all an inactive token's answer need carry. */
const refreshStatusResponse = z.object({
  active: z.boolean(),
  hub_id: z.number().int().positive().optional(),
});

type Grant = 'authorization_code' | 'refresh_token';

const FORM_HEADERS = {
  'content-type': 'application/x-www-form-urlencoded;charset=utf-8',
  accept: 'application/json',
};

export function createHubSpotOAuthClient(options: OAuthClientOptions): HubSpotOAuthClient {
  const doFetch = options.fetch ?? fetch;
  const base = options.oauthBaseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? DEFAULT_OAUTH_TIMEOUT_MS;

  async function send(action: string, url: string, init: RequestInit): Promise<unknown> {
    let response: Response;
    let text: string;
    try {
      // The deadline covers the body too: a HubSpot that sends headers and then stalls is aborted.
      response = await doFetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
      text = await response.text();
    } catch (cause) {
      const timedOut = cause instanceof Error && cause.name === 'TimeoutError';
      const why = timedOut
        ? `HubSpot did not answer within ${formatSeconds(timeoutMs)}`
        : 'HubSpot could not be reached';
      // No cause text in the message: a fetch error may quote the request.
      throw new OAuthError('unavailable', `${action}: ${why}`, { cause });
    }
    let body: unknown;
    try {
      body = text === '' ? undefined : JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (!response.ok) throw failure(action, response.status, body, init);
    return body;
  }

  function failure(action: string, status: number, body: unknown, init: RequestInit): OAuthError {
    const e = errorBody.parse(body ?? {});
    const code = e.status ?? e.error ?? e.category ?? 'no error code';
    // HubSpot's messages name the problem ("missing or invalid refresh token"), not the token.
    const detail = `${action} failed with HTTP ${status} (${code})`;
    const grant = new URLSearchParams(String(init.body ?? '')).get('grant_type') as Grant | null;
    if (status === 429 || status >= 500) return new OAuthError('unavailable', detail);
    const invalidGrant = e.error === 'invalid_grant';
    // Seen shapes: 400 {status: BAD_REFRESH_TOKEN}, {error: invalid_grant}, and the v3 error
    // body (spec `Error`) {category: VALIDATION_ERROR, subCategory: INVALID_TOKEN}; 401 from
    // the older endpoints.
    // Our own settings first: a refused client secret must never read as "uninstalled" and
    // remove every account.
    if (
      /CLIENT|REDIRECT/.test(code) ||
      /CLIENT|REDIRECT/.test(e.subCategory ?? '') ||
      e.error === 'invalid_client'
    ) {
      return new OAuthError(
        'misconfigured',
        `${detail}: HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET or the redirect URL (${options.redirectUri}) do not match the HubSpot app`,
      );
    }
    const tokenRefused =
      invalidGrant || code === 'BAD_REFRESH_TOKEN' || e.subCategory === 'INVALID_TOKEN';
    if (grant === 'refresh_token' && (status === 401 || tokenRefused)) {
      return new OAuthError('revoked', `${detail}: the app was uninstalled or its access revoked`);
    }
    // Introspection (no grant): HubSpot does not know the token it was asked about.
    if (grant === null && tokenRefused) {
      return new OAuthError('revoked', `${detail}: HubSpot does not know this token`);
    }
    const badCode = invalidGrant || code === 'BAD_AUTH_CODE' || /CODE/.test(e.subCategory ?? '');
    if (grant === 'authorization_code' && badCode) {
      return new OAuthError(
        'bad-code',
        `${detail}: the install link was already used or is too old`,
      );
    }
    if (status === 401 || status === 404) {
      return new OAuthError('revoked', `${detail}: HubSpot does not know this token`);
    }
    return new OAuthError('bad-response', detail);
  }

  async function grant(action: string, fields: Record<string, string>): Promise<TokenGrant> {
    const body = await send(action, `${base}${OAUTH_TOKEN_PATH}`, {
      method: 'POST',
      headers: FORM_HEADERS,
      body: new URLSearchParams(fields).toString(),
    });
    const parsed = tokenResponse.safeParse(body);
    if (!parsed.success) {
      throw new OAuthError('bad-response', `${action}: HubSpot's answer has no usable tokens`);
    }
    const t = parsed.data;
    return {
      accessToken: t.access_token,
      refreshToken: t.refresh_token,
      expiresInSeconds: t.expires_in,
      hubId: t.hub_id,
      scopes: t.scopes,
    };
  }

  return {
    exchangeCode: (code) =>
      grant('exchanging the install code', {
        grant_type: 'authorization_code',
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uri: options.redirectUri,
        code,
      }),
    refresh: (refreshToken) =>
      grant('refreshing the access token', {
        grant_type: 'refresh_token',
        client_id: options.clientId,
        client_secret: options.clientSecret,
        refresh_token: refreshToken,
      }),
    async accessTokenInfo(accessToken) {
      const action = 'reading the access token info';
      const body = await introspect(action, accessToken, 'access_token');
      const parsed = tokenInfoResponse.safeParse(body);
      if (!parsed.success) {
        throw new OAuthError(
          'bad-response',
          `${action}: HubSpot's answer has no hub_id or says the token is not active`,
        );
      }
      const info = parsed.data;
      return {
        hubId: info.hub_id,
        hubDomain: info.hub_domain,
        scopes: info.scopes,
        appId: info.app_id,
      };
    },
    async refreshTokenStatus(refreshToken) {
      const action = 'checking the refresh token';
      const body = await introspect(action, refreshToken, 'refresh_token');
      const parsed = refreshStatusResponse.safeParse(body);
      if (!parsed.success) {
        throw new OAuthError('bad-response', `${action}: HubSpot's answer has no "active"`);
      }
      return { active: parsed.data.active, hubId: parsed.data.hub_id };
    },
  };

  function introspect(
    action: string,
    token: string,
    hint: 'access_token' | 'refresh_token',
  ): Promise<unknown> {
    return send(action, `${base}${OAUTH_INTROSPECT_PATH}`, {
      method: 'POST',
      headers: FORM_HEADERS,
      body: new URLSearchParams({
        client_id: options.clientId,
        client_secret: options.clientSecret,
        token,
        token_type_hint: hint,
      }).toString(),
    });
  }
}

function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}
