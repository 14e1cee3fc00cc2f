import type { HubSpotPort } from '../hubspot/hubspot-port.ts';
import { HubSpotError } from '../hubspot/hubspot-error.ts';

/**
 * Which HubSpot account a piece of work talks to. The server asks per event / card request
 * (`portalId`) and gets that account's adapter, or undefined when the app is not (or no longer)
 * installed there: the work for that account then stops cleanly. Two implementations share it:
 * OAuth (many accounts, tokens refreshed, see oauth-account-access.ts) and a static private-app
 * token (one account, here), so the server code is the same in both modes.
 */
export interface AccountAccess {
  readonly mode: 'oauth' | 'static';
  /**
   * The account's adapter, with a token valid for at least a few minutes. Undefined when the
   * account is not installed or was removed. Throws HubSpotError (retryable) when a needed
   * refresh cannot reach HubSpot, OAuthError('undecryptable') when stored tokens are unreadable.
   */
  hubspotForPortal(portalId: number): Promise<HubSpotPort | undefined>;
  /** Uninstall: forgets the account's tokens; its later work finds no adapter. */
  removeAccount(portalId: number, reason?: string): Promise<boolean>;
  /** Installed accounts (what a sweep goes through). */
  portals(): Promise<number[]>;
  /**
   * A private app's token whose portal id is not configured: it serves whatever portal a
   * webhook names (the account home keeps its model under portal 0).
   */
  readonly servesAnyPortal?: boolean;
}

/** Thrown by an account's adapter once the account was removed while work was in flight. */
export class AccountRemovedError extends HubSpotError {
  readonly portalId: number;
  constructor(portalId: number) {
    super(`the app is no longer installed in HubSpot account ${portalId}; its work stops`, {
      status: 401,
      category: 'auth',
    });
    this.name = 'AccountRemovedError';
    this.portalId = portalId;
  }
}

export interface StaticAccountAccessOptions {
  /** The adapter over the private app's token (HUBSPOT_ACCESS_TOKEN). */
  port: HubSpotPort;
  /**
   * The account the token belongs to, when known: other portals then get undefined. Unknown,
   * every portalId gets the one adapter (webhooks only come from the account it is installed in).
   */
  portalId?: number | undefined;
}

/** HUBSPOT_ACCESS_TOKEN mode: one account, no OAuth, nothing stored. */
export function createStaticAccountAccess(options: StaticAccountAccessOptions): AccountAccess {
  const removed = new Set<number>();
  const serves = (portalId: number) =>
    !removed.has(portalId) && (options.portalId === undefined || portalId === options.portalId);
  return {
    mode: 'static',
    hubspotForPortal: async (portalId) => (serves(portalId) ? options.port : undefined),
    async removeAccount(portalId) {
      // Nothing stored to delete: a private app's token is revoked in HubSpot. Stop its work here.
      const was = serves(portalId);
      removed.add(portalId);
      return was;
    },
    portals: async () =>
      options.portalId === undefined || removed.has(options.portalId) ? [] : [options.portalId],
    servesAnyPortal: options.portalId === undefined,
  };
}
