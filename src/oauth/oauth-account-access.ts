import type { HubSpotPort } from '../hubspot/hubspot-port.ts';
import type { CallerOptions, SharedBudgetWindows } from '../hubspot/hubspot-caller.ts';
import {
  createHubSpotAdapter,
  HubSpotError,
  type HubSpotLogger,
  type RateLimit,
} from '../hubspot/index.ts';
import { AccountRemovedError, type AccountAccess } from './account-access.ts';
import type { HubSpotOAuthClient } from './hubspot-oauth-client.ts';
import { OAuthError } from './oauth-error.ts';
import { createPortalClient } from './portal-client.ts';
import type { AccountTokens, TokenStore } from './token-store.ts';

export interface OAuthLogger extends HubSpotLogger {
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
}

export interface OAuthAccountAccessOptions {
  store: TokenStore;
  oauth: Pick<HubSpotOAuthClient, 'refresh'> &
    Partial<Pick<HubSpotOAuthClient, 'refreshTokenStatus'>>;
  logger: OAuthLogger;
  /** CRM API base (HUBSPOT_API_BASE_URL); the default adapter uses it. */
  apiBaseUrl?: string | undefined;
  /** Per account: marketplace apps get 110 requests / 10 s in each installed account. */
  rateBudget?: RateLimit | undefined;
  /** Several instances: the account's rate windows in the store, shared by all of them. */
  sharedBudgetFor?: ((portalId: number) => SharedBudgetWindows) | undefined;
  /** Deadline of each CRM request (HUBSPOT_REQUEST_TIMEOUT_MS); the client's default when unset. */
  requestTimeoutMs?: number | undefined;
  /**
   * The default adapters' retries: their clock and how many (a serverless function ends each
   * invocation's retries at its deadline, src/serverless/invocation-deadline.ts).
   */
  adapter?: Pick<CallerOptions, 'clock' | 'maxRetries' | 'random'> | undefined;
  /** Builds one account's adapter around a token that changes; tests swap it. */
  connect?: (portalId: number, currentAccessToken: () => string) => HubSpotPort;
  now?: () => number;
  /** Refresh when less than this is left (HubSpot access tokens live 30 minutes). */
  refreshMarginMs?: number;
  /** Told when an account is removed (uninstall, revoked refresh token): drop its queued work. */
  onAccountRemoved?: (portalId: number, reason: string) => void | Promise<void>;
}

/** What one install check found (see install-check.ts). */
export type InstallCheckResult = 'installed' | 'removed' | 'unknown';

export interface OAuthAccountAccess extends AccountAccess {
  readonly mode: 'oauth';
  /** A new install (or a reinstall): stores the tokens; a cached adapter keeps its rate budget. */
  addAccount(portalId: number, tokens: AccountTokens): Promise<void>;
  /**
   * Is the app still installed there? Introspects the refresh token; one HubSpot calls inactive
   * is confirmed by a refresh, and only a refused refresh removes the account (tokens, queued
   * work, dead letters). 'unknown' when HubSpot could not say (down, slow, unreadable tokens).
   */
  checkInstalled(portalId: number): Promise<InstallCheckResult>;
}

export const REFRESH_MARGIN_MS = 5 * 60 * 1000;

interface Session {
  portalId: number;
  tokens: AccountTokens;
  port: HubSpotPort;
  refreshing: Promise<boolean> | undefined;
  removed: boolean;
}

type PortMethod = keyof HubSpotPort;
/** Every method of the port, checked by the compiler: a new one cannot be left unwrapped. */
const PORT_METHODS = Object.keys({
  readContacts: true,
  updateContacts: true,
  searchContacts: true,
  contactsOfEngagements: true,
  propertyHistory: true,
  ensureScoreProperties: true,
  listContactProperties: true,
  findUser: true,
} satisfies Record<PortMethod, true>) as readonly PortMethod[];

