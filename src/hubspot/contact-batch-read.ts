import { BATCH_SIZE, chunk, HISTORY_BATCH_SIZE, mapInPool, uniqueIds } from './batching.ts';
import type { HubSpotCall } from './hubspot-caller.ts';
import type { HubSpotClient } from './hubspot-client.ts';
import { PartialBatchError } from './hubspot-error.ts';
import { HUBSPOT_PATHS } from './hubspot-paths.ts';
import type { HubSpotContact, PropertyHistoryEntry } from './hubspot-port.ts';
import type { components } from './openapi/contacts-2026-03.ts';
import { backoffMs } from './retry.ts';

type ContactObject = components['schemas']['SimplePublicObject'];
type BatchAnswer = components['schemas']['BatchResponseSimplePublicObjectWithErrors'];
type BatchError = components['schemas']['StandardError'];

/** HubSpot sends null for a requested property without a value, whatever the spec says. */
export const toContact = (object: ContactObject): HubSpotContact => ({
  id: String(object.id),
  properties: { ...(object.properties as Record<string, string | null>) },
});

/** The contact with every value of the history properties, newest first, as HubSpot lists it. */
const toContactWithHistory = (object: ContactObject): HubSpotContact => {
  const contact = toContact(object);
  const histories = object.propertiesWithHistory;
  if (histories === undefined) return contact;
  const propertiesWithHistory: Record<string, PropertyHistoryEntry[]> = {};
  for (const [property, entries] of Object.entries(histories)) {
    propertiesWithHistory[property] = entries.map((entry) => ({
      value: entry.value,
      timestamp: entry.timestamp,
      ...(entry.sourceType === undefined ? {} : { sourceType: entry.sourceType }),
    }));
  }
  return { ...contact, propertiesWithHistory };
};

/** A missing contact (deleted, merged away) is an answer, not a failure: it is left out. */
const isMissing = (error: BatchError) => error.category === 'OBJECT_NOT_FOUND';

/**
 * The ids of a 207 answer that failed for another reason than "not found". An error that names
 * no ids fails every asked id that neither came back nor was reported missing.
 */
export function failedIdsOf(answer: BatchAnswer, asked: readonly string[]): string[] {
  const failures = (answer.errors ?? []).filter((error) => !isMissing(error));
  if (failures.length === 0) return [];
  const askedSet = new Set(asked);
  // An id that came back is read, whatever an error says about it: never read it twice.
  const answered = new Set(answer.results.map((object) => String(object.id)));
  const failed = new Set(
    failures
      .flatMap((error) => error.context?.ids ?? [])
      .filter((id) => askedSet.has(id) && !answered.has(id)),
  );
  if (failures.some((error) => (error.context?.ids ?? []).length === 0)) {
    const missing = new Set(
      (answer.errors ?? []).filter(isMissing).flatMap((error) => error.context?.ids ?? []),
    );
    for (const id of asked) if (!answered.has(id) && !missing.has(id)) failed.add(id);
  }
  return [...failed];
}

interface BatchOutcome {
  contacts: HubSpotContact[];
  failedIds: string[];
  lastFailure?: BatchError | undefined;
  attempts: number;
}

/**
 * One batch of at most 100 ids: keep what came back and ask again for the failed ids only, with
 * the caller's backoff and retry count. (Retrying the whole batch made one bad contact cost
 * about 100 times the calls.) Whole-request failures (429, 5xx, deadline) are retried inside
 * `call` as for any request.
 */
async function readOneBatch(
  client: HubSpotClient,
  call: HubSpotCall,
  batch: readonly string[],
  properties: readonly string[],
  withHistory: readonly string[],
): Promise<BatchOutcome> {
  const { policy } = call;
  const contacts: HubSpotContact[] = [];
  let asked = [...batch];
  for (let retry = 0; ; retry++) {
    const answer: BatchAnswer = await call('read contacts', () =>
      client.contacts.POST(HUBSPOT_PATHS.contactsBatchRead, {
        body: {
          inputs: asked.map((id) => ({ id })),
          properties: [...properties],
          propertiesWithHistory: [...withHistory],
        },
      }),
    );
    contacts.push(...answer.results.map(withHistory.length > 0 ? toContactWithHistory : toContact));
    const failedIds = failedIdsOf(answer, asked);
    if (failedIds.length === 0) return { contacts, failedIds, attempts: retry + 1 };
    const lastFailure = (answer.errors ?? []).find((error) => !isMissing(error));
    if (retry >= policy.maxRetries) {
      return { contacts, failedIds, lastFailure, attempts: retry + 1 };
    }
    const delayMs = backoffMs(retry, policy);
    policy.logger?.warn('HubSpot failed some contacts of a batch read; asking for those again', {
      failed: failedIds.length,
      asked: asked.length,
      hubspotCategory: lastFailure?.category,
      attempt: retry + 1,
      delayMs,
    });
    await policy.clock.sleep(delayMs);
    asked = failedIds;
  }
}

/**
 * Batch reads of 100 ids (50 when history is asked: HubSpot's limit), `concurrency` in flight.
 * Ids HubSpot does not know are left out.
 * Ids that still fail after the retries end in one PartialBatchError carrying every contact
 * read, from all batches, so the caller loses none of them.
 */
export async function readContactBatches(
  client: HubSpotClient,
  call: HubSpotCall,
  ids: readonly string[],
  properties: readonly string[],
  concurrency: number,
  withHistory: readonly string[] = [],
): Promise<HubSpotContact[]> {
  const unique = uniqueIds(ids);
  const size = withHistory.length > 0 ? HISTORY_BATCH_SIZE : BATCH_SIZE;
  const outcomes = await mapInPool(chunk(unique, size), concurrency, (batch) =>
    readOneBatch(client, call, batch, properties, withHistory),
  );
  const contacts = outcomes.flatMap((outcome) => outcome.contacts);
  const failed = outcomes.filter((outcome) => outcome.failedIds.length > 0);
  if (failed.length === 0) return contacts;
  const failedIds = failed.flatMap((outcome) => outcome.failedIds);
  const first = failed[0]!;
  const hubspotMessage = first.lastFailure?.message ?? 'no message';
  throw new PartialBatchError(
    `read contacts: ${failedIds.length} of ${unique.length} contacts could not be read ` +
      `(${first.attempts} attempts): ${hubspotMessage}`,
    {
      status: 207,
      // HubSpot failed these ids, not the request: worth asking for them again later.
      category: 'server',
      hubspotCategory: first.lastFailure?.category,
      cause: failed.map((outcome) => outcome.lastFailure),
      contacts,
      failedIds,
    },
  );
}
