import nock from 'nock';
import { sqliteStoreOf } from '../../src/store/sqlite-store.ts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HubSpotPort } from '../../src/hubspot/hubspot-port.ts';
import {
  createOAuthMode,
  handleCallback,
  handleInstall,
  type OAuthResponse,
} from '../../src/oauth/index.ts';
import type { StoreDatabase } from '../../src/store/database.ts';
import {
  ACCESS_TOKEN,
  anOAuthConfig,
  aTokenInfo,
  aTokenResponse,
  AUTH_CODE,
  capturedLogger,
  CLIENT_ID,
  CLIENT_SECRET,
  codeExchangeForm,
  fixedClock,
  hubspotOAuth,
  memoryDb,
  PORTAL_ID,
  REDIRECT_URI,
  REFRESH_TOKEN,
  resetNock,
  tokenRecordingPort,
  useNock,
  introspectForm,
} from './helpers.ts';

beforeEach(useNock);
afterEach(resetNock);

async function setUp(
  options: { onInstalled?: (portalId: number, port: HubSpotPort) => Promise<void> } = {},
) {
  const db = memoryDb();
  const clock = fixedClock();
  const { logger, lines } = capturedLogger();
  const installed: number[] = [];
  const mode = await createOAuthMode({
    config: anOAuthConfig(),
    store: sqliteStoreOf(db),
    logger,
    now: clock.now,
    connect: (_portalId, token) => tokenRecordingPort(token).port,
    onInstalled:
      options.onInstalled ??
      (async (portalId, port) => {
        await port.ensureScoreProperties(['cold', 'warm', 'hot']);
        installed.push(portalId);
      }),
  });
  return { db, clock, lines, installed, mode, deps: mode.installFlow };
}

type Setup = Awaited<ReturnType<typeof setUp>>;

async function startInstall(deps: Setup['deps']) {
  const answer = await handleInstall({ method: 'GET', url: '/oauth/install', headers: {} }, deps);
  const location = new URL(String(answer.headers?.Location));
  const cookie = String(answer.headers?.['Set-Cookie']).split(';')[0]!;
  return { answer, location, state: location.searchParams.get('state')!, cookie };
}

function callback(deps: Setup['deps'], query: Record<string, string>, cookie?: string) {
  const search = new URLSearchParams(query).toString();
  return handleCallback(
    { method: 'GET', url: `/oauth/callback?${search}`, headers: cookie ? { cookie } : {} },
    deps,
  );
}

function hubspotAcceptsTheCode(info: Record<string, unknown> = {}) {
  return hubspotOAuth()
    .post('/oauth/2026-03/token', codeExchangeForm)
    .matchHeader('content-type', /application\/x-www-form-urlencoded/)
    .reply(200, aTokenResponse())
    .post('/oauth/2026-03/token/introspect', introspectForm(ACCESS_TOKEN))
    .reply(200, aTokenInfo(info));
}

function storedRows(db: StoreDatabase) {
  return db.prepare('SELECT * FROM oauth_accounts').all() as Record<string, unknown>[];
}

const bodyOf = (answer: OAuthResponse) => answer.body;

describe('GET /oauth/install', () => {
  it("redirects to HubSpot's consent screen with our client, redirect URI, scopes and a state", async () => {
    const { deps } = await setUp();
    const { answer, location, state } = await startInstall(deps);
    expect(answer.status).toBe(302);
    expect(`${location.origin}${location.pathname}`).toBe(
      'https://app.hubspot.com/oauth/authorize',
    );
    expect(Object.fromEntries(location.searchParams)).toEqual({
      client_id: CLIENT_ID,
      redirect_uri: REDIRECT_URI,
      scope:
        'crm.objects.contacts.read crm.objects.contacts.write crm.schemas.contacts.read crm.schemas.contacts.write oauth settings.users.read',
      state,
    });
    expect(String(answer.headers?.Location)).toContain('scope=crm.objects.contacts.read%20crm');
    // expiry.HMAC: nothing the server has to remember.
    expect(state).toMatch(/^\d{13}\.[A-Za-z0-9_-]{43}$/);
    expect(Number(state.split('.')[0])).toBe(Date.UTC(2026, 2, 2, 9, 10, 0));
  });

  it('binds the state to this browser with an HttpOnly, Secure, SameSite=Lax cookie on /oauth', async () => {
    const { deps } = await setUp();
    const { answer } = await startInstall(deps);
    const cookie = String(answer.headers?.['Set-Cookie']);
    expect(cookie).toMatch(/^__Secure-recruitment_install=[A-Za-z0-9_-]{43}; /);
    expect(cookie.split('; ').slice(1).sort()).toEqual(
      ['HttpOnly', 'Max-Age=600', 'Path=/oauth', 'SameSite=Lax', 'Secure'].sort(),
    );
    expect(answer.headers?.['Cache-Control']).toBe('no-store');
  });

  it('leaves Secure off on a plain-http development URL', async () => {
    const { deps } = await setUp();
    const local = { ...deps, config: { ...deps.config, secureCookies: false } };
    const { answer } = await startInstall(local);
    expect(String(answer.headers?.['Set-Cookie'])).toMatch(
      /^recruitment_install=[^;]+; Path=\/oauth; Max-Age=600; HttpOnly; SameSite=Lax$/,
    );
  });

  it('hands out a fresh state and session every time', async () => {
    const { deps } = await setUp();
    const first = await startInstall(deps);
    const second = await startInstall(deps);
    expect(second.state).not.toBe(first.state);
    expect(second.cookie).not.toBe(first.cookie);
  });
});

