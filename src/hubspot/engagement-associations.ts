import { BATCH_SIZE, chunk, mapInPool, uniqueIds } from './batching.ts';
import type { HubSpotCall } from './hubspot-caller.ts';
import type { HubSpotClient } from './hubspot-client.ts';
import { HUBSPOT_PATHS } from './hubspot-paths.ts';

/**
 * Webhooks name engagements in several spellings (`CALL`, `MEETING_EVENT`, `0-48`, `calls`);
 * the associations API wants the plural object name.
 */
const ENGAGEMENT_OBJECT_TYPES: Record<string, string> = {
  call: 'calls',
  calls: 'calls',
  '0-48': 'calls',
  email: 'emails',
  emails: 'emails',
  '0-49': 'emails',
  meeting: 'meetings',
  meetings: 'meetings',
  meeting_event: 'meetings',
  '0-47': 'meetings',
  note: 'notes',
  notes: 'notes',
  '0-46': 'notes',
  task: 'tasks',
  tasks: 'tasks',
  '0-27': 'tasks',
  communication: 'communications',
  communications: 'communications',
  '0-18': 'communications',
};

export function engagementObjectType(objectType: string): string {
  const known = ENGAGEMENT_OBJECT_TYPES[objectType.toLowerCase()];
  if (known === undefined) throw new RangeError(`not an engagement object type: ${objectType}`);
  return known;
}

/**
 * Contacts of each engagement through the associations batch read. An engagement with more
 * associations than one page holds comes back with a cursor; ask again for just those, with
 * their cursors.
 */
export async function contactsOfEngagements(
  client: HubSpotClient,
  call: HubSpotCall,
  objectType: string,
  objectIds: readonly string[],
  concurrency: number,
): Promise<Map<string, string[]>> {
  const fromType = engagementObjectType(objectType);
  const ids = uniqueIds(objectIds);
  // Engagements without contacts are absent from HubSpot's answer (a 207 error each): keep them, empty.
  const contactsByEngagement = new Map<string, string[]>(ids.map((id) => [id, []]));
  let inputs: { id: string; after?: string }[] = ids.map((id) => ({ id }));
  while (inputs.length > 0) {
    const pages = await mapInPool(chunk(inputs, BATCH_SIZE), concurrency, (batch) =>
      call(`read ${fromType} associations`, () =>
        client.associations.POST(HUBSPOT_PATHS.associationsBatchRead, {
          params: { path: { fromObjectType: fromType, toObjectType: 'contacts' } },
          body: { inputs: batch },
        }),
      ),
    );
    inputs = [];
    for (const result of pages.flatMap((page) => page.results)) {
      const engagementId = String(result.from.id);
      const contactIds = contactsByEngagement.get(engagementId) ?? [];
      for (const to of result.to) contactIds.push(String(to.toObjectId));
      contactsByEngagement.set(engagementId, contactIds);
      const after = result.paging?.next?.after;
      if (after !== undefined) inputs.push({ id: engagementId, after });
    }
  }
  return contactsByEngagement;
}
