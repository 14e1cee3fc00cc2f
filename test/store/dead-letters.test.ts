import { describe, expect, it } from 'vitest';
import { openStoreDatabase } from '../../src/store/database.ts';
import { MAX_ATTEMPTS, MAX_QUEUED_MS } from '../../src/store/dead-letters.ts';
import { createWorkQueue, type WorkQueue } from '../../src/store/work-queue.ts';

const T = 1_700_000_000_000;
const LEASE = 60_000;
const PORTAL = 62515;
const OTHER = 48807704;

function memoryQueue() {
  return createWorkQueue(openStoreDatabase(':memory:'));
}

function enqueue(queue: WorkQueue, ids: string[], at = T, portalId = PORTAL, calls: string[] = []) {
  queue.enqueue(
    {
      rescore: ids.map((contactId) => ({ portalId, contactId })),
      engagements: calls.map((objectId) => ({ portalId, objectTypeId: '0-48' as const, objectId })),
      forget: [],
    },
    at,
  );
}

/** Claims whatever is due at `at` and fails it, as the worker does after a HubSpot error. */
function failOnce(queue: WorkQueue, at: number, error = 'HubSpot answered 503') {
  const contacts = queue.claimContacts(at, 100, LEASE);
  const engagements = queue.claimEngagements(at, 100, LEASE);
  const failure = { retryAtMs: at, nowMs: at, error };
  return (
    queue.retryContacts(contacts, { ...failure, oneByOne: false }).deadLettered +
    queue.retryEngagements(engagements, failure).deadLettered
  );
}

describe('dead letters', () => {
  it(`gives a contact up after ${MAX_ATTEMPTS} failed attempts, keeping its last error`, () => {
    const queue = memoryQueue();
    enqueue(queue, ['1']);
    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
      expect(failOnce(queue, T + attempt, `failure ${attempt}`)).toBe(0);
    }
    expect(queue.counts().contacts).toBe(1);
    expect(failOnce(queue, T + MAX_ATTEMPTS, 'read contacts failed with HTTP 503')).toBe(1);
    expect(queue.counts()).toEqual({ contacts: 0, engagements: 0, retrying: 0 });
    expect(queue.deadLetters()).toEqual([
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

  it('gives up a day after the first event, however few the attempts', () => {
    const queue = memoryQueue();
    enqueue(queue, ['1', '2']);
    enqueue(queue, ['2'], T + MAX_QUEUED_MS); // a newer event keeps the first queued time
    expect(failOnce(queue, T + MAX_QUEUED_MS - 1)).toBe(0);
    expect(failOnce(queue, T + MAX_QUEUED_MS)).toBe(2);
    expect(queue.deadLetters().map((d) => [d.objectId, d.attempts, d.firstQueuedAt])).toEqual([
      ['1', 2, T],
      ['2', 2, T],
    ]);
  });

  it('gives up engagements the same way', () => {
    const queue = memoryQueue();
    enqueue(queue, [], T, PORTAL, ['900']);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) failOnce(queue, T + attempt);
    expect(queue.deadLetters()).toEqual([
      expect.objectContaining({ kind: 'engagement', objectTypeId: '0-48', objectId: '900' }),
    ]);
    expect(queue.counts().engagements).toBe(0);
  });

  it('parks all work of one account at once, with one error', () => {
    const queue = memoryQueue();
    enqueue(queue, ['1', '2'], T, PORTAL, ['900']);
    enqueue(queue, ['3'], T, OTHER);
    expect(queue.buryPortal(PORTAL, 'tokens unreadable', T + 5)).toEqual({
      contacts: 2,
      engagements: 1,
    });
    expect(queue.counts().contacts).toBe(1);
    expect(new Set(queue.deadLetters().map((d) => d.lastError))).toEqual(
      new Set(['tokens unreadable']),
    );
  });

  it('queues dead letters again with fresh attempts, for one account or all', () => {
    const queue = memoryQueue();
    enqueue(queue, ['1'], T, PORTAL, ['900']);
    enqueue(queue, ['7'], T, OTHER);
    queue.buryPortal(PORTAL, 'tokens unreadable', T);
    queue.buryPortal(OTHER, 'tokens unreadable', T);

    expect(queue.requeueDeadLetters(T + 10, OTHER)).toEqual({ contacts: 1, engagements: 0 });
    expect(queue.deadLetters().map((d) => d.portalId)).toEqual([PORTAL, PORTAL]);
    expect(queue.requeueDeadLetters(T + 20)).toEqual({ contacts: 1, engagements: 1 });
    expect(queue.deadLetters()).toEqual([]);
    expect(queue.claimEngagements(T + 20, 100, LEASE)).toEqual([
      expect.objectContaining({ objectId: '900', attempts: 0 }),
    ]);
    // One account a claim, oldest requeued first, with attempts counted from zero again.
    const claimed = () =>
      queue.claimContacts(T + 20, 100, LEASE).map((c) => [c.portalId, c.contactId, c.attempts]);
    expect(claimed()).toEqual([[OTHER, '7', 0]]);
    expect(claimed()).toEqual([[PORTAL, '1', 0]]);
    expect(queue.status(T + 20, 0).queued).toEqual({ contacts: 2, engagements: 1 });
  });

  it('drops the dead letter of a contact queued again by a new event, or deleted', () => {
    const queue = memoryQueue();
    enqueue(queue, ['1', '2']);
    queue.buryPortal(PORTAL, 'tokens unreadable', T);
    enqueue(queue, ['1'], T + 1);
    queue.enqueue(
      { rescore: [], engagements: [], forget: [{ portalId: PORTAL, contactId: '2' }] },
      T + 1,
    );
    expect(queue.deadLetters()).toEqual([]);
    expect(queue.counts().contacts).toBe(1);
  });

  it('forgets the dead letters of an uninstalled account with the rest of its work', () => {
    const queue = memoryQueue();
    enqueue(queue, ['1', '2']);
    queue.buryPortal(PORTAL, 'tokens unreadable', T);
    enqueue(queue, ['3']);
    expect(queue.forgetPortal(PORTAL)).toEqual({ contacts: 1, engagements: 0 });
    expect(queue.deadLetters()).toEqual([]);
  });
});
