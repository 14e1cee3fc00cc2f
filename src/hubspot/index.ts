/**
 * HubSpot behind the app's port: the SDK client factory, the adapter (batching, rate budget,
 * retries), the one error type, and the output property contract.
 */
export type {
  ContactSearch,
  ContactSearchPage,
  ContactUpdate,
  HubSpotContact,
  HubSpotPort,
  PropertyHistoryEntry,
} from './hubspot-port.ts';
export * from './score-properties.ts';
export { createHubSpotAdapter, type HubSpotAdapterOptions } from './hubspot-adapter.ts';
export {
  createHubSpotClient,
  HUBSPOT_API_BASE,
  type HubSpotClientOptions,
} from './hubspot-client.ts';
export {
  HubSpotError,
  redactSecrets,
  toHubSpotError,
  type HubSpotErrorCategory,
  type HubSpotErrorDetails,
} from './hubspot-error.ts';
export { engagementObjectType } from './engagement-associations.ts';
export {
  DEFAULT_RATE_BUDGET,
  DEFAULT_SEARCH_RATE_BUDGET,
  RateBudget,
  realClock,
  type AdapterClock,
  type RateLimit,
} from './rate-budget.ts';
export { DEFAULT_MAX_RETRIES } from './hubspot-caller.ts';
export type { HubSpotLogger } from './retry.ts';