export function createOAuthAccountAccess(options: OAuthAccountAccessOptions): OAuthAccountAccess {
  const { store, logger } = options;
  const now = options.now ?? Date.now;
  const margin = options.refreshMarginMs ?? REFRESH_MARGIN_MS;
  const connect =
    options.connect ??
    ((portalId: number, currentAccessToken: () => string) =>
      createHubSpotAdapter({
        client: createPortalClient({
          currentAccessToken,
          basePath: options.apiBaseUrl,
          ...(options.requestTimeoutMs === undefined
            ? {}
            : { timeoutMs: options.requestTimeoutMs }),
        }),
        rateBudget: options.rateBudget,
        sharedBudget: options.sharedBudgetFor?.(portalId),
        logger,
        ...options.adapter,
      }));
  const sessions = new Map<number, Session>();
  /** Per account, the token load under way: concurrent first asks share one session. */
  const loading = new Map<number, Promise<Session | undefined>>();

  function sessionFor(portalId: number): Promise<Session | undefined> {
    const cached = sessions.get(portalId);
    if (cached) return Promise.resolve(cached);
    const pending = loading.get(portalId);
    if (pending) return pending;
    const load = openSession(portalId).finally(() => loading.delete(portalId));
    loading.set(portalId, load);
    return load;
  }

  async function openSession(portalId: number): Promise<Session | undefined> {
    const tokens = await store.load(portalId);
    if (tokens === undefined) return undefined;
    // Added (install) while the tokens were read: that session is the account's.
    const added = sessions.get(portalId);
    if (added) return added;
    const session: Session = {
      portalId,
      tokens,
      port: undefined as unknown as HubSpotPort,
      refreshing: undefined,
      removed: false,
    };
    session.port = freshTokenPort(
      session,
      connect(portalId, () => session.tokens.accessToken),
    );
    sessions.set(portalId, session);
    return session;
  }

  /** True when the session's access token is usable; false once the account is gone. */
  function ensureFresh(session: Session, force = false): Promise<boolean> {
    if (session.removed) return Promise.resolve(false);
    if (!force && now() < session.tokens.expiresAt - margin) return Promise.resolve(true);
    // Every caller waiting on this account shares the one refresh in flight.
    session.refreshing ??= refresh(session, force).finally(() => {
      session.refreshing = undefined;
    });
    return session.refreshing;
  }

  async function refresh(session: Session, force: boolean): Promise<boolean> {
    const { portalId } = session;
    // Another process may have refreshed (or removed) the account since we loaded it.
    const storedExpiry = await store.expiresAt(portalId);
    if (storedExpiry === undefined) {
      forget(session, 'its tokens are no longer in the store');
      return false;
    }
    if (storedExpiry > session.tokens.expiresAt) {
      session.tokens = (await store.load(portalId)) ?? session.tokens;
      if (!force && now() < session.tokens.expiresAt - margin) return true;
    }
    const before = session.tokens;
    try {
      const grant = await options.oauth.refresh(before.refreshToken);
      if (session.removed) return false;
      // A reinstall stored new tokens while we waited: they win over this refresh.
      if (session.tokens !== before) return true;
      const tokens: AccountTokens = {
        accessToken: grant.accessToken,
        refreshToken: grant.refreshToken,
        expiresAt: now() + grant.expiresInSeconds * 1000,
        scopes: grant.scopes ?? session.tokens.scopes,
        hubDomain: session.tokens.hubDomain,
      };
      await store.save(portalId, tokens);
      session.tokens = tokens;
      logger.info('refreshed the HubSpot access token', {
        portalId,
        validUntil: new Date(tokens.expiresAt).toISOString(),
      });
      return true;
    } catch (error) {
      if (error instanceof OAuthError && error.reason === 'revoked') {
        await removeAccount(
          portalId,
          'HubSpot refused the refresh token (app uninstalled or access revoked)',
        );
        return false;
      }
      if (!force && now() < session.tokens.expiresAt) {
        logger.warn('could not refresh the HubSpot access token; using it while it lasts', {
          portalId,
          error: error instanceof Error ? error.message : String(error),
        });
        return true;
      }
      throw asHubSpotError(error, portalId);
    }
  }

  /** Each call makes sure of the token first (long jobs outlive 30 minutes), and one 401 refreshes. */
  function freshTokenPort(session: Session, port: HubSpotPort): HubSpotPort {
    const wrapped = {} as Record<PortMethod, (...args: unknown[]) => Promise<unknown>>;
    for (const method of PORT_METHODS) {
      const call = port[method] as (...args: unknown[]) => Promise<unknown>;
      wrapped[method] = async (...args) => {
        if (!(await ensureFresh(session))) throw new AccountRemovedError(session.portalId);
        const used = session.tokens.accessToken;
        try {
          return await call.apply(port, args);
        } catch (error) {
          if (!(error instanceof HubSpotError && error.status === 401)) throw error;
          // Refreshed by someone else meanwhile: retry with that; otherwise force a refresh.
          const usable = session.tokens.accessToken !== used || (await ensureFresh(session, true));
          if (!usable) throw new AccountRemovedError(session.portalId);
          return call.apply(port, args);
        }
      };
    }
    return wrapped as unknown as HubSpotPort;
  }

  function forget(session: Session, reason: string): void {
    session.removed = true;
    if (sessions.get(session.portalId) === session) sessions.delete(session.portalId);
    logger.warn('stopped working for a HubSpot account', { portalId: session.portalId, reason });
  }

  async function removeAccount(portalId: number, reason = 'removed'): Promise<boolean> {
    const stored = await store.remove(portalId);
    const session = sessions.get(portalId);
    if (session) forget(session, reason);
    else if (stored) logger.warn('stopped working for a HubSpot account', { portalId, reason });
    if (stored || session) await options.onAccountRemoved?.(portalId, reason);
    return stored || session !== undefined;
  }

  async function checkInstalled(portalId: number): Promise<InstallCheckResult> {
    let session: Session | undefined;
    try {
      session = await sessionFor(portalId);
    } catch (error) {
      // Undecryptable tokens: not ours to judge here (the worker parks the account's work).
      logger.warn('install check: the stored tokens cannot be read', { portalId, error });
      return 'unknown';
    }
    if (session === undefined) return 'removed';
    let active = true;
    if (options.oauth.refreshTokenStatus) {
      try {
        active = (await options.oauth.refreshTokenStatus(session.tokens.refreshToken)).active;
      } catch (error) {
        if (!(error instanceof OAuthError && error.reason === 'revoked')) {
          logger.warn('install check: HubSpot could not say; the next check asks again', {
            portalId,
            error,
          });
          return 'unknown';
        }
        active = false;
      }
      if (active) return 'installed';
    }
    // Inactive by introspection (or no introspection): a refresh decides. Refused, it removes.
    try {
      const usable = await ensureFresh(session, true);
      if (usable && !active) {
        logger.warn('install check: introspection said inactive, but the refresh worked', {
          portalId,
        });
      }
      return usable ? 'installed' : 'removed';
    } catch (error) {
      logger.warn('install check: the confirming refresh failed; the next check asks again', {
        portalId,
        error,
      });
      return 'unknown';
    }
  }

  return {
    mode: 'oauth',
    checkInstalled,
    async hubspotForPortal(portalId) {
      const session = await sessionFor(portalId);
      if (session === undefined) return undefined;
      return (await ensureFresh(session)) ? session.port : undefined;
    },
    removeAccount,
    portals: () => store.portals(),
    async addAccount(portalId, tokens) {
      await store.save(portalId, tokens);
      const session = sessions.get(portalId);
      if (session) session.tokens = tokens;
    },
  };
}

function asHubSpotError(error: unknown, portalId: number): HubSpotError {
  if (error instanceof HubSpotError) return error;
  const retryable = error instanceof OAuthError && error.retryable;
  const reason = error instanceof Error ? error.message : String(error);
  return new HubSpotError(`HubSpot account ${portalId}: no valid access token: ${reason}`, {
    status: retryable ? 503 : 401,
    category: retryable ? 'server' : 'auth',
    cause: error,
  });
}
