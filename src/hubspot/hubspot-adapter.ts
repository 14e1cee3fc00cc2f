import type { Client } from '@hubspot/api-client';
import { BATCH_SIZE, chunk, mapInPool, uniqueIds } from './batching.ts';
import { contactsOfEngagements } from './engagement-associations.ts';
import { ensureScoreProperties } from './ensure-score-properties.ts';
import { createCaller, type CallerOptions } from './hubspot-caller.ts';
import { HubSpotError } from './hubspot-error.ts';
import type {
  ContactSearch,
  ContactSearchPage,
  ContactUpdate,
  HubSpotContact,
  HubSpotPort,
  PropertyHistoryEntry,
} from './hubspot-port.ts';

export interface HubSpotAdapterOptions extends CallerOptions {
  client: Client;
  /** Batch requests in flight at once; the rate budget still paces them. */
  concurrency?: number;
}

interface SdkObject {
  id: string;
  properties: Record<string, string | null>;
  propertiesWithHistory?: Record<string, SdkHistoryValue[]>;
}
interface SdkHistoryValue {
  value: string;
  timestamp: Date | string;
  sourceType?: string;
}
interface SdkBatchError {
  category: string;
  message: string;
  context?: Record<string, string[]>;
}
interface SdkBatchResponse {
  results: SdkObject[];
  errors?: SdkBatchError[];
}

const toContact = (object: SdkObject): HubSpotContact => ({
  id: String(object.id),
  properties: { ...object.properties },
});

const isoTimestamp = (value: Date | string) =>
  value instanceof Date ? value.toISOString() : String(value);

/** HubSpot's batch answers 207 with errors for ids it does not know; any other error is real. */
function failuresOtherThanMissing(response: SdkBatchResponse): SdkBatchError[] {
  return (response.errors ?? []).filter((error) => error.category !== 'OBJECT_NOT_FOUND');
}

export function createHubSpotAdapter(options: HubSpotAdapterOptions): HubSpotPort {
  const { client, logger } = options;
  const call = createCaller(options);
  const concurrency = Math.max(1, options.concurrency ?? 3);
  const contacts = client.crm.contacts;

  return {
    async readContacts(ids, properties) {
      const batches = chunk(uniqueIds(ids), BATCH_SIZE);
      const pages = await mapInPool(batches, concurrency, (batch) =>
        call('read contacts', async () => {
          const response = (await contacts.batchApi.read({
            inputs: batch.map((id) => ({ id })),
            properties: [...properties],
            propertiesWithHistory: [],
          })) as SdkBatchResponse;
          const failures = failuresOtherThanMissing(response);
          if (failures.length > 0) throw batchFailure('read contacts', failures);
          return response.results.map(toContact);
        }),
      );
      return pages.flat();
    },

    async updateContacts(updates) {
      const batches = chunk(mergeUpdates(updates), BATCH_SIZE);
      await mapInPool(batches, concurrency, (batch) =>
        call('update contacts', async () => {
          const response = (await contacts.batchApi.update({
            inputs: batch.map(({ id, properties }) => ({ id, properties })),
          })) as SdkBatchResponse;
          const failures = failuresOtherThanMissing(response);
          if (failures.length > 0) throw batchFailure('update contacts', failures);
          const missing = (response.errors ?? []).flatMap((error) => error.context?.ids ?? []);
          // A contact deleted between reading and writing is not an error worth failing a run for.
          if (missing.length > 0) logger?.warn('contacts gone before their update', { missing });
        }),
      );
    },

    async searchContacts(search: ContactSearch): Promise<ContactSearchPage> {
      const response = await call(
        'search contacts',
        () =>
          contacts.searchApi.doSearch({
            filterGroups: search.filterGroups,
            // HubSpot's search guide sends sorts as {propertyName, direction}; the SDK types say string.
            sorts: (search.sorts ?? []) as unknown as string[],
            properties: [...search.properties],
            limit: search.limit,
            ...(search.after === undefined ? {} : { after: search.after }),
          } as Parameters<typeof contacts.searchApi.doSearch>[0]),
        'search',
      );
      const after = response.paging?.next?.after;
      return {
        total: response.total,
        results: (response.results as SdkObject[]).map(toContact),
        ...(after === undefined ? {} : { after }),
      };
    },

    contactsOfEngagements(objectType, objectIds) {
      return contactsOfEngagements(client, call, objectType, objectIds, concurrency);
    },

    async propertyHistory(contactId, property): Promise<PropertyHistoryEntry[]> {
      const contact = (await call('read property history', () =>
        contacts.basicApi.getById(contactId, [property], [property]),
      )) as SdkObject;
      // Newest first, as HubSpot lists it.
      return (contact.propertiesWithHistory?.[property] ?? []).map((entry) => ({
        value: entry.value,
        timestamp: isoTimestamp(entry.timestamp),
        ...(entry.sourceType === undefined ? {} : { sourceType: entry.sourceType }),
      }));
    },

    ensureScoreProperties(tierNames) {
      return ensureScoreProperties(client, call, tierNames, logger);
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

function batchFailure(action: string, failures: SdkBatchError[]): HubSpotError {
  const first = failures[0]!;
  return new HubSpotError(`${action}: ${failures.length} error(s) in the batch: ${first.message}`, {
    status: 207,
    category: 'bad-request',
    hubspotCategory: first.category,
    cause: failures,
  });
}
