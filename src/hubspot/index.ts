/**
 * HubSpot behind the app's port: the typed client of the date-based APIs (one version,
 * HUBSPOT_API_VERSION; a deadline on every request), the adapter (batching, rate budget with a
 * margin that follows HubSpot's rate-limit headers, retries, partial batch reads), the error
 * types, and the output property contract.
 */
export type {
  ContactPropertyInfo,
  ContactSearch,
  ContactSearchPage,
  ContactUpdate,
  HubSpotContact,
  HubSpotPort,
  HubSpotUser,
  PropertyHistoryEntry,
} from './hubspot-port.ts';
export * from './score-properties.ts';
export { createHubSpotAdapter, type HubSpotAdapterOptions } from './hubspot-adapter.ts';
export {
  createHubSpotClient,
  DEFAULT_REQUEST_TIMEOUT_MS,
  HUBSPOT_API_BASE,
  type HubSpotClient,
  type HubSpotClientOptions,
} from './hubspot-client.ts';
export { HUBSPOT_API_VERSION, HUBSPOT_PATHS } from './hubspot-paths.ts';
export { listContactProperties, type ContactPropertyDefinition } from './contact-property-list.ts';
export {
  HubSpotError,
  PartialBatchError,
  redactSecrets,
  RequestTimeoutError,
  toHubSpotError,
  type HubSpotErrorCategory,
  type HubSpotErrorDetails,
} from './hubspot-error.ts';
export { engagementObjectType } from './engagement-associations.ts';
export {
  budgetWithMargin,
  DEFAULT_ACCOUNT_RATE_LIMIT,
  DEFAULT_RATE_BUDGET,
  DEFAULT_SEARCH_RATE_BUDGET,
  RATE_BUDGET_MARGIN,
  RateBudget,
  readRateLimitHeaders,
  realClock,
  type AdapterClock,
  type RateLimit,
  type RateLimitHeaders,
} from './rate-budget.ts';
export { DEFAULT_MAX_RETRIES, type CallerOptions } from './hubspot-caller.ts';
export type { HubSpotLogger } from './retry.ts';
