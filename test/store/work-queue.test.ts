import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStoreDatabase } from '../../src/store/database.ts';
import { createWorkQueue, type QueuedWork } from '../../src/store/work-queue.ts';
import { storeEngines } from './store-engines.ts';

const T = 1_700_000_000_000;
const LEASE = 60_000;
const contact = (contactId: string, portalId = 1) => ({ portalId, contactId });
const work = (rescore: string[], extra: Partial<QueuedWork> = {}): QueuedWork => ({
  rescore: rescore.map((id) => contact(id)),
  engagements: [],
  forget: [],
  ...extra,
});

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe.each(storeEngines)('the work queue ($engine)', ({ open }) => {
  const memoryQueue = async () => (await open()).workQueue();

  it('holds one row per contact however many deliveries name it', async () => {
    const queue = await memoryQueue();
    await queue.enqueue(work(['1', '2']), T);
    await queue.enqueue(work(['2', '3']), T + 1);
    expect(await queue.counts()).toEqual({ contacts: 3, engagements: 0, retrying: 0 });
    expect((await queue.claimContacts(T + 2, 100, LEASE)).map((c) => c.contactId)).toEqual([
      '1',
      '2',
      '3',
    ]);
  });

  it('claims at most the batch size, oldest first, and never twice while leased', async () => {
    const queue = await memoryQueue();
    await queue.enqueue(work(Array.from({ length: 150 }, (_, i) => String(i))), T);
    const first = await queue.claimContacts(T, 100, LEASE);
    const second = await queue.claimContacts(T, 100, LEASE);
    expect(first).toHaveLength(100);
    expect(second.map((c) => c.contactId)).toEqual(
      Array.from({ length: 50 }, (_, i) => String(100 + i)),
    );
    expect(await queue.claimContacts(T, 100, LEASE)).toEqual([]);
    // A lease that ran out (a hung request) makes the rows claimable again.
    expect(await queue.claimContacts(T + LEASE, 100, LEASE)).toHaveLength(100);
  });

  it('claims the contacts of one account at a time', async () => {
    const queue = await memoryQueue();
    await queue.enqueue(
      { rescore: [contact('1', 7), contact('2', 8), contact('3', 7)], engagements: [], forget: [] },
      T,
    );
    expect(
      (await queue.claimContacts(T, 100, LEASE)).map((c) => [c.portalId, c.contactId]),
    ).toEqual([
      [7, '1'],
      [7, '3'],
    ]);
    expect((await queue.claimContacts(T, 100, LEASE)).map((c) => c.portalId)).toEqual([8]);
  });

  it('deletes a finished row, but keeps it when a newer event arrived during the batch', async () => {
    const queue = await memoryQueue();
    await queue.enqueue(work(['1', '2']), T);
    const claims = await queue.claimContacts(T, 100, LEASE);
    await queue.enqueue(work(['2']), T + 1); // contact 2 changed again after its data was read
    await queue.finishContacts(claims);
    expect((await queue.counts()).contacts).toBe(1);
    expect((await queue.claimContacts(T + 2, 100, LEASE)).map((c) => c.contactId)).toEqual(['2']);
  });

  it('retries a failed batch after the given time and counts the attempt', async () => {
    const queue = await memoryQueue();
    await queue.enqueue(work(['1']), T);
    const claims = await queue.claimContacts(T, 100, LEASE);
    await queue.retryContacts(claims, {
      retryAtMs: T + 5_000,
      nowMs: T,
      error: 'HubSpot answered 503',
      oneByOne: false,
    });
    expect(await queue.counts()).toEqual({ contacts: 1, engagements: 0, retrying: 1 });
    expect(await queue.claimContacts(T + 4_999, 100, LEASE)).toEqual([]);
    expect(await queue.nextDueAt()).toBe(T + 5_000);
    expect(await queue.claimContacts(T + 5_000, 100, LEASE)).toEqual([
      { portalId: 1, contactId: '1', version: 1, attempts: 1 },
    ]);
  });

  it('retries the contacts of a refused batch one by one', async () => {
    const queue = await memoryQueue();
    await queue.enqueue(work(['1', '2', '3']), T);
    await queue.retryContacts(await queue.claimContacts(T, 100, LEASE), {
      retryAtMs: T,
      nowMs: T,
      error: 'HubSpot refused the batch',
      oneByOne: true,
    });
    await queue.enqueue(work(['4']), T);
    expect((await queue.claimContacts(T, 100, LEASE)).map((c) => c.contactId)).toEqual(['1']);
    expect((await queue.claimContacts(T, 100, LEASE)).map((c) => c.contactId)).toEqual(['2']);
  });

  it('forgets a deleted contact, queued or not', async () => {
    const queue = await memoryQueue();
    await queue.enqueue(work(['1', '2']), T);
    await queue.enqueue(work([], { forget: [contact('1'), contact('99')] }), T);
    expect((await queue.claimContacts(T, 100, LEASE)).map((c) => c.contactId)).toEqual(['2']);
  });

  it('turns traced engagements into contacts in one step', async () => {
    const queue = await memoryQueue();
    await queue.enqueue(
      work([], {
        engagements: [
          { portalId: 1, objectTypeId: '0-48', objectId: 'c1' },
          { portalId: 1, objectTypeId: '0-46', objectId: 'n1' },
          { portalId: 1, objectTypeId: '0-48', objectId: 'c2' },
        ],
      }),
      T,
    );
    const calls = await queue.claimEngagements(T, 100, LEASE);
    expect(calls.map((e) => [e.objectTypeId, e.objectId])).toEqual([
      ['0-48', 'c1'],
      ['0-48', 'c2'],
    ]);
    await queue.finishEngagements(calls, [contact('5'), contact('6')], T);
    expect(await queue.counts()).toEqual({ contacts: 2, engagements: 1, retrying: 0 });
  });

  it('has nothing due when empty', async () => {
    expect(await (await memoryQueue()).nextDueAt()).toBeUndefined();
  });
});

describe('the work queue in a SQLite file', () => {
  it('keeps everything across a restart and frees the leases of the crashed run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'queue-'));
    dirs.push(dir);
    const path = join(dir, 'nested', 'scoring.db');
    const db = openStoreDatabase(path);
    const queue = createWorkQueue(db);
    await queue.enqueue(work(['1', '2']), T);
    await queue.claimContacts(T, 100, LEASE); // claimed, then the process dies
    db.close();

    const reopened = createWorkQueue(openStoreDatabase(path));
    expect(await reopened.claimContacts(T, 100, LEASE)).toEqual([]);
    await reopened.releaseLeases();
    expect((await reopened.claimContacts(T, 100, LEASE)).map((c) => c.contactId)).toEqual([
      '1',
      '2',
    ]);
  });
});
