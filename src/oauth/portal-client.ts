import { Client } from '@hubspot/api-client';
import { HUBSPOT_API_BASE } from '../hubspot/index.ts';

/**
 * An SDK client for one installed account whose bearer token is read at each request, so one
 * client, and so one adapter with its own rate budget, lives across token refreshes.
 *
 * Why the token is an object: the SDK copies `accessToken` into every API object when it is
 * built; `setAccessToken` builds new API objects that an adapter holding the old ones never
 * sees; and configured request middleware is silently skipped by the 13.x generated APIs
 * (they only apply middleware passed per call). What every API does at each request is
 * `"Bearer " + accessToken`, so a value that turns into the current token when coerced to text
 * is read afresh every time. test/oauth/portal-client.test.ts pins this against the real SDK.
 */
export function createPortalClient(options: {
  currentAccessToken: () => string;
  basePath?: string | undefined;
}): Client {
  const liveToken = {
    toString: () => options.currentAccessToken(),
    [Symbol.toPrimitive]: () => options.currentAccessToken(),
    // Never serialise the token into a log or an error dump by way of this object.
    toJSON: () => '[access token]',
  };
  const client = new Client({
    accessToken: liveToken as unknown as string,
    basePath: (options.basePath ?? HUBSPOT_API_BASE).replace(/\/+$/, ''),
    // The adapter owns retries and the rate budget (see createHubSpotClient).
    numberOfApiCallRetries: 0,
  });
  // Same reason as in createHubSpotClient: pin the SDK's process-wide decorators (none) now.
  void client.crm.contacts.batchApi;
  void client.crm.properties.coreApi;
  void client.crm.associations.v4.batchApi;
  return client;
}
