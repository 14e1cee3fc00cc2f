import type { HubSpotPort } from '../hubspot/hubspot-port.ts';
import type { RateLimit } from '../hubspot/index.ts';
import type { Logger } from '../server/logger.ts';
import { rateWindowsOfAccount } from '../store/rate-windows.ts';
import type { Store } from '../store/store.ts';
import { createHubSpotOAuthClient, type HubSpotOAuthClient } from './hubspot-oauth-client.ts';
import type { InstallFlowDeps } from './install-handlers.ts';
import { startInstallChecks, type InstallChecks } from './install-check.ts';
import { installStateKey } from './install-state.ts';
import {
  createOAuthAccountAccess,
  type OAuthAccountAccess,
  type OAuthAccountAccessOptions,
} from './oauth-account-access.ts';
import type { OAuthConfig } from './oauth-config.ts';
import { createTokenCipher } from './token-cipher.ts';
import type { TokenStore } from './token-store.ts';

export interface OAuthModeOptions {
  config: OAuthConfig;
  /** The app's store: tokens and install states; its rate windows when instances share it. */
  store: Store;
  logger: Logger;
  onInstalled: InstallFlowDeps['onInstalled'];
  onAccountRemoved?: (portalId: number, reason: string) => void | Promise<void>;
  /** CRM API base for the per-account adapters (HUBSPOT_API_BASE_URL). */
  apiBaseUrl?: string | undefined;
  rateBudget?: RateLimit | undefined;
  now?: () => number;
  fetch?: typeof fetch;
  /** The per-account adapters' retry clock and count (serverless: the invocation's deadline). */
  adapter?: OAuthAccountAccessOptions['adapter'];
  /** Tests replace the SDK adapter. */
  connect?: (portalId: number, currentAccessToken: () => string) => HubSpotPort;
  /**
   * The periodic uninstall check (install-check.ts): every 30 minutes by default; false turns
   * it off (tests that drive `installChecks.runOnce()` themselves).
   */
  installCheck?: { intervalMs?: number } | false;
}

export interface OAuthMode {
  accounts: OAuthAccountAccess;
  /** For handleInstall / handleCallback / createOAuthRoutes. */
  installFlow: InstallFlowDeps;
  tokens: TokenStore;
  oauthClient: HubSpotOAuthClient;
  /** Undefined when turned off. Its timer is unref'd and stops by itself once the store closes. */
  installChecks: InstallChecks | undefined;
}

/** Everything OAuth mode needs, built from the config and the app's database. */
export async function createOAuthMode(options: OAuthModeOptions): Promise<OAuthMode> {
  const now = options.now ?? Date.now;
  const { config, logger } = options;
  const { store } = options;
  const tokens = store.tokens(createTokenCipher(config.tokenEncryptionKey), now);
  const stale = await tokens.portalsSealedWithOtherKey();
  if (stale.length > 0) {
    logger.error('stored tokens were encrypted with another TOKEN_ENCRYPTION_KEY', {
      portalIds: stale,
      fix: 'set the key they were stored with, or reinstall the app in those accounts',
    });
  }
  const oauthClient = createHubSpotOAuthClient({
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    redirectUri: config.redirectUri,
    oauthBaseUrl: config.oauthBaseUrl,
    timeoutMs: config.requestTimeoutMs,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const accounts = createOAuthAccountAccess({
    store: tokens,
    oauth: oauthClient,
    logger,
    apiBaseUrl: options.apiBaseUrl,
    rateBudget: options.rateBudget,
    // Several instances: each account's budget is counted over all of them, in the store.
    ...(store.shared
      ? {
          sharedBudgetFor: (portalId: number) =>
            rateWindowsOfAccount(store.rateWindows(), portalId),
        }
      : {}),
    requestTimeoutMs: config.requestTimeoutMs,
    now,
    ...(options.adapter ? { adapter: options.adapter } : {}),
    ...(options.connect ? { connect: options.connect } : {}),
    ...(options.onAccountRemoved ? { onAccountRemoved: options.onAccountRemoved } : {}),
  });
  const installFlow: InstallFlowDeps = {
    config,
    states: store.installStates(installStateKey(config.tokenEncryptionKey)),
    oauth: oauthClient,
    accounts,
    onInstalled: options.onInstalled,
    now,
    logger,
  };
  const installChecks =
    options.installCheck === false
      ? undefined
      : startInstallChecks({
          accounts,
          logger,
          intervalMs: options.installCheck?.intervalMs,
          isOpen: () => store.isOpen(),
          ...(store.shared ? { locks: store.taskLocks() } : {}),
        });
  return { accounts, installFlow, tokens, oauthClient, installChecks };
}
