import { afterEach, describe, expect, it } from 'vitest';
import type { HubSpotPort } from '../../src/hubspot/hubspot-port.ts';
import { silentLogger } from '../../src/server/logger.ts';
import { startScoringServer, type ScoringServer } from '../../src/server/scoring-server.ts';
import { aContact, defaultModel, NOW } from '../helpers/scoring-fixtures.ts';
import { fakeHubSpot } from '../pipeline/fake-hubspot.ts';
import { waitFor } from '../pipeline/wait-for.ts';
import { TEST_CLIENT_SECRET } from '../server/signed-delivery.ts';

const A = 62515;
const B = 48807704;
const servers: ScoringServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('GET /readyz', () => {
  it('answers 200 with the figures while the worker keeps up, 503 "stalled" once it does not', async () => {
    const hubspot = fakeHubSpot({ '1': aContact() as Record<string, string | null> });
    let hang = false;
    const port: HubSpotPort = {
      ...hubspot.port,
      readContacts: (ids, properties) =>
        hang ? new Promise(() => {}) : hubspot.port.readContacts(ids, properties),
    };
    const server = await startScoringServer({
      port: 0,
      clientSecret: TEST_CLIENT_SECRET,
      hubspot: port,
      compiled: defaultModel,
      databaseUrl: 'sqlite::memory:',
      logger: silentLogger,
      scoringClock: () => NOW,
      // One slot, a batch deadline far away and a short stall window: a hung read stalls it.
      worker: { concurrency: 1, gatherMs: 0, batchDeadlineMs: 60_000 },
      stalledAfterMs: 100,
      shutdownGraceMs: 0,
    });
    servers.push(server);
    await server.ready;
    const readyz = async () => {
      const answer = await fetch(`${server.localUrl}/readyz`);
      return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
    };

    await server.queue.enqueue(
      { rescore: [{ portalId: A, contactId: '1' }], engagements: [], forget: [] },
      Date.now(),
    );
    server.worker.kick();
    await server.drained();
    expect(await readyz()).toEqual({
      status: 200,
      body: {
        status: 'ready',
        queued: { contacts: 0, engagements: 0 },
        oldestQueuedSeconds: null,
        retrying: 0,
        deadLetters: { contacts: 0, engagements: 0 },
        failingAccounts: [],
        batchesInFlight: 0,
        lastBatchFinishedSecondsAgo: expect.any(Number),
      },
    });

    hang = true;
    await server.queue.enqueue(
      {
        rescore: [
          { portalId: A, contactId: '1' },
          { portalId: B, contactId: '2' },
        ],
        engagements: [],
        forget: [],
      },
      Date.now(),
    );
    server.worker.kick();
    await waitFor(
      async () => (await server.readiness()).body.status === 'stalled',
      'the worker to stall',
    );
    const stalled = await readyz();
    expect(stalled.status).toBe(503);
    expect(stalled.body).toMatchObject({
      status: 'stalled',
      queued: { contacts: 2, engagements: 0 },
      batchesInFlight: 1,
    });
    expect(stalled.body.reason).toMatch(/^1 queued rows have been due for \d+ s/);
    // Liveness stays 200: a stalled worker is for readiness to report, not a crash.
    expect((await fetch(`${server.localUrl}/healthz`)).status).toBe(200);
  });
});
