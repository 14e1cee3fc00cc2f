import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { SCORE_PROPERTIES } from '../../src/hubspot/score-properties.ts';
import { createTokenCipher } from '../../src/oauth/token-cipher.ts';
import { startSandbox } from '../../src/sandbox/index.ts';
import { ConfigError } from '../../src/server/config.ts';
import { OTHER_ACCOUNT } from '../../src/server/webhook-handler.ts';
import { readServerlessConfig } from '../../src/serverless/serverless-config.ts';
import { NOW } from '../helpers/scoring-fixtures.ts';
import { TEST_CLIENT_SECRET } from '../server/signed-delivery.ts';
import {
  change,
  CLIENT_ID,
  functionInstance,
  GENERAL,
  HEALTHCARE,
  invoke,
  json,
  KEY,
  NEVER_INSTALLED,
  NEWCOMER,
  OAUTH_BASE,
  REDIRECT_URI,
  refreshTokenOf,
  scoreOf,
  setUp,
  UNINSTALLED,
  updatedIds,
  useInstalledWorld,
  webhook,
} from './installed-world.ts';
import {
  apiGatewayEvent,
  expectedOutputsOf,
  fixture,
  lambdaContext,
} from './serverless-harness.ts';

/**
 * The marketplace app (OAuth) on AWS Lambda: every account that installed the app, with its
 * tokens and published model in the servers' PostgreSQL store. Each account is a sandbox of
 * its own behind one API address that routes by bearer token, as HubSpot does.
 */

useInstalledWorld();