describe('GET /oauth/callback', () => {
  it('exchanges the code, stores the tokens encrypted, sets the account up and says so', async () => {
    const { deps, db, installed, mode } = await setUp();
    const { state, cookie } = await startInstall(deps);
    const hubspot = hubspotAcceptsTheCode();

    const answer = await callback(deps, { code: AUTH_CODE, state }, cookie);

    hubspot.done();
    expect(answer.status).toBe(200);
    expect(bodyOf(answer)).toContain('acme-recruiting.com (account 48807704)');
    expect(answer.headers?.['Content-Type']).toBe('text/html; charset=utf-8');
    expect(answer.headers?.['Referrer-Policy']).toBe('no-referrer');
    expect(String(answer.headers?.['Set-Cookie'])).toMatch(
      /^__Secure-recruitment_install=; .*Max-Age=0/,
    );
    expect(installed).toEqual([PORTAL_ID]);
    expect(await mode.tokens.load(PORTAL_ID)).toMatchObject({
      accessToken: ACCESS_TOKEN,
      refreshToken: REFRESH_TOKEN,
      expiresAt: Date.UTC(2026, 2, 2, 9, 30, 0),
      hubDomain: 'acme-recruiting.com',
    });
    const [row] = storedRows(db);
    expect(row).toMatchObject({ portal_id: PORTAL_ID, hub_domain: 'acme-recruiting.com' });
    expect(JSON.stringify(row)).not.toContain(ACCESS_TOKEN);
    expect(Buffer.from(row!.sealed_tokens as Buffer).includes(REFRESH_TOKEN)).toBe(false);
  });

  it('escapes what HubSpot says about the account on the success page', async () => {
    const { deps } = await setUp();
    const { state, cookie } = await startInstall(deps);
    hubspotAcceptsTheCode({ hub_domain: '<img src=x onerror=alert(1)>.hubspot.com' });
    const page = bodyOf(await callback(deps, { code: AUTH_CODE, state }, cookie));
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;.hubspot.com');
    expect(page).not.toContain('<img');
  });

  it('takes the account from hub_id in the token answer when the token info is unavailable', async () => {
    const { deps, installed } = await setUp();
    const { state, cookie } = await startInstall(deps);
    const hubspot = hubspotOAuth()
      .post('/oauth/2026-03/token', codeExchangeForm)
      .reply(200, aTokenResponse({ hub_id: 777 }))
      .post('/oauth/2026-03/token/introspect', introspectForm(ACCESS_TOKEN))
      .reply(503, { status: 'error', message: 'unavailable' });
    const answer = await callback(deps, { code: AUTH_CODE, state }, cookie);
    hubspot.done();
    expect(answer.status).toBe(200);
    expect(installed).toEqual([777]);
  });

  it.each([
    ['a forged state', (s: string) => ({ code: AUTH_CODE, state: `${s.slice(0, -4)}AAAA` }), 403],
    ['no state', () => ({ code: AUTH_CODE }), 400],
    ['no code', (s: string) => ({ state: s }), 400],
  ])('refuses %s and stores nothing', async (_case, query, status) => {
    const { deps, db, installed } = await setUp();
    const { state, cookie } = await startInstall(deps);
    const answer = await callback(deps, query(state) as Record<string, string>, cookie);
    expect(answer.status).toBe(status);
    expect(bodyOf(answer)).toMatch(/Start the installation again/);
    expect(storedRows(db)).toEqual([]);
    expect(installed).toEqual([]);
  });

  it('refuses a callback without the session cookie (login CSRF), and the owner can still finish', async () => {
    const { deps, db } = await setUp();
    const { state, cookie } = await startInstall(deps);
    const attacker = await startInstall(deps);

    expect((await callback(deps, { code: AUTH_CODE, state })).status).toBe(403);
    expect((await callback(deps, { code: AUTH_CODE, state }, attacker.cookie)).status).toBe(403);
    expect(storedRows(db)).toEqual([]);

    const hubspot = hubspotAcceptsTheCode();
    expect((await callback(deps, { code: AUTH_CODE, state }, cookie)).status).toBe(200);
    hubspot.done();
  });

  it('refuses a replayed callback: the state works once', async () => {
    const { deps, installed } = await setUp();
    const { state, cookie } = await startInstall(deps);
    const hubspot = hubspotAcceptsTheCode();
    expect((await callback(deps, { code: AUTH_CODE, state }, cookie)).status).toBe(200);
    hubspot.done();

    const replay = await callback(deps, { code: AUTH_CODE, state }, cookie);
    expect(replay.status).toBe(400);
    expect(bodyOf(replay)).toContain('This install link was already used');
    expect(replay.refusal).toBe('state already used');
    expect(installed).toEqual([PORTAL_ID]);
  });

  it('refuses a state older than ten minutes', async () => {
    const { deps, db, clock } = await setUp();
    const { state, cookie } = await startInstall(deps);
    clock.advance(10 * 60 * 1000);
    const answer = await callback(deps, { code: AUTH_CODE, state }, cookie);
    expect(answer.status).toBe(400);
    expect(bodyOf(answer)).toContain('expired');
    expect(storedRows(db)).toEqual([]);
  });

  it('explains a code HubSpot no longer accepts, and stores nothing', async () => {
    const { deps, db } = await setUp();
    const { state, cookie } = await startInstall(deps);
    const hubspot = hubspotOAuth()
      .post('/oauth/2026-03/token', codeExchangeForm)
      .reply(400, { status: 'BAD_AUTH_CODE', message: 'missing or unknown auth code' });
    const answer = await callback(deps, { code: AUTH_CODE, state }, cookie);
    hubspot.done();
    expect(answer.status).toBe(400);
    expect(bodyOf(answer)).toContain('already used or is too old');
    expect(storedRows(db)).toEqual([]);
  });

  it("blames the app's settings when HubSpot refuses the client or redirect URI", async () => {
    const { deps, lines } = await setUp();
    const { state, cookie } = await startInstall(deps);
    hubspotOAuth()
      .post('/oauth/2026-03/token', codeExchangeForm)
      .reply(400, { status: 'BAD_REDIRECT_URI', message: 'redirect_uri does not match' });
    const answer = await callback(deps, { code: AUTH_CODE, state }, cookie);
    expect(answer.status).toBe(502);
    expect(bodyOf(answer)).toContain('client id, secret or redirect URL');
    expect(lines.join('\n')).toContain('BAD_REDIRECT_URI');
  });

  it('keeps the tokens but says so when the account setup fails', async () => {
    const { deps, mode } = await setUp({
      onInstalled: async () => {
        throw new Error('HubSpot answered 503 while creating the property group');
      },
    });
    const { state, cookie } = await startInstall(deps);
    hubspotAcceptsTheCode();
    const answer = await callback(deps, { code: AUTH_CODE, state }, cookie);
    expect(answer.status).toBe(502);
    expect(bodyOf(answer)).toContain('Open the install link again');
    expect(await mode.tokens.portals()).toEqual([PORTAL_ID]);
  });

  it('answers only GET, so a HEAD from a link checker spends neither the state nor the code', async () => {
    const { deps, db } = await setUp();
    const { state, cookie } = await startInstall(deps);
    const url = `/oauth/callback?code=${AUTH_CODE}&state=${state}`;
    for (const method of ['HEAD', 'POST']) {
      const answer = await handleCallback({ method, url, headers: { cookie } }, deps);
      expect(answer.status).toBe(405);
    }
    expect(storedRows(db)).toEqual([]);
    const hubspot = hubspotAcceptsTheCode();
    expect((await callback(deps, { code: AUTH_CODE, state }, cookie)).status).toBe(200);
    hubspot.done();
  });

  it('tells the admin nothing was installed when they decline in HubSpot', async () => {
    const { deps, db } = await setUp();
    const { state, cookie } = await startInstall(deps);
    const answer = await callback(deps, { error: 'access_denied', state }, cookie);
    expect(answer.status).toBe(400);
    expect(bodyOf(answer)).toContain('The app was not installed');
    expect(storedRows(db)).toEqual([]);
  });

  it('never writes a token, the code or the client secret to the log', async () => {
    const { deps, lines, mode, clock } = await setUp();
    const onInstalled = vi.fn(deps.onInstalled);
    const { state, cookie } = await startInstall(deps);
    hubspotAcceptsTheCode();
    await callback({ ...deps, onInstalled }, { code: AUTH_CODE, state }, cookie);
    expect(onInstalled).toHaveBeenCalledOnce();

    clock.advance(26 * 60 * 1000);
    hubspotOAuth()
      .post('/oauth/2026-03/token', {
        grant_type: 'refresh_token',
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        refresh_token: REFRESH_TOKEN,
      })
      .reply(400, { status: 'BAD_REFRESH_TOKEN', message: 'missing or invalid refresh token' });
    expect(await mode.accounts.hubspotForPortal(PORTAL_ID)).toBeUndefined();

    const log = lines.join('\n');
    expect(log).toContain('installed in a HubSpot account');
    expect(log).toContain('stopped working for a HubSpot account');
    for (const secret of [ACCESS_TOKEN, REFRESH_TOKEN, AUTH_CODE, CLIENT_SECRET, state]) {
      expect(log).not.toContain(secret);
    }
    expect(nock.pendingMocks()).toEqual([]);
  });
});
