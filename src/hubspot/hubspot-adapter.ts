import { findUser } from './account-users.ts';
import { BATCH_SIZE, chunk, mapInPool } from './batching.ts';
import { readContactBatches, toContact } from './contact-batch-read.ts';
import { listContactPropertyInfos } from './contact-property-catalog.ts';
import { contactsOfEngagements } from './engagement-associations.ts';
import { ensureScoreProperties } from './ensure-score-properties.ts';
import { createCaller, type CallerOptions } from './hubspot-caller.ts';
import type { HubSpotClient } from './hubspot-client.ts';
import { HubSpotError } from './hubspot-error.ts';
import { HUBSPOT_PATHS } from './hubspot-paths.ts';
import type {
  ContactSearch,
  ContactSearchPage,
  ContactUpdate,
  HubSpotPort,
  PropertyHistoryEntry,
} from './hubspot-port.ts';
import type { components } from './openapi/contacts-2026-03.ts';

export interface HubSpotAdapterOptions extends CallerOptions {
  client: HubSpotClient;
  /** Batch requests in flight at once; the rate budget still paces them. */
  concurrency?: number;
}

type BatchError = components['schemas']['StandardError'];
type SearchRequest = components['schemas']['PublicObjectSearchRequest'];

/** HubSpot's batch answers 207 with errors for ids it does not know; any other error is real. */
function failuresOtherThanMissing(errors: readonly BatchError[] | undefined): BatchError[] {
  return (errors ?? []).filter((error) => error.category !== 'OBJECT_NOT_FOUND');
}

export function createHubSpotAdapter(options: HubSpotAdapterOptions): HubSpotPort {
  const { client, logger } = options;
  const call = createCaller(options);
  const concurrency = Math.max(1, options.concurrency ?? 3);
  const { contacts } = client;

  return {
    readContacts(ids, properties, options) {
      return readContactBatches(client, call, ids, properties, concurrency, options?.withHistory);
    },

    async updateContacts(updates) {
      const batches = chunk(mergeUpdates(updates), BATCH_SIZE);
      await mapInPool(batches, concurrency, async (batch) => {
        const answer = await call('update contacts', () =>
          contacts.POST(HUBSPOT_PATHS.contactsBatchUpdate, {
            body: { inputs: batch.map(({ id, properties }) => ({ id, properties })) },
          }),
        );
        const errors = 'errors' in answer ? answer.errors : undefined;
        const failures = failuresOtherThanMissing(errors);
        if (failures.length > 0) throw batchFailure('update contacts', failures);
        const missing = (errors ?? []).flatMap((error) => error.context?.ids ?? []);
        // A contact deleted between reading and writing is not an error worth failing a run for.
        if (missing.length > 0) logger?.warn('contacts gone before their update', { missing });
      });
    },

    async searchContacts(search: ContactSearch): Promise<ContactSearchPage> {
      const answer = await call(
        'search contacts',
        () =>
          contacts.POST(HUBSPOT_PATHS.contactsSearch, {
            // The spec marks `after` and `sorts` required and types sorts as strings; HubSpot's
            // search guide sends sorts as {propertyName, direction} and the first page has no cursor.
            body: {
              filterGroups: search.filterGroups,
              sorts: search.sorts ?? [],
              properties: [...search.properties],
              limit: search.limit,
              ...(search.after === undefined ? {} : { after: search.after }),
            } as unknown as SearchRequest,
          }),
        'search',
      );
      const after = answer.paging?.next?.after;
      return {
        total: answer.total,
        results: answer.results.map(toContact),
        ...(after === undefined ? {} : { after }),
      };
    },

    contactsOfEngagements(objectType, objectIds) {
      return contactsOfEngagements(client, call, objectType, objectIds, concurrency);
    },

    async propertyHistory(contactId, property): Promise<PropertyHistoryEntry[]> {
      const contact = await call('read property history', () =>
        contacts.GET(HUBSPOT_PATHS.contact, {
          params: {
            path: { contactId },
            query: { properties: [property], propertiesWithHistory: [property] },
          },
        }),
      );
      // Newest first, as HubSpot lists it.
      return (contact.propertiesWithHistory?.[property] ?? []).map((entry) => ({
        value: entry.value,
        timestamp: entry.timestamp,
        ...(entry.sourceType === undefined ? {} : { sourceType: entry.sourceType }),
      }));
    },

    ensureScoreProperties(tierNames, profiles) {
      return ensureScoreProperties(client, call, tierNames, logger, profiles);
    },

    listContactProperties() {
      return listContactPropertyInfos(client, call);
    },

    findUser(userId) {
      return findUser(client, call, userId);
    },
  };
}

/** HubSpot rejects a batch naming one id twice: merge them, later values winning. */
function mergeUpdates(updates: readonly ContactUpdate[]): ContactUpdate[] {
  const merged = new Map<string, Record<string, string>>();
  for (const { id, properties } of updates) {
    merged.set(id, { ...merged.get(id), ...properties });
  }
  return [...merged].map(([id, properties]) => ({ id, properties }));
}

function batchFailure(action: string, failures: BatchError[]): HubSpotError {
  const first = failures[0]!;
  return new HubSpotError(`${action}: ${failures.length} error(s) in the batch: ${first.message}`, {
    status: 207,
    category: 'bad-request',
    hubspotCategory: first.category,
    cause: failures,
  });
}
