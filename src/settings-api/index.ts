/**
 * The settings page's backend: an account's admin edits, validates, publishes and rolls back
 * the account's own scoring model inside HubSpot. The contract with the page is
 * settings-contract.ts.
 */
export { createSettingsRoutes } from './settings-routes.ts';
export { handleSettingsRequest, type SettingsApiResponse } from './settings-api.ts';
export type { SettingsApiDeps } from './settings-handlers.ts';
export {
  createPublishPermission,
  type PublishPermission,
  type SettingsPublishers,
} from './settings-permission.ts';
export { SettingsApiError } from './settings-api-error.ts';
export * from './settings-contract.ts';
