import type { HubSpotCall } from './hubspot-caller.ts';
import type { HubSpotClient } from './hubspot-client.ts';
import { HUBSPOT_PATHS } from './hubspot-paths.ts';
import type { ContactPropertyInfo } from './hubspot-port.ts';
import type { components } from './openapi/properties-2026-03.ts';

type PropertyDefinition = components['schemas']['Property'];

/**
 * What the settings page's property pickers offer. Hidden properties are left out (HubSpot
 * hides them from its own editors too: a criterion on one would read a value nobody sees), and
 * archived ones (their values are gone from contacts). Hidden options are left out for the same
 * reason: a retired tier or picklist value no contact should be given again.
 */
export function toContactPropertyInfo(definition: PropertyDefinition): ContactPropertyInfo {
  return {
    name: definition.name,
    label: definition.label,
    type: definition.type,
    fieldType: definition.fieldType,
    groupName: definition.groupName,
    options: [...definition.options]
      .filter((option) => !option.hidden)
      .sort((a, b) => (a.displayOrder ?? 0) - (b.displayOrder ?? 0))
      .map((option) => ({ value: option.value, label: option.label })),
    hubspotDefined: definition.hubspotDefined === true,
  };
}

/**
 * The account's contact properties in one request (HubSpot answers them all, unpaged), through
 * the adapter's caller: the settings page asks while webhooks are scored, so it spends the same
 * rate budget and gets the same retries on 429 and 5xx.
 */
export async function listContactPropertyInfos(
  client: HubSpotClient,
  call: HubSpotCall,
): Promise<ContactPropertyInfo[]> {
  const answer = await call('list contact properties', () =>
    client.properties.GET(HUBSPOT_PATHS.properties, {
      params: { path: { objectType: 'contacts' } },
    }),
  );
  return answer.results
    .filter((definition) => definition.hidden !== true && definition.archived !== true)
    .map(toContactPropertyInfo);
}
