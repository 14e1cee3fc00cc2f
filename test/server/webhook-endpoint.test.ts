import { afterEach, describe, expect, it } from 'vitest';
import { scoreOutputValues } from '../../src/hubspot/score-properties.ts';
import { scoreContact } from '../../src/scoring/index.ts';
import { silentLogger } from '../../src/server/logger.ts';
import { startScoringServer, type ScoringServer } from '../../src/server/scoring-server.ts';
import { aContact, defaultModel, NOW } from '../helpers/scoring-fixtures.ts';
import { fakeHubSpot, type FakeHubSpot } from '../pipeline/fake-hubspot.ts';
import { anEvent, postDelivery, TEST_CLIENT_SECRET, WEBHOOK_PATH } from './signed-delivery.ts';

const servers: ScoringServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(options: { publicBaseUrl?: string; maxBodyBytes?: number } = {}) {
  const hubspot: FakeHubSpot = fakeHubSpot({
    '101': aContact() as Record<string, string | null>,
    '102': aContact({ jobtitle: 'Accountant' }) as Record<string, string | null>,
  });
  const server = await startScoringServer({
    port: 0,
    clientSecret: TEST_CLIENT_SECRET,
    hubspot: hubspot.port,
    compiled: defaultModel,
    databaseUrl: 'sqlite::memory:',
    logger: silentLogger,
    scoringClock: () => NOW,
    worker: { gatherMs: 0, retryBaseMs: 1 },
    ...options,
  });
  servers.push(server);
  await server.ready;
  return { server, hubspot };
}

