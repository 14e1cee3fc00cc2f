/**
 * Marketplace distribution: the OAuth install flow, tokens encrypted at rest, and per-account
 * HubSpot access (`hubspotForPortal`) in OAuth mode or with one static private-app token.
 */
export {
  AccountRemovedError,
  createStaticAccountAccess,
  type AccountAccess,
  type StaticAccountAccessOptions,
} from './account-access.ts';
export {
  createHubSpotOAuthClient,
  type AccessTokenInfo,
  type HubSpotOAuthClient,
  type OAuthClientOptions,
  type RefreshTokenStatus,
  OAUTH_INTROSPECT_PATH,
  OAUTH_TOKEN_PATH,
  type TokenGrant,
} from './hubspot-oauth-client.ts';
export {
  handleCallback,
  handleInstall,
  type InstallFlowDeps,
  type OAuthRequest,
  type OAuthResponse,
} from './install-handlers.ts';
export {
  checkEveryInstall,
  INSTALL_CHECK_INTERVAL_MS,
  startInstallChecks,
  type InstallChecks,
  type InstallCheckSummary,
} from './install-check.ts';
export {
  createInstallStates,
  INSTALL_STATE_TTL_MS,
  installStateKey,
  type InstallStates,
  type StateCheck,
  type StateProblem,
} from './install-state.ts';
export {
  INSTALL_MESSAGES,
  pageLanguageOf,
  type InstallMessages,
  type PageLanguage,
} from './install-messages.ts';
export {
  createOAuthAccountAccess,
  REFRESH_MARGIN_MS,
  type InstallCheckResult,
  type OAuthAccountAccess,
  type OAuthAccountAccessOptions,
} from './oauth-account-access.ts';
export {
  CALLBACK_PATH,
  DEFAULT_HUBSPOT_AUTHORIZE_URL,
  DEFAULT_HUBSPOT_OAUTH_BASE_URL,
  INSTALL_PATH,
  OAUTH_SCOPES,
  oauthEnvSchema,
  readOAuthConfig,
  tokenEncryptionKeyProblem,
  type OAuthConfig,
} from './oauth-config.ts';
export { OAuthError, type OAuthErrorReason } from './oauth-error.ts';
export { createOAuthMode, type OAuthMode, type OAuthModeOptions } from './oauth-mode.ts';
export {
  createOAuthRoutes,
  INSTALL_RATE_LIMIT,
  REFUSAL_LOGGED,
  REFUSAL_REASON,
} from './oauth-routes.ts';
export { createPortalClient } from './portal-client.ts';
export { createTokenCipher, type TokenCipher } from './token-cipher.ts';
export { createTokenStore, type AccountTokens, type TokenStore } from './token-store.ts';
