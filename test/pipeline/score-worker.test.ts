import { afterEach, describe, expect, it } from 'vitest';
import { createScoreWorker, type ScoreWorker } from '../../src/pipeline/score-worker.ts';
import { openStoreDatabase } from '../../src/store/database.ts';
import { createWorkQueue, type WorkQueue } from '../../src/store/work-queue.ts';
import { aContact, defaultModel, NOW } from '../helpers/scoring-fixtures.ts';
import { fakeHubSpot, FakeHubSpotError, type FakeHubSpot } from './fake-hubspot.ts';
import { waitFor } from './wait-for.ts';

const PORTAL = 62515;
const workers: ScoreWorker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
});

function setup(contactCount = 3, options: { concurrency?: number } = {}) {
  const seed = Object.fromEntries(
    Array.from({ length: contactCount }, (_, i) => [
      String(i + 1),
      { ...aContact(), hs_object_id: String(i + 1) } as Record<string, string | null>,
    ]),
  );
  const hubspot = fakeHubSpot(seed);
  const queue = createWorkQueue(openStoreDatabase(':memory:'));
  const worker = createScoreWorker({
    queue,
    accountFor: () => hubspot.port,
    compiled: defaultModel,
    scoringClock: () => NOW,
    gatherMs: 0,
    retryBaseMs: 1,
    retryMaxMs: 20,
    concurrency: options.concurrency ?? 1,
  });
  workers.push(worker);
  return { hubspot, queue, worker };
}

async function enqueue(queue: WorkQueue, ids: string[]) {
  await queue.enqueue(
    {
      rescore: ids.map((contactId) => ({ portalId: PORTAL, contactId })),
      engagements: [],
      forget: [],
    },
    Date.now(),
  );
}

async function drained(worker: ScoreWorker) {
  await waitFor(async () => await worker.isIdle(), 'the queue to drain');
}

const scoredIds = (hubspot: FakeHubSpot) =>
  [...hubspot.contacts].filter(([, p]) => p.recruitment_score !== undefined).map(([id]) => id);

describe('the score worker', () => {
  it('scores queued contacts with one read and one write, then empties the queue', async () => {
    const { hubspot, queue, worker } = setup(3);
    await enqueue(queue, ['1', '2', '3']);
    await worker.start();
    await drained(worker);
    expect(hubspot.calls.map((c) => c.kind)).toEqual(['read', 'update']);
    expect(scoredIds(hubspot)).toEqual(['1', '2', '3']);
    expect((await queue.counts()).contacts).toBe(0);
  });

  it('coalesces work from several deliveries into one batch', async () => {
    const { hubspot, queue, worker } = setup(5);
    await worker.start();
    await enqueue(queue, ['1', '2']);
    await enqueue(queue, ['2', '3']);
    await enqueue(queue, ['4', '5', '1']);
    worker.kick();
    await drained(worker);
    expect(hubspot.callsOf('read').map((c) => c.ids)).toEqual([['1', '2', '3', '4', '5']]);
  });

  it('retries after HubSpot errors and loses nothing', async () => {
    const { hubspot, queue, worker } = setup(3);
    hubspot.failNext(
      new FakeHubSpotError(429, 'rate-limited'),
      new FakeHubSpotError(503, 'server'),
      (call) => (call.kind === 'update' ? new FakeHubSpotError(502, 'server') : undefined),
      // the read of the third attempt passed; its update fails once more
      new FakeHubSpotError(502, 'server'),
    );
    await enqueue(queue, ['1', '2', '3']);
    await worker.start();
    await drained(worker);
    expect(hubspot.calls.map((c) => c.kind)).toEqual([
      'read',
      'read',
      'read',
      'update',
      'read',
      'update',
    ]);
    expect(scoredIds(hubspot)).toEqual(['1', '2', '3']);
  });

  it("waits at least as long as HubSpot's Retry-After", async () => {
    const { hubspot, queue, worker } = setup(1);
    hubspot.failNext(new FakeHubSpotError(429, 'rate-limited', 60_000));
    await enqueue(queue, ['1']);
    const before = Date.now();
    await worker.start();
    await waitFor(async () => (await queue.counts()).retrying === 1, 'the retry to be scheduled');
    expect((await queue.nextDueAt())! - before).toBeGreaterThanOrEqual(60_000);
  });

  it('retries a refused batch one contact at a time, so one bad contact holds back no one', async () => {
    const { hubspot, queue, worker } = setup(3);
    hubspot.failWhen((call) =>
      call.kind === 'update' && call.updates.some((u) => u.id === '2')
        ? new FakeHubSpotError(400, 'bad-request')
        : undefined,
    );
    await enqueue(queue, ['1', '2', '3']);
    await worker.start();
    await waitFor(() => scoredIds(hubspot).length === 2, 'contacts 1 and 3 to be scored');
    expect(scoredIds(hubspot)).toEqual(['1', '3']);
    expect(
      hubspot
        .callsOf('update')
        .slice(0, 4)
        .map((c) => c.updates.map((u) => u.id)),
    ).toEqual([['1', '2', '3'], ['1'], ['2'], ['3']]);
    // The refused contact stays queued, retried on its own.
    expect(await queue.counts()).toMatchObject({ contacts: 1, retrying: 1 });
  });

  it('traces engagements to their contacts and scores them', async () => {
    const { hubspot, queue, worker } = setup(3);
    hubspot.associate('calls', '900', '2');
    hubspot.associate('calls', '901', '3');
    hubspot.associate('calls', '901', '2');
    await queue.enqueue(
      {
        rescore: [],
        forget: [],
        engagements: [
          { portalId: PORTAL, objectTypeId: '0-48', objectId: '900' },
          { portalId: PORTAL, objectTypeId: '0-48', objectId: '901' },
        ],
      },
      Date.now(),
    );
    await worker.start();
    await drained(worker);
    expect(hubspot.calls.map((c) => c.kind)).toEqual(['associations', 'read', 'update']);
    expect(hubspot.callsOf('associations')[0]).toEqual({
      kind: 'associations',
      objectType: 'calls',
      ids: ['900', '901'],
    });
    expect(hubspot.callsOf('read')[0]!.ids).toEqual(['2', '3']);
  });

  it('drops contacts HubSpot no longer knows', async () => {
    const { hubspot, queue, worker } = setup(1);
    await enqueue(queue, ['1', '404']);
    await worker.start();
    await drained(worker);
    expect(hubspot.callsOf('update')[0]!.updates.map((u) => u.id)).toEqual(['1']);
  });

  it('finishes the batch in flight on stop and leaves the rest queued', async () => {
    const { hubspot, queue, worker } = setup(150);
    await enqueue(
      queue,
      Array.from({ length: 150 }, (_, i) => String(i + 1)),
    );
    await worker.start();
    await worker.stop();
    expect(hubspot.callsOf('read')).toHaveLength(1);
    expect((await queue.counts()).contacts).toBe(50);
  });
});