describe('the marketplace app (OAuth) on AWS Lambda', () => {
  it('needs the PostgreSQL store: the installed accounts’ tokens must outlive an invocation', async () => {
    const w = await setUp();
    const { DATABASE_URL: _none, ...withoutStore } = w.env;
    expect(() => readServerlessConfig(withoutStore)).toThrow(ConfigError);
    expect(() => readServerlessConfig(withoutStore)).toThrow(/DATABASE_URL: missing.*OAuth/);
    expect(readServerlessConfig(w.env).access.mode).toBe('oauth');
  });

  it('scores one delivery of three accounts: each with its own token and model, an unknown one ignored', async () => {
    const w = await setUp();
    const handler = await functionInstance(w);
    const answer = await invoke(
      handler,
      webhook([
        change(GENERAL, '1001', 1),
        change(GENERAL, '1002', 2),
        change(HEALTHCARE, '1001', 3),
        change(NEVER_INSTALLED, '1001', 4),
      ]),
    );

    expect(answer.statusCode).toBe(200);
    expect(json(answer)).toMatchObject({
      received: 4,
      accounts: 2,
      contactsRescored: 3,
      written: 3,
      ignored: { [OTHER_ACCOUNT]: 1 },
    });
    // Written before the answer, each account's contacts by its own published model.
    for (const id of ['1001', '1002']) {
      expect(w.sandboxes[GENERAL]!.account.contacts.get(id)).toMatchObject(
        expectedOutputsOf(w.sandboxes[GENERAL]!, w.models[GENERAL]!, id),
      );
    }
    const healthcare = w.sandboxes[HEALTHCARE]!;
    expect(healthcare.account.contacts.get('1001')).toMatchObject(
      expectedOutputsOf(healthcare, w.models[HEALTHCARE]!, '1001'),
    );
    // The other account's model would have scored it otherwise: the model really is per account.
    expect(
      expectedOutputsOf(healthcare, w.models[GENERAL]!, '1001')[SCORE_PROPERTIES.score],
    ).not.toBe(scoreOf(healthcare, '1001'));
    expect(updatedIds(w.sandboxes[GENERAL]!).sort()).toEqual(['1001', '1002']);
    // Per account on a cold instance: one look at its output properties (its published
    // version's first use here), one read, one write; warm, the read and the write only.
    const calls = (portalId: number) =>
      w.sandboxes[portalId]!.account.requests.map((r) => `${r.method} ${r.path}`);
    expect(calls(GENERAL)).toEqual([
      'GET /crm/properties/2026-03/contacts',
      'POST /crm/objects/2026-03/contacts/batch/read',
      'POST /crm/objects/2026-03/contacts/batch/update',
    ]);
    w.sandboxes[GENERAL]!.account.reset();
    await invoke(handler, webhook([change(GENERAL, '1003', 5)]));
    expect(calls(GENERAL)).toEqual([
      'POST /crm/objects/2026-03/contacts/batch/read',
      'POST /crm/objects/2026-03/contacts/batch/update',
    ]);
    expect(updatedIds(healthcare)).toEqual(['1001']);
    // Nothing reached the account the app is not installed in, nor the uninvolved one.
    expect(w.sandboxes[NEVER_INSTALLED]!.account.requests).toEqual([]);
    expect(w.sandboxes[UNINSTALLED]!.account.requests).toEqual([]);
  });

  it('answers 503 and writes nothing for an account when HubSpot refuses its token', async () => {
    const w = await setUp();
    const handler = await functionInstance(w);
    // The stored token no longer opens the account (its sandbox wants another one).
    await w.sandboxes[HEALTHCARE]!.close();
    w.sandboxes[HEALTHCARE] = await startSandbox({ contacts: 6, now: NOW, accessToken: 'other' });
    nock(OAUTH_BASE)
      .post('/oauth/2026-03/token', {
        grant_type: 'refresh_token',
        client_id: CLIENT_ID,
        client_secret: TEST_CLIENT_SECRET,
        refresh_token: refreshTokenOf(HEALTHCARE),
      })
      .reply(503, { status: 'error', message: 'try later' });
    const answer = await invoke(handler, webhook([change(HEALTHCARE, '1001', 1)]));
    // HubSpot delivers again later; nothing is lost.
    expect(answer.statusCode).toBeGreaterThanOrEqual(500);
    expect(updatedIds(w.sandboxes[HEALTHCARE]!)).toEqual([]);
  });

  it('serves the card of the account HubSpot signed the request for', async () => {
    const w = await setUp();
    const handler = await functionInstance(w);
    const card = (portalId: number) =>
      invoke(
        handler,
        apiGatewayEvent({
          method: 'GET',
          path: '/api/contacts/1001/score',
          rawQueryString: `appId=16111050&portalId=${portalId}&userId=76023669`,
        }),
      );
    const healthcare = await card(HEALTHCARE);
    expect(healthcare.statusCode).toBe(200);
    expect(json(healthcare).score).toBe(
      Number(
        expectedOutputsOf(w.sandboxes[HEALTHCARE]!, w.models[HEALTHCARE]!, '1001')[
          SCORE_PROPERTIES.score
        ],
      ),
    );
    const stranger = await card(NEVER_INSTALLED);
    expect(stranger.statusCode).toBeGreaterThanOrEqual(400);
    expect(stranger.statusCode).toBeLessThan(500);
    expect(w.sandboxes[NEVER_INSTALLED]!.account.requests).toEqual([]);
  });

  it('installs a new account through /oauth/install and /oauth/callback, its tokens sealed in the store', async () => {
    const w = await setUp();
    const handler = await functionInstance(w);
    const start = await invoke(handler, apiGatewayEvent({ method: 'GET', path: '/oauth/install' }));
    expect(start.statusCode).toBe(302);
    const location = new URL(start.headers.Location!);
    expect(`${location.origin}${location.pathname}`).toBe(
      'https://app.hubspot.com/oauth/authorize',
    );
    expect(location.searchParams.get('redirect_uri')).toBe(REDIRECT_URI);
    const state = location.searchParams.get('state')!;
    // Payload 2.0: Set-Cookie in its own list, sent back in the request's `cookies`.
    expect(start.cookies).toHaveLength(1);
    const cookie = start.cookies![0]!.split(';')[0]!;

    const accessToken = `${NEWCOMER}-access`;
    const hubspot = nock(OAUTH_BASE)
      .post('/oauth/2026-03/token', {
        grant_type: 'authorization_code',
        client_id: CLIENT_ID,
        client_secret: TEST_CLIENT_SECRET,
        redirect_uri: REDIRECT_URI,
        code: 'auth-code-1',
      })
      .reply(200, {
        token_type: 'bearer',
        access_token: accessToken,
        refresh_token: refreshTokenOf(NEWCOMER),
        expires_in: 1800,
      })
      .post('/oauth/2026-03/token/introspect', {
        client_id: CLIENT_ID,
        client_secret: TEST_CLIENT_SECRET,
        token: accessToken,
        token_type_hint: 'access_token',
      })
      .reply(200, {
        active: true,
        hub_id: NEWCOMER,
        hub_domain: 'newcomer.example',
        scopes: ['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write'],
        token_use: 'access_token',
        client_id: CLIENT_ID,
      });
    // The browser comes back from HubSpot's consent screen with the state and its cookie.
    const callback = () =>
      invoke(
        handler,
        apiGatewayEvent({
          method: 'GET',
          path: '/oauth/callback',
          rawQueryString: `code=auth-code-1&state=${encodeURIComponent(state)}`,
          cookies: [cookie],
        }),
      );
    const done = await callback();
    hubspot.done();
    expect(done.statusCode).toBe(200);
    expect(done.headers['Content-Type']).toMatch(/^text\/html/);
    expect(done.body).toMatch(/<html/i);
    // The session cookie is cleared; the tokens are kept, encrypted, for every instance.
    expect(done.cookies?.[0]).toMatch(/Max-Age=0/i);
    const stored = await w.store.tokens(createTokenCipher(KEY), () => NOW).load(NEWCOMER);
    expect(stored?.accessToken).toBe(accessToken);
    // Its output properties were made before the page said "installed".
    expect(w.sandboxes[NEWCOMER]!.account.requests.some((r) => r.method === 'POST')).toBe(true);

    // A webhook of the new account is scored by the next invocation.
    const first = await invoke(handler, webhook([change(NEWCOMER, '1003', 9)]));
    expect(json(first)).toMatchObject({ accounts: 1, written: 1 });

    // The same state cannot install twice.
    const replay = await callback();
    expect(replay.statusCode).toBe(400);
  });

  it('gives every installed account a scheduled turn once: an uninstalled one removed, the due ones swept', async () => {
    const w = await setUp();
    const past = new Date(NOW - 60_000).toISOString();
    w.sandboxes[GENERAL]!.account.setProperty('1001', SCORE_PROPERTIES.nextReviewAt, past);
    w.sandboxes[HEALTHCARE]!.account.setProperty('1002', SCORE_PROPERTIES.nextReviewAt, past);
    w.sandboxes[UNINSTALLED]!.account.setProperty('1001', SCORE_PROPERTIES.nextReviewAt, past);
    const introspect = (portalId: number) =>
      nock(OAUTH_BASE).post('/oauth/2026-03/token/introspect', {
        client_id: CLIENT_ID,
        client_secret: TEST_CLIENT_SECRET,
        token: refreshTokenOf(portalId),
        token_type_hint: 'refresh_token',
      });
    const hubspot = [
      introspect(GENERAL).reply(200, { active: true, hub_id: GENERAL }),
      introspect(HEALTHCARE).reply(200, { active: true, hub_id: HEALTHCARE }),
      introspect(UNINSTALLED)
        .reply(200, { active: false })
        .post('/oauth/2026-03/token', {
          grant_type: 'refresh_token',
          client_id: CLIENT_ID,
          client_secret: TEST_CLIENT_SECRET,
          refresh_token: refreshTokenOf(UNINSTALLED),
        })
        .reply(400, { status: 'BAD_REFRESH_TOKEN', message: 'missing or invalid refresh token' }),
    ];
    const first = await functionInstance(w);
    const second = await functionInstance(w);
    const schedule = fixture('eventbridge-scheduled-event.json');

    const run = (await first(schedule, lambdaContext(60_000))) as Record<string, unknown>;
    for (const scope of hubspot) scope.done();
    expect(run).toMatchObject({
      accounts: 3,
      removed: [UNINSTALLED],
      notReached: [],
      failed: [],
      stopped: false,
    });
    const swept = run.swept as Array<{ portalId: number; due: number; written: number }>;
    expect(swept.map((s) => [s.portalId, s.due, s.written])).toEqual([
      [GENERAL, 1, 1],
      [HEALTHCARE, 1, 1],
    ]);
    expect(updatedIds(w.sandboxes[GENERAL]!)).toEqual(['1001']);
    expect(updatedIds(w.sandboxes[HEALTHCARE]!)).toEqual(['1002']);
    expect(updatedIds(w.sandboxes[UNINSTALLED]!)).toEqual([]);
    // The removed account leaves nothing behind: no tokens, no models.
    const tokens = w.store.tokens(createTokenCipher(KEY), () => NOW);
    expect(await tokens.portals()).toEqual([GENERAL, HEALTHCARE].sort((a, b) => a - b));
    expect(await w.store.accountModels().publishedVersion(UNINSTALLED)).toBeUndefined();

    // Another warm instance fired by the same schedule: every turn was taken this period.
    for (const sandbox of Object.values(w.sandboxes)) sandbox.account.reset();
    const again = (await second(schedule, lambdaContext(60_000))) as Record<string, unknown>;
    expect(again).toMatchObject({ accounts: 2, swept: [], sweptElsewhere: 2, removed: [] });
    for (const sandbox of Object.values(w.sandboxes)) expect(sandbox.account.requests).toEqual([]);
  });
  it('starts no turn once the deadline is near: every account left for the next run', async () => {
    const w = await setUp();
    w.sandboxes[GENERAL]!.account.setProperty(
      '1001',
      SCORE_PROPERTIES.nextReviewAt,
      new Date(NOW - 60_000).toISOString(),
    );
    const handler = await functionInstance(w);
    // 15 s left: inside the 20 s the run keeps to stop its page and answer.
    const run = (await handler(
      fixture('eventbridge-scheduled-event.json'),
      lambdaContext(15_000),
    )) as Record<string, unknown>;
    expect(run).toMatchObject({ accounts: 3, swept: [], stopped: true });
    expect((run.notReached as number[]).sort()).toEqual([GENERAL, HEALTHCARE, UNINSTALLED].sort());
    for (const sandbox of Object.values(w.sandboxes)) expect(sandbox.account.requests).toEqual([]);
    // Nothing was recorded as done: the next run (with time) sweeps the account.
    const next = (await handler(
      fixture('eventbridge-scheduled-event.json'),
      lambdaContext(60_000),
    )) as Record<string, unknown>;
    expect((next.swept as Array<{ portalId: number; due: number }>).map((s) => s.due)).toContain(1);
  });
});
