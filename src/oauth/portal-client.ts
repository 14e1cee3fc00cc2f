import { Client } from '@hubspot/api-client';
import { HUBSPOT_API_BASE } from '../hubspot/index.ts';

interface RequestContextLike {
  setHeaderParam(name: string, value: string): void;
}

/**
 * An SDK client for one installed account whose bearer token is read at each request. The SDK
 * copies `accessToken` into every API object when it is built, and `setAccessToken` builds new
 * API objects the adapter never sees; a request middleware that sets the header last lets one
 * client, and so one adapter with its own rate budget, live across token refreshes.
 */
export function createPortalClient(options: {
  currentAccessToken: () => string;
  basePath?: string | undefined;
}): Client {
  const client = new Client({
    accessToken: options.currentAccessToken(),
    basePath: (options.basePath ?? HUBSPOT_API_BASE).replace(/\/+$/, ''),
    // The adapter owns retries and the rate budget (see createHubSpotClient).
    numberOfApiCallRetries: 0,
    middleware: [
      {
        pre(ctx: unknown) {
          (ctx as RequestContextLike).setHeaderParam(
            'Authorization',
            `Bearer ${options.currentAccessToken()}`,
          );
          return ctx;
        },
        post: (ctx: unknown) => ctx,
      },
    ],
  });
  // Same reason as in createHubSpotClient: pin the SDK's process-wide decorators (none) now.
  void client.crm.contacts.batchApi;
  void client.crm.properties.coreApi;
  void client.crm.associations.v4.batchApi;
  return client;
}
