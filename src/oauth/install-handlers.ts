import type { HubSpotPort } from '../hubspot/hubspot-port.ts';
import type { HandlerRequest } from '../server/http-types.ts';
import type { Logger } from '../server/logger.ts';
import type { AccessTokenInfo, HubSpotOAuthClient } from './hubspot-oauth-client.ts';
import { headerValue } from '../server/http-types.ts';
import type { InstallStates } from './install-state.ts';
import type { OAuthAccountAccess } from './oauth-account-access.ts';
import type { OAuthConfig } from './oauth-config.ts';
import { OAuthError } from './oauth-error.ts';
import {
  INSTALL_MESSAGES,
  pageLanguageOf,
  type InstallMessages,
  type PageLanguage,
  type PageText,
} from './install-messages.ts';
import { PAGE_HEADERS, renderPage } from './oauth-pages.ts';
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
  /**
   * Why a request was refused (4xx), for the log: the request log writes it once, so the
   * handlers themselves do not log refusals. Never holds the state, the code or a token.
   */
  refusal?: string;
}

export interface InstallFlowDeps {
  config: Pick<
    OAuthConfig,
    'clientId' | 'redirectUri' | 'authorizeUrl' | 'scopes' | 'secureCookies' | 'trustProxy'
  >;
  states: InstallStates;
  oauth: Pick<HubSpotOAuthClient, 'exchangeCode' | 'accessTokenInfo'>;
  accounts: Pick<OAuthAccountAccess, 'addAccount' | 'hubspotForPortal'>;
  /** Per-account setup, e.g. the score properties: `(id, port) => port.ensureScoreProperties(tiers)`. */
  onInstalled: (portalId: number, port: HubSpotPort) => Promise<void>;
  now: () => number;
  logger: Logger;
  /** Requests per client address and window on /oauth/install and /oauth/callback. */
  rateLimit?: { limit: number; windowMs: number } | undefined;
}

/** The admin's language and the page builder that goes with it. */
function pagesFor(request: OAuthRequest) {
  const language = pageLanguageOf(headerValue(request as HandlerRequest, 'accept-language'));
  const texts: InstallMessages = INSTALL_MESSAGES[language];
  const page = (
    status: number,
    text: PageText,
    extra: { headers?: Record<string, string | string[]>; refusal?: string } = {},
  ): OAuthResponse => ({
    status,
    headers: { ...PAGE_HEADERS, ...languageHeaders(language), ...extra.headers },
    body: renderPage(text, language),
    ...(extra.refusal === undefined ? {} : { refusal: extra.refusal }),
  });
  return { language, texts, page };
}

export function languageHeaders(language: PageLanguage): Record<string, string> {
  return { 'Content-Language': language, Vary: 'Accept-Language, Cookie' };
}

/** GET only: a HEAD from a link checker must not spend a state or an install code. */
function notGet(request: OAuthRequest): OAuthResponse | undefined {
  if (request.method === 'GET') return undefined;
  const { texts, page } = pagesFor(request);
  return page(405, texts.methodNotAllowed, {
    headers: { Allow: 'GET' },
    refusal: `method ${request.method} not allowed`,
  });
}

/**
 * `GET /oauth/install`: a fresh nonce (cookie) and the state that signs it, then off to
 * HubSpot's consent screen. Nothing is stored: see install-state.ts.
 */
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

const STATE_REFUSALS = {
  'forged-or-other-browser': 'state forged or from another browser',
  expired: 'state expired',
  replayed: 'state already used',
} as const;

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
  const { texts, page } = pagesFor(request);
  const query = new URL(request.url, 'http://callback.invalid').searchParams;
  const state = query.get('state');
  const code = query.get('code');

  if (query.has('error')) {
    // Unauthenticated text: the logger escapes and cuts it.
    return page(400, texts.declined, {
      refusal: `install not completed in HubSpot: ${query.get('error') ?? ''}`,
    });
  }
  if (!state || !code) {
    return page(400, texts.incomplete, { refusal: state ? 'no code' : 'no state' });
  }
  const nonce = readSessionNonce(request.headers, deps.config.secureCookies);
  if (nonce === undefined) {
    return page(403, texts.noSessionCookie, { refusal: 'no session cookie' });
  }
  const check = await deps.states.consume(state, nonce, deps.now());
  if (!check.ok) {
    const refusal = STATE_REFUSALS[check.problem];
    if (check.problem === 'expired') return page(400, texts.expired, { refusal });
    if (check.problem === 'replayed') return page(400, texts.replayed, { refusal });
    return page(403, texts.forgedOrOtherBrowser, { refusal });
  }

  try {
    const grant = await deps.oauth.exchangeCode(code);
    let info: AccessTokenInfo | undefined;
    try {
      info = await deps.oauth.accessTokenInfo(grant.accessToken);
    } catch (error) {
      // v3 token answers carry hub_id themselves; only without it is the info essential.
      if (grant.hubId === undefined) throw error;
      deps.logger.warn('could not read the access token info', { error: (error as Error).message });
    }
    const portalId = info?.hubId ?? grant.hubId!;
    await deps.accounts.addAccount(portalId, {
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
      return page(502, texts.setupFailed(portalId), { headers: cleared });
    }
    const name = texts.accountName(portalId, info?.hubDomain);
    return page(200, texts.installed(name), { headers: cleared });
  } catch (error) {
    return exchangeFailed(error, deps, texts, page);
  }
}

function exchangeFailed(
  error: unknown,
  deps: InstallFlowDeps,
  texts: InstallMessages,
  page: ReturnType<typeof pagesFor>['page'],
): OAuthResponse {
  if (!(error instanceof OAuthError)) throw error;
  switch (error.reason) {
    case 'bad-code':
      return page(400, texts.badCode, { refusal: error.message });
    case 'unavailable':
      deps.logger.warn('install failed at HubSpot', { reason: error.reason, error: error.message });
      return page(503, texts.unavailable);
    case 'misconfigured':
      deps.logger.error('install failed at HubSpot', {
        reason: error.reason,
        error: error.message,
      });
      return page(502, texts.misconfigured);
    default:
      deps.logger.warn('install failed at HubSpot', { reason: error.reason, error: error.message });
      return page(502, texts.unexpected);
  }
}
