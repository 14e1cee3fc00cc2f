import { afterEach, describe, expect, it } from 'vitest';
import { PartialBatchError } from '../../src/hubspot/hubspot-error.ts';
import type { HubSpotPort } from '../../src/hubspot/hubspot-port.ts';
import { OAuthError } from '../../src/oauth/oauth-error.ts';
import { createScoreWorker, type ScoreWorker } from '../../src/pipeline/score-worker.ts';
import { openStoreDatabase } from '../../src/store/database.ts';
import { createWorkQueue, type WorkQueue } from '../../src/store/work-queue.ts';
import { aContact, defaultModel, NOW } from '../helpers/scoring-fixtures.ts';
import { fakeHubSpot, FakeHubSpotError } from './fake-hubspot.ts';
import { waitFor } from './wait-for.ts';

const PORTAL = 62515;
const OTHER = 48807704;
const workers: ScoreWorker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop({ graceMs: 0 })));
});

const seed = (count: number) =>
  Object.fromEntries(
    Array.from({ length: count }, (_, i) => [
      String(i + 1),
      aContact() as Record<string, string | null>,
    ]),
  );

async function enqueue(queue: WorkQueue, ids: string[], portalId = PORTAL) {
  await queue.enqueue(
    { rescore: ids.map((contactId) => ({ portalId, contactId })), engagements: [], forget: [] },
    Date.now(),
  );
}

function worker(
  accountFor: (portalId: number) => Promise<HubSpotPort | undefined>,
  options: { batchDeadlineMs?: number; concurrency?: number } = {},
) {
  const queue = createWorkQueue(openStoreDatabase(':memory:'));
  const lines: { level: string; message: string; details?: Record<string, unknown> }[] = [];
  const log = (level: string) => (message: string, details?: Record<string, unknown>) =>
    lines.push({ level, message, ...(details ? { details } : {}) });
  const w = createScoreWorker({
    queue,
    accountFor,
    compiled: defaultModel,
    scoringClock: () => NOW,
    gatherMs: 0,
    retryBaseMs: 1,
    retryMaxMs: 5,
    logger: { info: log('info'), warn: log('warn'), error: log('error') },
    ...options,
  });
  workers.push(w);
  return { queue, worker: w, lines };
}