describe('POST /webhooks/hubspot', () => {
  it('answers 200 at once and scores the contact afterwards', async () => {
    const { server, hubspot } = await serve();
    const answer = await postDelivery(server.localUrl, [anEvent()]);
    expect(answer).toEqual({
      status: 200,
      body: {
        received: 1,
        contactsToRescore: 1,
        engagementsToTrace: 0,
        contactsForgotten: 0,
        ignored: {},
      },
    });
    await server.drained();
    const expected = scoreOutputValues(scoreContact(defaultModel, aContact(), NOW));
    expect(hubspot.contacts.get('101')).toMatchObject({
      ...expected,
      recruitment_scored_at: new Date(NOW).toISOString(),
    });
  });

  it('ensured the output properties with the model tiers before scoring', async () => {
    const { hubspot } = await serve();
    expect(hubspot.calls[0]).toEqual({ kind: 'ensure', tierNames: [...defaultModel.tierNames] });
  });

  it('refuses an unsigned delivery with 401 and stores nothing', async () => {
    const { server } = await serve();
    const response = await fetch(`${server.localUrl}${WEBHOOK_PATH}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify([anEvent()]),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      error: 'unauthorized: the X-HubSpot-Signature-v3 header is missing',
    });
    expect((await server.queue.counts()).contacts).toBe(0);
  });

  it('refuses a stale, tampered or wrongly signed delivery with 401', async () => {
    const { server, hubspot } = await serve();
    const events = [anEvent()];
    const stale = await postDelivery(server.localUrl, events, {
      signedAtMs: Date.now() - 6 * 60_000,
    });
    const tampered = await postDelivery(server.localUrl, events, {
      sendBody: JSON.stringify([anEvent({ objectId: 102 })]),
    });
    const wrongSecret = await postDelivery(server.localUrl, events, { secret: 'someone-else' });
    expect([stale.status, tampered.status, wrongSecret.status]).toEqual([401, 401, 401]);
    expect(stale.body.error).toContain('more than 5 minutes');
    expect((await server.queue.counts()).contacts).toBe(0);
    expect(hubspot.callsOf('read')).toEqual([]);
  });

  it('checks the signature against the public base URL behind a proxy', async () => {
    const publicBaseUrl = 'https://scoring.example.com';
    const { server } = await serve({ publicBaseUrl });
    const viaProxy = await postDelivery(server.localUrl, [anEvent()], {
      signedUrl: `${publicBaseUrl}${WEBHOOK_PATH}`,
    });
    const signedForLocal = await postDelivery(server.localUrl, [anEvent()]);
    expect(viaProxy.status).toBe(200);
    expect(signedForLocal.status).toBe(401);
  });

  it('answers 400 with the reason for malformed JSON or events', async () => {
    const { server } = await serve();
    const notJson = await postDelivery(server.localUrl, '[{"portalId": 1,');
    const notArray = await postDelivery(server.localUrl, { portalId: 1 });
    const noType = await postDelivery(server.localUrl, [{ portalId: 1, objectId: 2 }]);
    expect(notJson).toEqual({ status: 400, body: { error: 'the body is not valid JSON' } });
    expect(notArray).toEqual({
      status: 400,
      body: { error: 'the body must be a JSON array of webhook events' },
    });
    expect(noType.status).toBe(400);
    expect(noType.body.error).toContain('event 0, subscriptionType');
  });

  it('answers 413 for a body over the limit, before reading it', async () => {
    const { server } = await serve({ maxBodyBytes: 2_000 });
    const big = Array.from({ length: 20 }, (_, i) => anEvent({ eventId: i }));
    const answer = await postDelivery(server.localUrl, big);
    expect(answer.status).toBe(413);
  });

  it('accepts unknown subscription types with 2xx and does nothing', async () => {
    const { server, hubspot } = await serve();
    const answer = await postDelivery(server.localUrl, [
      anEvent({ subscriptionType: 'deal.creation' }),
      anEvent({ subscriptionType: 'conversation.creation' }),
    ]);
    expect(answer.status).toBe(200);
    expect(answer.body.ignored).toEqual({ 'not a contact or engagement event': 2 });
    await server.drained();
    expect(hubspot.callsOf('read')).toEqual([]);
  });

  it('accepts the older eventType field', async () => {
    const { server } = await serve();
    const event = anEvent({ eventType: 'contact.creation' });
    delete event.subscriptionType;
    const answer = await postDelivery(server.localUrl, [event]);
    expect(answer.body.contactsToRescore).toBe(1);
  });

  it('purges a deleted contact from the store', async () => {
    const { server } = await serve();
    await server.worker.stop(); // keep the work queued to watch the purge
    await postDelivery(server.localUrl, [anEvent({ objectId: 101 }), anEvent({ objectId: 102 })]);
    expect((await server.queue.counts()).contacts).toBe(2);
    const answer = await postDelivery(server.localUrl, [
      anEvent({ subscriptionType: 'contact.privacyDeletion', objectId: 101 }),
    ]);
    expect(answer.body.contactsForgotten).toBe(1);
    expect((await server.queue.counts()).contacts).toBe(1);
  });
});

describe('GET /healthz', () => {
  it('answers 200 once ready, with the queue', async () => {
    const { server } = await serve();
    const response = await fetch(`${server.localUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      queue: { contacts: 0, engagements: 0, retrying: 0 },
    });
  });

  it('stays alive (200, "starting") while the output properties cannot be ensured; /readyz says 503; deliveries are stored', async () => {
    const hubspot = fakeHubSpot({ '101': aContact() as Record<string, string | null> });
    let allowed = false;
    hubspot.failWhen((call) =>
      call.kind === 'ensure' && !allowed
        ? Object.assign(new Error('HubSpot is down'), { status: 503 })
        : undefined,
    );
    const server = await startScoringServer({
      port: 0,
      clientSecret: TEST_CLIENT_SECRET,
      hubspot: hubspot.port,
      compiled: defaultModel,
      databaseUrl: 'sqlite::memory:',
      logger: silentLogger,
    });
    servers.push(server);
    const health = await fetch(`${server.localUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'starting' });
    const ready = await fetch(`${server.localUrl}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ status: 'starting' });
    expect((await postDelivery(server.localUrl, [anEvent()])).status).toBe(200);
    expect((await server.queue.counts()).contacts).toBe(1);
    allowed = true;
  });
});
