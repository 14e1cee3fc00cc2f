import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/store.ts';
import type { ContactClaim, QueuedWork, WorkQueue } from '../../src/store/work-queue.ts';
import { freshPostgresUrl } from './store-engines.ts';

/**
 * What only matters when several instances share one PostgreSQL queue: each `openStore` on
 * the same URL is one instance (its own pool, its own queue instance id).
 */

const T = 1_700_000_000_000;
const LEASE = 60_000;

const stores: Store[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

/** `count` instances on one new database. */
async function instances(count: number): Promise<{ url: string; queues: WorkQueue[] }> {
  const url = await freshPostgresUrl();
  const queues: WorkQueue[] = [];
  for (let i = 0; i < count; i++) {
    const store = await openStore(url);
    stores.push(store);
    queues.push(store.workQueue());
  }
  return { url, queues };
}

const contacts = (portalId: number, ids: string[]): QueuedWork => ({
  rescore: ids.map((contactId) => ({ portalId, contactId })),
  engagements: [],
  forget: [],
});
const ids = (claims: readonly ContactClaim[]) => claims.map((c) => `${c.portalId}:${c.contactId}`);
const range = (n: number, from = 0) => Array.from({ length: n }, (_, i) => String(from + i));

describe('the PostgreSQL work queue shared by several instances', () => {
  it('never hands one row to two instances claiming at once', async () => {
    const { queues } = await instances(2);
    const [a, b] = queues as [WorkQueue, WorkQueue];
    // 500 contacts over five accounts, so claims also race for the "oldest account" row.
    for (let portal = 1; portal <= 5; portal++) await a.enqueue(contacts(portal, range(100)), T);

    // Two claim loops per instance, all at once, until nothing is left to claim.
    const drain = async (queue: WorkQueue) => {
      const got: string[] = [];
      for (;;) {
        const claims = await queue.claimContacts(T, 7, LEASE);
        if (claims.length === 0) return got;
        got.push(...ids(claims));
      }
    };
    const runs = await Promise.all([drain(a), drain(b), drain(a), drain(b)]);

    const all = runs.flat();
    expect(all).toHaveLength(500);
    expect(new Set(all).size).toBe(500);
    // Both instances took part, and nothing is left unclaimed.
    expect(runs[0]!.length + runs[2]!.length).toBeGreaterThan(0);
    expect(runs[1]!.length + runs[3]!.length).toBeGreaterThan(0);
    expect(await b.claimContacts(T, 100, LEASE)).toEqual([]);
  });

  it('never hands one engagement to two instances claiming at once', async () => {
    const { queues } = await instances(2);
    const [a, b] = queues as [WorkQueue, WorkQueue];
    await a.enqueue(
      {
        rescore: [],
        forget: [],
        engagements: range(200).map((objectId, i) => ({
          portalId: 1 + (i % 3),
          objectTypeId: i % 2 ? ('0-48' as const) : ('0-47' as const),
          objectId,
        })),
      },
      T,
    );
    const drain = async (queue: WorkQueue) => {
      const got: string[] = [];
      for (;;) {
        const claims = await queue.claimEngagements(T, 9, LEASE);
        if (claims.length === 0) return got;
        got.push(...claims.map((e) => `${e.portalId}:${e.objectTypeId}:${e.objectId}`));
      }
    };
    const all = (await Promise.all([drain(a), drain(b), drain(a), drain(b)])).flat();
    expect(all).toHaveLength(200);
    expect(new Set(all).size).toBe(200);
  });

  it("releases only its own leases, never another live instance's", async () => {
    const { queues } = await instances(2);
    const [a, b] = queues as [WorkQueue, WorkQueue];
    await a.enqueue(contacts(7, ['1', '2']), T);
    await a.enqueue(contacts(8, ['3']), T + 1);
    expect(ids(await a.claimContacts(T + 2, 100, LEASE))).toEqual(['7:1', '7:2']);
    expect(ids(await b.claimContacts(T + 2, 100, LEASE))).toEqual(['8:3']);

    await a.releaseLeases();
    // A's rows are free again; B's lease still holds.
    expect(ids(await b.claimContacts(T + 3, 100, LEASE))).toEqual(['7:1', '7:2']);
    expect(await a.claimContacts(T + 3, 100, LEASE)).toEqual([]);

    await b.releaseLeases();
    expect(ids(await a.claimContacts(T + 4, 100, LEASE))).toEqual(['7:1', '7:2']);
    expect(ids(await a.claimContacts(T + 4, 100, LEASE))).toEqual(['8:3']);
  });

  it("takes over a lease that ran out, and the late holder's finish leaves the new lease alone", async () => {
    const { queues } = await instances(3);
    const [a, b, c] = queues as [WorkQueue, WorkQueue, WorkQueue];
    await a.enqueue(contacts(1, ['1', '2']), T);
    const late = await a.claimContacts(T, 100, LEASE); // A hangs on this batch
    expect(await b.claimContacts(T + LEASE - 1, 100, LEASE)).toEqual([]);
    const taken = await b.claimContacts(T + LEASE, 100, LEASE);
    expect(ids(taken)).toEqual(['1:1', '1:2']);

    await a.enqueue(contacts(1, ['2']), T + LEASE + 1); // contact 2 changes meanwhile
    await a.finishContacts(late);
    // Contact 1 is done; contact 2 runs again, but only once B's lease (not A's) ends.
    expect(await c.counts()).toEqual({ contacts: 1, engagements: 0, retrying: 0 });
    expect(await c.claimContacts(T + LEASE + 2, 100, LEASE)).toEqual([]);
    expect(await c.claimContacts(T + 2 * LEASE, 100, LEASE)).toEqual([
      { portalId: 1, contactId: '2', version: 2, attempts: 0 },
    ]);
  });

  it('keeps a killed instance’s leases until they run out, whoever restarts', async () => {
    const url = await freshPostgresUrl();
    const first = await openStore(url);
    await first.workQueue().enqueue(contacts(1, ['1', '2']), T);
    await first.workQueue().claimContacts(T, 100, LEASE); // claimed, then the instance dies
    await first.close();

    const second = await openStore(url);
    stores.push(second);
    const queue = second.workQueue();
    await queue.releaseLeases(); // a new instance: none of those leases are its own
    expect(await queue.claimContacts(T + 1, 100, LEASE)).toEqual([]);
    expect(ids(await queue.claimContacts(T + LEASE, 100, LEASE))).toEqual(['1:1', '1:2']);
  });

  it('counts every event when instances enqueue the same contacts at once', async () => {
    const { queues } = await instances(2);
    const [a, b] = queues as [WorkQueue, WorkQueue];
    const forward = contacts(1, range(150));
    const backward = contacts(1, range(150).reverse());
    const rounds = (queue: WorkQueue, work: QueuedWork) =>
      Promise.all(range(5).map((_, i) => queue.enqueue(work, T + i)));
    await Promise.all([rounds(a, forward), rounds(b, backward), rounds(a, backward)]);

    const claims = [
      ...(await a.claimContacts(T + 10, 100, LEASE)),
      ...(await a.claimContacts(T + 10, 100, LEASE)),
    ];
    expect(claims).toHaveLength(150);
    expect(new Set(claims.map((c) => c.version))).toEqual(new Set([15]));
  });
});