describe('the score worker under HubSpot faults', () => {
  it('writes the contacts a 207 did read and retries only the failed id', async () => {
    const hubspot = fakeHubSpot(seed(3));
    let partialOnce = true;
    const port: HubSpotPort = {
      ...hubspot.port,
      async readContacts(ids, properties, options) {
        const contacts = await hubspot.port.readContacts(ids, properties, options);
        if (!partialOnce) return contacts;
        partialOnce = false;
        throw new PartialBatchError('read contacts: 1 of 3 ids failed: internal error', {
          status: 207,
          category: 'server',
          contacts: contacts.filter((c) => c.id !== '2'),
          failedIds: ['2'],
        });
      },
    };
    const { queue, worker: w } = worker(async () => port);
    await enqueue(queue, ['1', '2', '3']);
    await w.start();
    await waitFor(async () => await w.isIdle(), 'the queue to drain');
    expect(hubspot.callsOf('read').map((c) => c.ids)).toEqual([['1', '2', '3'], ['2']]);
    expect(hubspot.callsOf('update').map((c) => c.updates.map((u) => u.id))).toEqual([
      ['1', '3'],
      ['2'],
    ]);
    // Calls against the least possible: 4 instead of 2, not one call per contact.
    expect(hubspot.calls).toHaveLength(4);
  });

  it('keeps other batches flowing while one hangs, and retries the hung one after its deadline', async () => {
    const hubspot = fakeHubSpot(seed(2));
    let hangs = 1;
    const port: HubSpotPort = {
      ...hubspot.port,
      readContacts(ids, properties, options) {
        if (ids.includes('1') && hangs-- > 0) return new Promise(() => {}); // never answers
        return hubspot.port.readContacts(ids, properties, options);
      },
    };
    const { queue, worker: w, lines } = worker(async () => port, { batchDeadlineMs: 50 });
    await enqueue(queue, ['1']);
    await enqueue(queue, ['2'], OTHER);
    await w.start();
    await waitFor(() => hubspot.contacts.get('2')!.recruitment_score !== undefined, 'contact 2');
    expect(hubspot.contacts.get('1')!.recruitment_score).toBeUndefined();
    await waitFor(async () => await w.isIdle(), 'the hung batch to be retried and finish');
    expect(hubspot.contacts.get('1')!.recruitment_score).toBeDefined();
    expect(lines).toContainEqual(
      expect.objectContaining({ message: 'a batch did not finish in time; its rows are retried' }),
    );
  });

  it('gives contacts up as dead letters after their last attempt, with the error', async () => {
    const hubspot = fakeHubSpot(seed(1));
    hubspot.failWhen(() => new FakeHubSpotError(503, 'server'));
    const { queue, worker: w } = worker(async () => hubspot.port);
    await enqueue(queue, ['1']);
    await w.start();
    await waitFor(async () => (await queue.deadLetters()).length === 1, 'the dead letter');
    expect(hubspot.callsOf('read')).toHaveLength(10);
    expect((await queue.deadLetters())[0]).toMatchObject({
      objectId: '1',
      attempts: 10,
      lastError: 'HubSpot answered 503 (HTTP 503)',
    });
    expect(await w.isIdle()).toBe(true);
  });

  it('parks the work of an account whose tokens cannot be decrypted, logging it once', async () => {
    const hubspot = fakeHubSpot(seed(1));
    let unreadable = 0;
    const {
      queue,
      worker: w,
      lines,
    } = worker(async (portalId) => {
      if (portalId !== OTHER) return hubspot.port;
      unreadable++;
      throw new OAuthError('undecryptable', 'the stored tokens are not readable');
    });
    await enqueue(queue, ['7', '8'], OTHER);
    await enqueue(queue, ['1']);
    await w.start();
    await waitFor(async () => await w.isIdle(), 'the queue to drain');
    await enqueue(queue, ['9'], OTHER); // more work for the parked account: parked again, silently
    w.kick();
    await waitFor(async () => (await queue.deadLetters()).length === 3, 'the third dead letter');

    const message =
      'the stored tokens of account 48807704 cannot be decrypted: TOKEN_ENCRYPTION_KEY changed; ' +
      "restore the old key or have the account's admin reinstall the app";
    expect(new Set((await queue.deadLetters()).map((d) => d.lastError))).toEqual(
      new Set([message]),
    );
    expect(lines.filter((l) => l.message === message)).toEqual([
      {
        level: 'error',
        message,
        details: { portalId: OTHER, parked: { contacts: 2, engagements: 0 } },
      },
    ]);
    expect(lines.some((l) => JSON.stringify(l).includes('HTTP 500'))).toBe(false);
    expect(unreadable).toBe(2);
    expect(hubspot.contacts.get('1')!.recruitment_score).toBeDefined();
    expect(w.progress().parkedPortals).toEqual(new Map([[OTHER, message]]));
  });

  it('stops within the grace period while a request hangs, leaving its rows queued', async () => {
    const hubspot = fakeHubSpot(seed(1));
    const port: HubSpotPort = { ...hubspot.port, readContacts: () => new Promise(() => {}) };
    const { queue, worker: w } = worker(async () => port);
    await enqueue(queue, ['1']);
    await w.start();
    await waitFor(() => w.progress().batchesInFlight === 1, 'the batch to start');
    expect(await w.stop({ graceMs: 20 })).toEqual({ abandoned: 1 });
    expect((await queue.counts()).contacts).toBe(1);
    expect(w.progress()).toMatchObject({ running: false, batchesInFlight: 0 });
  });
});
