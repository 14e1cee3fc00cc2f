/** app.json, the product's manifest, and the HubSpot project (platform 2026.03) built from it. */
export {
  appManifestSchema,
  loadAppManifest,
  parseAppManifest,
  type AppManifest,
} from './app-manifest.ts';
export {
  APP_FUNCTION_ENDPOINT_PATH,
  APP_FUNCTION_HSMETA,
  APP_FUNCTION_SECRET_KEYS,
  APP_FUNCTION_UID,
  SERVERLESS_BASE_PATH,
} from './app-function.ts';
export {
  buildHubSpotProject,
  type AppFunctionSummary,
  type BuildOptions,
  type BuildResult,
} from './build-project.ts';
export { runHubSpotProjectCommand, USAGE } from './cli.ts';
export { PLATFORM_VERSION } from './hsmeta.ts';
export { leastScopes, SETTINGS_PAGE_SCOPES } from './least-scopes.ts';
export {
  asPrivateApp,
  backendUrls,
  manifestProblems,
  OAUTH_CALLBACK_PATH,
  WEBHOOK_PATH,
} from './manifest-rules.ts';
export { ProjectBuildError } from './project-error.ts';
export {
  subscribedContactProperties,
  subscriptionsForModel,
  type WebhookSubscriptions,
} from './webhook-subscriptions.ts';
