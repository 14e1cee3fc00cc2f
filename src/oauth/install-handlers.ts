import type { HubSpotPort } from '../hubspot/hubspot-port.ts';
import type { HandlerRequest } from '../server/http-types.ts';
import type { Logger } from '../server/logger.ts';
import type { AccessTokenInfo, HubSpotOAuthClient } from './hubspot-oauth-client.ts';
import type { InstallStates } from './install-state.ts';
import type { OAuthAccountAccess } from './oauth-account-access.ts';
import type { OAuthConfig } from './oauth-config.ts';
import { OAuthError } from './oauth-error.ts';
import { installedPage, PAGE_HEADERS, problemPage } from './oauth-pages.ts';
import { clearedSessionCookie, readSessionNonce, sessionCookie } from './session-cookie.ts';

/** Like the webhook handler's request; the install flow reads no body. */
export type OAuthRequest = Pick<HandlerRequest, 'method' | 'url' | 'headers'> & {
  rawBody?: Uint8Array;
};

export interface OAuthResponse {
  status: number;
  headers?: Record<string, string | string[]>;
  /** HTML (or empty for a redirect). */
  body: string;
}

export interface InstallFlowDeps {
  config: Pick<
    OAuthConfig,
    'clientId' | 'redirectUri' | 'authorizeUrl' | 'scopes' | 'secureCookies'
  >;
  states: InstallStates;
  oauth: Pick<HubSpotOAuthClient, 'exchangeCode' | 'accessTokenInfo'>;
  accounts: Pick<OAuthAccountAccess, 'addAccount' | 'hubspotForPortal'>;
  /** Per-account setup, e.g. the score properties: `(id, port) => port.ensureScoreProperties(tiers)`. */
  onInstalled: (portalId: number, port: HubSpotPort) => Promise<void>;
  now: () => number;
  logger: Logger;
}

const START_AGAIN = 'Start the installation again from the app listing or the install link.';

function htmlPage(status: number, body: string, extra: Record<string, string | string[]> = {}) {
  return { status, headers: { ...PAGE_HEADERS, ...extra }, body };
}

/** GET only: a HEAD from a link checker must not spend a state or an install code. */
function notGet(request: OAuthRequest): OAuthResponse | undefined {
  if (request.method === 'GET') return undefined;
  return htmlPage(405, problemPage('Method not allowed', 'Open this address in a browser.'), {
    Allow: 'GET',
  });
}

/** `GET /oauth/install`: a fresh state and session nonce, then off to HubSpot's consent screen. */
export async function handleInstall(
  request: OAuthRequest,
  deps: InstallFlowDeps,
): Promise<OAuthResponse> {
  const refused = notGet(request);
  if (refused) return refused;
  const { config } = deps;
  const { state, sessionNonce } = deps.states.begin(deps.now());
  // encodeURIComponent writes spaces as %20, as HubSpot's own examples do (not `+`).
  const query = [
    ['client_id', config.clientId],
    ['redirect_uri', config.redirectUri],
    ['scope', config.scopes.join(' ')],
    ['state', state],
  ]
    .map(([k, v]) => `${k}=${encodeURIComponent(v!)}`)
    .join('&');
  const separator = config.authorizeUrl.includes('?') ? '&' : '?';
  return {
    status: 302,
    headers: {
      Location: `${config.authorizeUrl}${separator}${query}`,
      'Set-Cookie': sessionCookie(sessionNonce, config.secureCookies),
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
    },
    body: '',
  };
}

/**
 * `GET /oauth/callback`: state and browser checked before anything else; then the code is
 * exchanged, the account learned, its tokens stored encrypted and its setup run.
 */
