import { Client } from '@hubspot/api-client';

export interface HubSpotClientOptions {
  accessToken: string;
  /** `https://api.hubapi.com` in production; the sandbox's `baseUrl` in tests and demos. */
  basePath?: string;
}

export const HUBSPOT_API_BASE = 'https://api.hubapi.com';

/**
 * The SDK client without its own retry and limiter: the adapter owns the rate budget and the
 * retries, and two layers retrying would multiply attempts and hide the real error rate.
 */
export function createHubSpotClient(options: HubSpotClientOptions): Client {
  const client = new Client({
    accessToken: options.accessToken,
    basePath: (options.basePath ?? HUBSPOT_API_BASE).replace(/\/+$/, ''),
    numberOfApiCallRetries: 0,
  });
  // The SDK keeps its decorators (limiter, retry) in a process-wide singleton and applies them
  // when an API object is first touched. Touch ours now, while the singleton holds this client's
  // empty list, so a client built later with a limiter cannot wrap ours.
  void client.crm.contacts.batchApi;
  void client.crm.properties.coreApi;
  void client.crm.associations.v4.batchApi;
  return client;
}
