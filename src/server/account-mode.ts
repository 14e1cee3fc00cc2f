import { forgetAccountData } from '../accounts/forget-account.ts';
import type { HubSpotPort } from '../hubspot/hubspot-port.ts';
import type { RateLimit } from '../hubspot/index.ts';
import {
  createOAuthMode,
  createStaticAccountAccess,
  type AccountAccess,
  type InstallFlowDeps,
  type OAuthConfig,
  type OAuthModeOptions,
} from '../oauth/index.ts';
import type { CompiledModel } from '../scoring/index.ts';
import type { Store } from '../store/store.ts';
import type { WorkQueue } from '../store/work-queue.ts';
import type { Logger } from './logger.ts';

/**
 * Which HubSpot accounts this server works for, and with which token: one private app's token
 * (static mode, the sandbox too) or every account that installed the marketplace app (OAuth).
 * Everything downstream (worker, card, sweep) only sees `AccountAccess`.
 */

export interface StaticAccount {
  /** The adapter over the private app's token. */
  hubspot: HubSpotPort;
  /** The account the token belongs to: other accounts' requests are refused. Unset: all. */
  portalId?: number | undefined;
}

export interface OAuthAccounts {
  config: OAuthConfig;
  /** CRM API base of the per-account adapters (HUBSPOT_API_BASE_URL). */
  apiBaseUrl?: string | undefined;
  /** Per account: each installed account has its own budget at HubSpot. */
  rateBudget?: RateLimit | undefined;
  /** Tests: the token endpoint's fetch, and the adapter built per account. */
  fetch?: typeof fetch;
  connect?: OAuthModeOptions['connect'];
}

export interface AccountMode {
  accounts: AccountAccess;
  /** Static mode: the one adapter (its output properties are ensured at start-up). */
  staticAccount: { portalId: number | undefined; port: HubSpotPort } | undefined;
  /** OAuth mode: the install flow's routes. */
  installFlow: InstallFlowDeps | undefined;
  /** False for accounts whose webhooks are dropped at the door. */
  servesPortal: ((portalId: number) => boolean) | undefined;
  /** Stops what the mode runs in the background (OAuth: the periodic install check). */
  stop(): Promise<void>;
}

export interface AccountModeOptions {
  hubspot?: StaticAccount | undefined;
  oauth?: OAuthAccounts | undefined;
  /** The account's published model (or the fallback): its tiers and profiles at install. */
  modelFor: (portalId: number) => Promise<CompiledModel>;
  store: Store;
  queue: Pick<WorkQueue, 'forgetPortal'>;
  /** An account removed: its background jobs stop and go. */
  forgetJobs?: ((portalId: number) => Promise<void>) | undefined;
  logger: Logger;
  now: () => number;
}

export async function createAccountMode(options: AccountModeOptions): Promise<AccountMode> {
  const { hubspot, oauth, logger } = options;
  if ((hubspot === undefined) === (oauth === undefined)) {
    throw new TypeError('startScoringServer needs exactly one of `hubspot` (a token) or `oauth`');
  }
  if (hubspot) {
    const { portalId } = hubspot;
    return {
      accounts: createStaticAccountAccess({ port: hubspot.hubspot, portalId }),
      staticAccount: { portalId, port: hubspot.hubspot },
      installFlow: undefined,
      servesPortal: portalId === undefined ? undefined : (id) => id === portalId,
      stop: async () => {},
    };
  }
  const mode = await createOAuthMode({
    config: oauth!.config,
    store: options.store,
    logger,
    now: options.now,
    apiBaseUrl: oauth!.apiBaseUrl,
    rateBudget: oauth!.rateBudget,
    ...(oauth!.fetch ? { fetch: oauth!.fetch } : {}),
    ...(oauth!.connect ? { connect: oauth!.connect } : {}),
    // Each new account gets the output properties before its first webhook is scored.
    onInstalled: async (portalId, port) => {
      const model = await options.modelFor(portalId);
      return port.ensureScoreProperties(model.tierNames, model.profiles);
    },
    onAccountRemoved: async (portalId, reason) => {
      const forgotten = await forgetAccountData(options.store, portalId, {
        queue: options.queue,
        forgetJobs: options.forgetJobs,
      });
      logger.warn('dropped the queued work and stored data of a removed HubSpot account', {
        portalId,
        reason,
        ...forgotten,
      });
    },
  });
  return {
    accounts: mode.accounts,
    staticAccount: undefined,
    installFlow: mode.installFlow,
    servesPortal: undefined,
    stop: async () => mode.installChecks?.stop(),
  };
}
