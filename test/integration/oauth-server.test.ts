import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCORE_PROPERTIES } from '../../src/hubspot/index.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { createLogger } from '../../src/server/logger.ts';
import { startScoringServer, type ScoringServer } from '../../src/server/scoring-server.ts';
import { defaultModel, NOW } from '../helpers/scoring-fixtures.ts';
import {
  ACCESS_TOKEN,
  anOAuthConfig,
  APP_BASE_URL,
  aTokenInfo,
  aTokenResponse,
  AUTH_CODE,
  CLIENT_ID,
  CLIENT_SECRET,
  codeExchangeForm,
  fixedClock,
  hubspotOAuth,
  PORTAL_ID,
  REDIRECT_URI,
  REFRESH_TOKEN,
  refreshForm,
  resetNock,
  useNock,
  introspectForm,
} from '../oauth/helpers.ts';
import { anEvent, postDelivery, WEBHOOK_PATH } from '../server/signed-delivery.ts';
import { cardRequest } from './signed-card-request.ts';

// OAuth mode end to end: the install flow of the running server (HubSpot's token endpoints
// mocked with nock), then webhooks, card and sweep for the installed account, each against the
// local HubSpot stand-in, which accepts only the account's OAuth access token.
const MINUTE = 60_000;
let sandbox: Sandbox;
let server: ScoringServer;
let clock: ReturnType<typeof fixedClock>;
let lines: string[];
const sweptPortals: (number | undefined)[] = [];

beforeEach(async () => {
  useNock();
  clock = fixedClock();
  lines = [];
  sweptPortals.length = 0;
  sandbox = await startSandbox({
    contacts: 4,
    seed: 9,
    now: NOW,
    rateLimit: false,
    accessToken: ACCESS_TOKEN,
  });
  server = await startScoringServer({
    port: 0,
    publicBaseUrl: APP_BASE_URL,
    clientSecret: CLIENT_SECRET,
    oauth: { config: anOAuthConfig(), apiBaseUrl: sandbox.baseUrl },
    compiled: defaultModel,
    databaseUrl: 'sqlite::memory:',
    logger: createLogger({ write: (line) => lines.push(line), secrets: [CLIENT_SECRET] }),
    scoringClock: () => NOW,
    now: clock.now,
    worker: { gatherMs: 0, retryBaseMs: 1, retryMaxMs: 5 },
    sweep: { intervalMs: 20, onSweep: (portalId) => sweptPortals.push(portalId) },
  });
  await server.ready;
});
afterEach(async () => {
  await server.close();
  await sandbox.close();
  resetNock();
});

async function install(): Promise<Response> {
  const start = await fetch(`${server.localUrl}/oauth/install`, { redirect: 'manual' });
  const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
  const cookie = start.headers.get('set-cookie')!.split(';')[0]!;
  const hubspot = hubspotOAuth()
    .post('/oauth/2026-03/token', codeExchangeForm)
    .reply(200, aTokenResponse())
    .post('/oauth/2026-03/token/introspect', introspectForm(ACCESS_TOKEN))
    .reply(200, aTokenInfo());
  const answer = await fetch(
    `${server.localUrl}/oauth/callback?code=${AUTH_CODE}&state=${encodeURIComponent(state)}`,
    { headers: { cookie } },
  );
  hubspot.done();
  return answer;
}

const card = (portalId: number, contactId: string) =>
  cardRequest({
    localUrl: server.localUrl,
    method: 'GET',
    path: `/api/contacts/${contactId}/score`,
    portalId,
    secret: CLIENT_SECRET,
    signedAtMs: clock.now(),
  });

const webhook = (contactId: string) =>
  postDelivery(server.localUrl, [anEvent({ portalId: PORTAL_ID, objectId: Number(contactId) })], {
    secret: CLIENT_SECRET,
    signedUrl: `${APP_BASE_URL}${WEBHOOK_PATH}`,
    signedAtMs: clock.now(),
  });

const firstContact = () => [...sandbox.account.contacts.keys()][0]!;

describe('the server in OAuth mode', () => {
  it('sends an admin to HubSpot’s consent screen with the least scopes and a fresh state', async () => {
    const answer = await fetch(`${server.localUrl}/oauth/install`, { redirect: 'manual' });
    expect(answer.status).toBe(302);
    const location = new URL(answer.headers.get('location')!);
    expect(location.origin + location.pathname).toBe('https://app.hubspot.com/oauth/authorize');
    expect(location.searchParams.get('client_id')).toBe(CLIENT_ID);
    expect(location.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(location.searchParams.get('scope')!.split(' ')).toContain('crm.objects.contacts.write');
    expect(location.searchParams.get('state')).toMatch(/^\S{16,}$/);
    expect(answer.headers.get('set-cookie')).toMatch(/HttpOnly/i);
  });

  it('installs an account: tokens stored, score properties created with its own token', async () => {
    const answer = await install();
    expect(answer.status).toBe(200);
    expect(await server.accounts.portals()).toEqual([PORTAL_ID]);
    expect(sandbox.account.propertyDefinitions.get(SCORE_PROPERTIES.tier)).toBeDefined();
    expect(lines.join('\n')).not.toContain(ACCESS_TOKEN);
    expect(lines.join('\n')).not.toContain(REFRESH_TOKEN);
  });

  it('scores webhooks, answers the card and sweeps for the installed account only', async () => {
    await install();
    const id = firstContact();
    expect((await card(PORTAL_ID, id)).status).toBe(200);
    expect((await card(PORTAL_ID + 1, id)).status).toBe(403);

    expect((await webhook(id)).status).toBe(200);
    await server.drained();
    expect(sandbox.account.contacts.get(id)![SCORE_PROPERTIES.score]).toBeDefined();

    await waitUntil(() => sweptPortals.includes(PORTAL_ID), 'a sweep of the installed account');
  });

  it('drops the queued work of an account whose refresh token HubSpot refuses', async () => {
    await install();
    const id = firstContact();
    // Near expiry: the next use refreshes (the sweep's or the worker's, whichever comes first).
    clock.advance(29 * MINUTE);
    const refused = hubspotOAuth()
      .post('/oauth/2026-03/token', refreshForm())
      .reply(400, { status: 'BAD_REFRESH_TOKEN', message: 'missing or invalid refresh token' });
    expect((await webhook(id)).status).toBe(200);
    await server.drained();

    refused.done();
    expect(await server.queue.counts()).toEqual({ contacts: 0, engagements: 0, retrying: 0 });
    expect(sandbox.account.contacts.get(id)![SCORE_PROPERTIES.score]).toBeUndefined();
    expect(await server.accounts.portals()).toEqual([]);
    expect(lines.some((l) => l.includes('dropped the queued work'))).toBe(true);
    expect((await card(PORTAL_ID, id)).status).toBe(403);
  });
});

async function waitUntil(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
