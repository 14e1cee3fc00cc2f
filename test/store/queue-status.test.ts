import { describe, expect, it } from 'vitest';
import { storeEngines } from './store-engines.ts';

const T = 1_700_000_000_000;
const LEASE = 60_000;
const A = 62515;
const B = 48807704;
const contacts = (portalId: number, ids: string[]) => ({
  rescore: ids.map((contactId) => ({ portalId, contactId })),
  engagements: [],
  forget: [],
});

describe.each(storeEngines)('the queue status ($engine)', ({ open }) => {
  it('is empty and says so for an empty store', async () => {
    const queue = (await open()).workQueue();
    expect(await queue.status(T, 0)).toEqual({
      queued: { contacts: 0, engagements: 0 },
      oldestQueuedAt: undefined,
      retrying: 0,
      due: { rows: 0, since: undefined },
      deadLetters: { contacts: 0, engagements: 0 },
      failingAccounts: [],
    });
  });

  it('counts queued, due and retrying rows and the age of the oldest', async () => {
    const queue = (await open()).workQueue();
    await queue.enqueue(contacts(A, ['1', '2']), T);
    await queue.enqueue(
      { ...contacts(A, []), engagements: [{ portalId: A, objectTypeId: '0-47', objectId: 'm' }] },
      T + 1_000,
    );
    await queue.enqueue(contacts(B, ['9']), T + 2_000);
    const [one] = await queue.claimContacts(T + 3_000, 1, LEASE);
    await queue.retryContacts([one!], {
      retryAtMs: T + 60_000,
      nowMs: T + 3_000,
      error: 'x',
      oneByOne: false,
    });
    await queue.claimContacts(T + 3_000, 100, LEASE); // contact 2 in flight

    const status = await queue.status(T + 10_000, 0);
    expect(status.queued).toEqual({ contacts: 3, engagements: 1 });
    expect(status.oldestQueuedAt).toBe(T);
    expect(status.retrying).toBe(1);
    // Due now: the meeting (since it was queued) and contact 9; not the retry, not the lease.
    expect(status.due).toEqual({ rows: 2, since: T + 1_000 });
    // Once the retry time has passed, the retried row is due since then.
    expect((await queue.status(T + 60_000, 0)).due).toEqual({ rows: 3, since: T + 1_000 });
  });

  it('names the accounts that are failing with their newest error, and the dead letters', async () => {
    const queue = (await open()).workQueue();
    await queue.enqueue(contacts(A, ['1', '2']), T);
    await queue.enqueue(contacts(B, ['9']), T);
    const fail = async (at: number, error: string) => {
      const claims = await queue.claimContacts(at, 1, LEASE);
      await queue.retryContacts(claims, {
        retryAtMs: at + 1_000,
        nowMs: at,
        error,
        oneByOne: false,
      });
    };
    await fail(T + 1, 'read contacts failed with HTTP 502');
    await fail(T + 2, 'read contacts failed with HTTP 503');
    await queue.buryPortal(B, 'tokens unreadable', T + 3);

    expect((await queue.status(T + 10, 0)).failingAccounts).toEqual([
      { portalId: B, lastError: 'tokens unreadable', failedAt: T + 3, rows: 1, deadLetters: 1 },
      {
        portalId: A,
        lastError: 'read contacts failed with HTTP 503',
        failedAt: T + 2,
        rows: 2,
        deadLetters: 0,
      },
    ]);
    // Failures of queued rows older than the window drop out; dead letters stay listed.
    expect((await queue.status(T + 10, T + 5)).failingAccounts.map((a) => a.portalId)).toEqual([B]);
  });
});
