import { z } from 'zod';
import { OAuthError } from './oauth-error.ts';

/**
 * HubSpot's OAuth endpoints (`POST /oauth/v1/token`, `GET /oauth/v1/access-tokens/{token}`),
 * spoken with plain fetch: they are form-encoded, outside the CRM SDK's retry and rate budget,
 * and must never let a token or the client secret reach an error message.
 */
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

export interface HubSpotOAuthClient {
  exchangeCode(code: string): Promise<TokenGrant>;
  refresh(refreshToken: string): Promise<TokenGrant>;
  accessTokenInfo(accessToken: string): Promise<AccessTokenInfo>;
}

const tokenResponse = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1),
  expires_in: z.number().int().positive(),
  hub_id: z.number().int().positive().optional(),
  scopes: z.array(z.string()).optional(),
});

const tokenInfoResponse = z.object({
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

type Grant = 'authorization_code' | 'refresh_token';

export function createHubSpotOAuthClient(options: OAuthClientOptions): HubSpotOAuthClient {
  const doFetch = options.fetch ?? fetch;
  const base = options.oauthBaseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 15_000;

  async function send(action: string, url: string, init: RequestInit): Promise<unknown> {
    let response: Response;
    let text: string;
    try {
      response = await doFetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
      text = await response.text();
    } catch (cause) {
      // The cause may hold the URL (token info has the token in its path): keep it off the message.
      throw new OAuthError('unavailable', `${action}: HubSpot could not be reached`, { cause });
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
    // body {category: VALIDATION_ERROR, subCategory: INVALID_TOKEN}; 401 from the older endpoints.
    const refreshRefused =
      status === 401 ||
      invalidGrant ||
      code === 'BAD_REFRESH_TOKEN' ||
      e.subCategory === 'INVALID_TOKEN';
    if (grant === 'refresh_token' && refreshRefused) {
      return new OAuthError('revoked', `${detail}: the app was uninstalled or its access revoked`);
    }
    if (grant === 'authorization_code' && (invalidGrant || code === 'BAD_AUTH_CODE')) {
      return new OAuthError(
        'bad-code',
        `${detail}: the install link was already used or is too old`,
      );
    }
    if (/CLIENT|REDIRECT/.test(code) || e.error === 'invalid_client') {
      return new OAuthError(
        'misconfigured',
        `${detail}: HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET or the redirect URL (${options.redirectUri}) do not match the HubSpot app`,
      );
    }
    if (status === 401 || status === 404) {
      return new OAuthError('revoked', `${detail}: HubSpot does not know this token`);
    }
    return new OAuthError('bad-response', detail);
  }

  async function grant(action: string, fields: Record<string, string>): Promise<TokenGrant> {
    const body = await send(action, `${base}/oauth/v1/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded;charset=utf-8',
        accept: 'application/json',
      },
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
      const body = await send(
        action,
        `${base}/oauth/v1/access-tokens/${encodeURIComponent(accessToken)}`,
        { method: 'GET', headers: { accept: 'application/json' } },
      );
      const parsed = tokenInfoResponse.safeParse(body);
      if (!parsed.success) {
        throw new OAuthError('bad-response', `${action}: HubSpot's answer has no hub_id`);
      }
      const info = parsed.data;
      return {
        hubId: info.hub_id,
        hubDomain: info.hub_domain,
        scopes: info.scopes,
        appId: info.app_id,
      };
    },
  };
}
