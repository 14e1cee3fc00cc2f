import nock from 'nock';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { scoreResponseSchema } from '../../src/card-api/index.ts';
import {
  createHubSpotAdapter,
  createHubSpotClient,
  SCORE_PROPERTIES,
} from '../../src/hubspot/index.ts';
import { readProperties } from '../../src/pipeline/rescore-contacts.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { scoreContact } from '../../src/scoring/index.ts';
import { silentLogger } from '../../src/server/logger.ts';
import { OTHER_ACCOUNT } from '../../src/server/webhook-handler.ts';
import { startScoringServer, type ScoringServer } from '../../src/server/scoring-server.ts';
import { defaultModel, NOW } from '../helpers/scoring-fixtures.ts';
import { anEvent, postDelivery, WEBHOOK_PATH } from '../server/signed-delivery.ts';
import { cardRequest, PUBLIC_BASE_URL, type CardCall } from './signed-card-request.ts';

// The card's backend through the real server (express, routes, signature, accounts) and the
// real adapter over HTTP, against the local HubSpot stand-in.
const SECRET = 'card-endpoint-secret-5e1f';
const PORTAL = 62515;
let sandbox: Sandbox;
let server: ScoringServer;

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  sandbox = await startSandbox({ contacts: 6, seed: 5, now: NOW, rateLimit: false });
  server = await startScoringServer({
    port: 0,
    publicBaseUrl: PUBLIC_BASE_URL,
    clientSecret: SECRET,
    hubspot: createHubSpotAdapter({
      client: createHubSpotClient({ accessToken: 'card-token', basePath: sandbox.baseUrl }),
      maxRetries: 0,
    }),
    portalId: PORTAL,
    compiled: defaultModel,
    databaseUrl: 'sqlite::memory:',
    logger: silentLogger,
    scoringClock: () => NOW,
    now: () => NOW,
  });
  await server.ready;
});
afterAll(async () => {
  await server.close();
  await sandbox.close();
  nock.enableNetConnect();
});
beforeEach(() => sandbox.account.reset());

const call = (overrides: Partial<CardCall> & Pick<CardCall, 'method' | 'path'>) =>
  cardRequest({
    localUrl: server.localUrl,
    portalId: PORTAL,
    secret: SECRET,
    signedAtMs: NOW,
    ...overrides,
  });

/** The engine's score from what the card reads: the properties, and the history it asks for. */
function expectedScore(id: string) {
  const properties = sandbox.account.contacts.get(id)!;
  const read = Object.fromEntries(
    readProperties(defaultModel).map((p) => [p, properties[p] ?? null]),
  );
  const history = Object.fromEntries(
    defaultModel.historyProperties.map((p) => [p, sandbox.account.historyOf(id, p)]),
  );
  return scoreContact(defaultModel, read, NOW, history);
}

const anyContact = () => [...sandbox.account.contacts.keys()][0]!;

describe('the card endpoints of the running server', () => {
  it('answers a signed GET with the live breakdown, writing nothing', async () => {
    const id = anyContact();
    const answer = await call({ method: 'GET', path: `/api/contacts/${id}/score` });
    expect(answer.status).toBe(200);
    const body = scoreResponseSchema.parse(answer.body);
    const expected = expectedScore(id);
    expect(body).toMatchObject({
      contactId: id,
      portalId: String(PORTAL),
      score: expected.score,
      tier: expected.tier,
    });
    expect(body.breakdown).toHaveLength(expected.breakdown.length);
    // Live: one batch read, with the history the model's history touchpoints count.
    const reads = sandbox.account.requests.filter((r) => r.path.endsWith('/batch/read'));
    expect(
      reads.map((r) => (r.body as { propertiesWithHistory?: unknown }).propertiesWithHistory),
    ).toEqual([defaultModel.historyProperties]);
    expect(
      sandbox.account.requests.filter((r) => r.method !== 'GET' && !r.path.includes('read')),
    ).toEqual([]);
  });

  it('rescores on a signed POST: one write, then nothing to write', async () => {
    const id = [...sandbox.account.contacts.keys()][1]!;
    const first = await call({ method: 'POST', path: `/api/contacts/${id}/rescore` });
    expect(first.status).toBe(200);
    expect(scoreResponseSchema.parse(first.body).rescore).toEqual({ written: true });
    expect(sandbox.account.contacts.get(id)![SCORE_PROPERTIES.score]).toBe(
      String(expectedScore(id).score),
    );
    const updates = () =>
      sandbox.account.requests.filter(
        (r) => r.path === '/crm/objects/2026-03/contacts/batch/update',
      );
    expect(updates()).toHaveLength(1);

    const again = await call({ method: 'POST', path: `/api/contacts/${id}/rescore` });
    expect(scoreResponseSchema.parse(again.body).rescore).toEqual({ written: false });
    expect(updates()).toHaveLength(1);
  });

  it('refuses another HubSpot account’s request with 403, asking HubSpot nothing', async () => {
    const answer = await call({
      method: 'GET',
      path: `/api/contacts/${anyContact()}/score`,
      portalId: 48807704,
    });
    expect(answer).toEqual({
      status: 403,
      body: { message: 'The recruitment scoring app is not installed in this account.' },
    });
    expect(sandbox.account.requests).toEqual([]);
  });

  it('refuses unsigned, stale and wrongly signed requests with 401', async () => {
    const path = `/api/contacts/${anyContact()}/rescore`;
    const unsigned = await call({ method: 'POST', path, signed: false });
    const stale = await call({ method: 'POST', path, signedAtMs: NOW - 6 * 60_000 });
    const forged = await call({ method: 'POST', path, secret: 'another-apps-secret' });
    expect([unsigned.status, stale.status, forged.status]).toEqual([401, 401, 401]);
    expect(sandbox.account.requests).toEqual([]);
  });

  it('answers 404 for a contact deleted in HubSpot', async () => {
    const id = sandbox.account.createContact({ firstname: 'Gone' });
    sandbox.account.deleteContact(id);
    const answer = await call({ method: 'GET', path: `/api/contacts/${id}/score` });
    expect(answer.status).toBe(404);
  });

  it('takes its own account’s webhooks beside the card routes and ignores other accounts’', async () => {
    const id = Number(anyContact());
    const post = (portalId: number) =>
      postDelivery(server.localUrl, [anEvent({ portalId, objectId: id })], {
        secret: SECRET,
        signedUrl: `${PUBLIC_BASE_URL}${WEBHOOK_PATH}`,
        signedAtMs: NOW,
      });
    const own = await post(PORTAL);
    expect(own).toMatchObject({ status: 200, body: { contactsToRescore: 1 } });
    const other = await post(48807704);
    expect(other).toMatchObject({
      status: 200,
      body: { contactsToRescore: 0, ignored: { [OTHER_ACCOUNT]: 1 } },
    });
    await server.drained();
    expect((await server.queue.counts()).contacts).toBe(0);
  });
});
