import type { HubSpotClient } from './hubspot-client.ts';
import { httpError, toHubSpotError } from './hubspot-error.ts';
import { HUBSPOT_PATHS } from './hubspot-paths.ts';
import type { components } from './openapi/properties-2026-03.ts';

export type ContactPropertyDefinition = components['schemas']['Property'];

/**
 * Every contact property definition of the account, in one request. For `setup`, which
 * compares before and after; outside the adapter's budget and retries on purpose: a person
 * at the terminal sees a failure at once and runs the command again.
 */
export async function listContactProperties(
  client: HubSpotClient,
): Promise<ContactPropertyDefinition[]> {
  const action = 'list contact properties';
  let answer;
  try {
    answer = await client.properties.GET(HUBSPOT_PATHS.properties, {
      params: { path: { objectType: 'contacts' } },
    });
  } catch (err) {
    throw toHubSpotError(err, action);
  }
  const { data, error, response } = answer;
  if (!response.ok || data === undefined) {
    throw httpError(action, response.status, response.headers, error);
  }
  return data.results;
}
