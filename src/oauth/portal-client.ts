import { createHubSpotClient, type HubSpotClient } from '../hubspot/index.ts';

/**
 * The HubSpot client for one installed account whose bearer token is read at each request, so
 * one client, and so one adapter with its own rate budget, lives across token refreshes.
 * test/oauth/portal-client.test.ts pins this.
 */
export function createPortalClient(options: {
  currentAccessToken: () => string;
  basePath?: string | undefined;
  timeoutMs?: number | undefined;
}): HubSpotClient {
  return createHubSpotClient(options);
}