export async function handleCallback(
  request: OAuthRequest,
  deps: InstallFlowDeps,
): Promise<OAuthResponse> {
  const refused = notGet(request);
  if (refused) return refused;
  const query = new URL(request.url, 'http://callback.invalid').searchParams;
  const state = query.get('state');
  const code = query.get('code');

  if (query.has('error')) {
    deps.logger.warn('install not completed in HubSpot', { error: query.get('error') ?? '' });
    return htmlPage(
      400,
      problemPage('The app was not installed', 'HubSpot did not grant access.', START_AGAIN),
    );
  }
  if (!state || !code) {
    deps.logger.warn('install callback refused', { problem: state ? 'no code' : 'no state' });
    return htmlPage(400, problemPage('This install link is incomplete', START_AGAIN));
  }
  const nonce = readSessionNonce(request.headers, deps.config.secureCookies);
  if (nonce === undefined) {
    deps.logger.warn('install callback refused', { problem: 'no session cookie' });
    return htmlPage(
      403,
      problemPage(
        'This install was not started in this browser',
        'The installation has to finish in the browser it was started in, with cookies allowed.',
        START_AGAIN,
      ),
    );
  }
  const check = deps.states.consume(state, nonce, deps.now());
  if (!check.ok) {
    deps.logger.warn('install callback refused', { problem: check.problem });
    return check.problem === 'expired'
      ? htmlPage(400, problemPage('This install link has expired', START_AGAIN))
      : htmlPage(
          403,
          problemPage(
            'This install link is not valid here',
            'It was already used, or it was started in another browser.',
            START_AGAIN,
          ),
        );
  }

  try {
    const grant = await deps.oauth.exchangeCode(code);
    let info: AccessTokenInfo | undefined;
    try {
      info = await deps.oauth.accessTokenInfo(grant.accessToken);
    } catch (error) {
      // Newer token responses carry hub_id themselves; only without it is the info essential.
      if (grant.hubId === undefined) throw error;
      deps.logger.warn('could not read the access token info', { error: (error as Error).message });
    }
    const portalId = info?.hubId ?? grant.hubId!;
    deps.accounts.addAccount(portalId, {
      accessToken: grant.accessToken,
      refreshToken: grant.refreshToken,
      expiresAt: deps.now() + grant.expiresInSeconds * 1000,
      scopes: info?.scopes ?? grant.scopes ?? [],
      hubDomain: info?.hubDomain,
    });
    deps.logger.info('installed in a HubSpot account', { portalId, hubDomain: info?.hubDomain });
    const cleared = { 'Set-Cookie': clearedSessionCookie(deps.config.secureCookies) };
    try {
      const port = await deps.accounts.hubspotForPortal(portalId);
      if (port === undefined) throw new Error('the account was removed during its setup');
      await deps.onInstalled(portalId, port);
    } catch (error) {
      deps.logger.error('installed, but the account setup failed', { portalId, error });
      return htmlPage(
        502,
        problemPage(
          'Connected, but the setup did not finish',
          `The app is installed in HubSpot account ${portalId}, but creating the recruitment score properties failed.`,
          'Open the install link again in a few minutes to finish it.',
        ),
        cleared,
      );
    }
    return htmlPage(200, installedPage({ portalId, hubDomain: info?.hubDomain }), cleared);
  } catch (error) {
    return exchangeFailed(error, deps);
  }
}

function exchangeFailed(error: unknown, deps: InstallFlowDeps): OAuthResponse {
  if (!(error instanceof OAuthError)) throw error;
  deps.logger.warn('install failed at HubSpot', { reason: error.reason, error: error.message });
  switch (error.reason) {
    case 'bad-code':
      return htmlPage(
        400,
        problemPage('This install link was already used or is too old', START_AGAIN),
      );
    case 'unavailable':
      return htmlPage(
        503,
        problemPage('HubSpot could not be reached', 'Nothing was installed.', START_AGAIN),
      );
    case 'misconfigured':
      return htmlPage(
        502,
        problemPage(
          'The app is not set up correctly',
          "HubSpot refused this server's client id, secret or redirect URL. Ask the app's operator to check them.",
        ),
      );
    default:
      return htmlPage(
        502,
        problemPage('HubSpot gave an unexpected answer', 'Nothing was installed.', START_AGAIN),
      );
  }
}
