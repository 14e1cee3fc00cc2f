import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS, MAX_QUEUED_MS } from '../../src/store/dead-letters.ts';
import type { WorkQueue } from '../../src/store/work-queue.ts';
import { storeEngines } from './store-engines.ts';

const T = 1_700_000_000_000;
const LEASE = 60_000;
const PORTAL = 62515;
const OTHER = 48807704;

async function enqueue(
  queue: WorkQueue,
  ids: string[],
  at = T,
  portalId = PORTAL,
  calls: string[] = [],
) {
  await queue.enqueue(
    {
      rescore: ids.map((contactId) => ({ portalId, contactId })),
      engagements: calls.map((objectId) => ({ portalId, objectTypeId: '0-48' as const, objectId })),
      forget: [],
    },
    at,
  );
}

/** Claims whatever is due at `at` and fails it, as the worker does after a HubSpot error. */
async function failOnce(queue: WorkQueue, at: number, error = 'HubSpot answered 503') {
  const contacts = await queue.claimContacts(at, 100, LEASE);
  const engagements = await queue.claimEngagements(at, 100, LEASE);
  const failure = { retryAtMs: at, nowMs: at, error };
  return (
    (await queue.retryContacts(contacts, { ...failure, oneByOne: false })).deadLettered +
    (await queue.retryEngagements(engagements, failure)).deadLettered
  );
}

describe.each(storeEngines)('dead letters ($engine)', ({ open }) => {
  const memoryQueue = async () => (await open()).workQueue();

  it(`gives a contact up after ${MAX_ATTEMPTS} failed attempts, keeping its last error`, async () => {
    const queue = await memoryQueue();
    await enqueue(queue, ['1']);
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      expect(await failOnce(queue, T + attempt, `failure ${attempt}`)).toBe(0);
    }
    expect((await queue.counts()).contacts).toBe(1);
    expect(await failOnce(queue, T + MAX_ATTEMPTS, 'read contacts failed with HTTP 503')).toBe(1);
    expect(await queue.counts()).toEqual({ contacts: 0, engagements: 0, retrying: 0 });
    expect(await queue.deadLetters()).toEqual([
      {
        portalId: PORTAL,
        kind: 'contact',
        objectTypeId: '0-1',
        objectId: '1',
        attempts: MAX_ATTEMPTS,
        firstQueuedAt: T,
        failedAt: T + MAX_ATTEMPTS,
        lastError: 'read contacts failed with HTTP 503',
      },
    ]);
  });

  it('gives up a day after the first event, however few the attempts', async () => {
    const queue = await memoryQueue();
    await enqueue(queue, ['1', '2']);
    await enqueue(queue, ['2'], T + MAX_QUEUED_MS); // a newer event keeps the first queued time
    expect(await failOnce(queue, T + MAX_QUEUED_MS - 1)).toBe(0);
    expect(await failOnce(queue, T + MAX_QUEUED_MS)).toBe(2);
    expect(
      (await queue.deadLetters()).map((d) => [d.objectId, d.attempts, d.firstQueuedAt]),
    ).toEqual([
      ['1', 2, T],
      ['2', 2, T],
    ]);
  });

  it('gives up engagements the same way', async () => {
    const queue = await memoryQueue();
    await enqueue(queue, [], T, PORTAL, ['900']);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) await failOnce(queue, T + attempt);
    expect(await queue.deadLetters()).toEqual([
      expect.objectContaining({ kind: 'engagement', objectTypeId: '0-48', objectId: '900' }),
    ]);
    expect((await queue.counts()).engagements).toBe(0);
  });

  it('parks all work of one account at once, with one error', async () => {
    const queue = await memoryQueue();
    await enqueue(queue, ['1', '2'], T, PORTAL, ['900']);
    await enqueue(queue, ['3'], T, OTHER);
    expect(await queue.buryPortal(PORTAL, 'tokens unreadable', T + 5)).toEqual({
      contacts: 2,
      engagements: 1,
    });
    expect((await queue.counts()).contacts).toBe(1);
    expect(new Set((await queue.deadLetters()).map((d) => d.lastError))).toEqual(
      new Set(['tokens unreadable']),
    );
  });

  it('queues dead letters again with fresh attempts, for one account or all', async () => {
    const queue = await memoryQueue();
    await enqueue(queue, ['1'], T, PORTAL, ['900']);
    await enqueue(queue, ['7'], T, OTHER);
    await queue.buryPortal(PORTAL, 'tokens unreadable', T);
    await queue.buryPortal(OTHER, 'tokens unreadable', T);

    expect(await queue.requeueDeadLetters(T + 10, OTHER)).toEqual({ contacts: 1, engagements: 0 });
    expect((await queue.deadLetters()).map((d) => d.portalId)).toEqual([PORTAL, PORTAL]);
    expect(await queue.requeueDeadLetters(T + 20)).toEqual({ contacts: 1, engagements: 1 });
    expect(await queue.deadLetters()).toEqual([]);
    expect(await queue.claimEngagements(T + 20, 100, LEASE)).toEqual([
      expect.objectContaining({ objectId: '900', attempts: 0 }),
    ]);
    // One account a claim, oldest requeued first, with attempts counted from zero again.
    const claimed = async () =>
      (await queue.claimContacts(T + 20, 100, LEASE)).map((c) => [
        c.portalId,
        c.contactId,
        c.attempts,
      ]);
    expect(await claimed()).toEqual([[OTHER, '7', 0]]);
    expect(await claimed()).toEqual([[PORTAL, '1', 0]]);
    expect((await queue.status(T + 20, 0)).queued).toEqual({ contacts: 2, engagements: 1 });
  });

  it('drops the dead letter of a contact queued again by a new event, or deleted', async () => {
    const queue = await memoryQueue();
    await enqueue(queue, ['1', '2']);
    await queue.buryPortal(PORTAL, 'tokens unreadable', T);
    await enqueue(queue, ['1'], T + 1);
    await queue.enqueue(
      { rescore: [], engagements: [], forget: [{ portalId: PORTAL, contactId: '2' }] },
      T + 1,
    );
    expect(await queue.deadLetters()).toEqual([]);
    expect((await queue.counts()).contacts).toBe(1);
  });

  it('forgets the dead letters of an uninstalled account with the rest of its work', async () => {
    const queue = await memoryQueue();
    await enqueue(queue, ['1', '2']);
    await queue.buryPortal(PORTAL, 'tokens unreadable', T);
    await enqueue(queue, ['3']);
    expect(await queue.forgetPortal(PORTAL)).toEqual({ contacts: 1, engagements: 0 });
    expect(await queue.deadLetters()).toEqual([]);
  });
});
