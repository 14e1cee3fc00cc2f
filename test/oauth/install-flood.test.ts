import type { AddressInfo } from 'node:net';
import { sqliteStoreOf } from '../../src/store/sqlite-store.ts';
import type { Server } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createInstallStates,
  createOAuthMode,
  handleCallback,
  handleInstall,
  installStateKey,
  type InstallFlowDeps,
} from '../../src/oauth/index.ts';
import { createApp } from '../../src/server/app.ts';
import {
  aTokenInfo,
  aTokenResponse,
  ACCESS_TOKEN,
  anOAuthConfig,
  AUTH_CODE,
  capturedLogger,
  codeExchangeForm,
  fixedClock,
  hubspotOAuth,
  introspectForm,
  KEY_HEX,
  memoryDb,
  OTHER_KEY_HEX,
  PORTAL_ID,
  resetNock,
  tokenRecordingPort,
  useNock,
} from './helpers.ts';

beforeEach(useNock);
afterEach(resetNock);

async function setUp() {
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
    onInstalled: async (portalId) => {
      installed.push(portalId);
    },
  });
  return { db, clock, lines, installed, deps: mode.installFlow };
}

async function begin(deps: InstallFlowDeps) {
  const answer = await handleInstall({ method: 'GET', url: '/oauth/install', headers: {} }, deps);
  const state = new URL(String(answer.headers?.Location)).searchParams.get('state')!;
  const cookie = String(answer.headers?.['Set-Cookie']).split(';')[0]!;
  return { state, cookie };
}

function finish(deps: InstallFlowDeps, state: string, cookie: string, language?: string) {
  const query = new URLSearchParams({ code: AUTH_CODE, state }).toString();
  const headers: Record<string, string> = { cookie };
  if (language) headers['accept-language'] = language;
  return handleCallback({ method: 'GET', url: `/oauth/callback?${query}`, headers }, deps);
}

function hubspotAcceptsTheCode() {
  return hubspotOAuth()
    .post('/oauth/2026-03/token', codeExchangeForm)
    .reply(200, aTokenResponse())
    .post('/oauth/2026-03/token/introspect', introspectForm(ACCESS_TOKEN))
    .reply(200, aTokenInfo());
}

const tableNames = (deps: Awaited<ReturnType<typeof setUp>>['db']) =>
  (deps.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[])
    .map((r) => r.name)
    .filter((n) => n.startsWith('oauth_'));

describe('an install flood', () => {
  it("leaves a real admin's pending install working after 10,000 anonymous starts", async () => {
    const { deps, db, installed } = await setUp();
    const admin = await begin(deps);
    for (let i = 0; i < 10_000; i++) await begin(deps);
    // Nothing per request was kept: the only OAuth rows are the accounts (none yet).
    expect(db.prepare('SELECT COUNT(*) AS n FROM oauth_used_states').get()).toEqual({ n: 0 });
    expect(tableNames(db)).not.toContain('oauth_install_states');

    const hubspot = hubspotAcceptsTheCode();
    const answer = await finish(deps, admin.state, admin.cookie);
    hubspot.done();
    expect(answer.status).toBe(200);
    expect(installed).toEqual([PORTAL_ID]);
  });
});

describe('the install state', () => {
  it('is refused when forged, with a page in English or Dutch by Accept-Language', async () => {
    const { deps } = await setUp();
    const { state, cookie } = await begin(deps);
    const [expiry, mac] = state.split('.') as [string, string];
    const forged = `${expiry}.${mac[0] === 'A' ? 'B' : 'A'}${mac.slice(1)}`;

    const english = await finish(deps, forged, cookie, 'en-GB,en;q=0.9');
    expect(english.status).toBe(403);
    expect(english.body).toContain('This install link is not valid here');
    expect(english.body).toContain('<html lang="en">');
    expect(english.refusal).toBe('state forged or from another browser');

    const dutch = await finish(deps, forged, cookie, 'nl-NL,nl;q=0.9,en;q=0.5');
    expect(dutch.status).toBe(403);
    expect(dutch.body).toContain('Deze installatielink is hier niet geldig');
    expect(dutch.body).toContain('<html lang="nl">');
    expect(dutch.headers?.['Content-Language']).toBe('nl');
  });

  it('cannot have its expiry moved: the HMAC covers it', async () => {
    const { deps, clock } = await setUp();
    const { state, cookie } = await begin(deps);
    const [expiry, mac] = state.split('.') as [string, string];
    clock.advance(11 * 60_000);
    const extended = `${Number(expiry) + 60 * 60_000}.${mac}`;
    const answer = await finish(deps, extended, cookie);
    expect(answer.status).toBe(403);
    expect(answer.refusal).toBe('state forged or from another browser');
  });

  it('is refused once expired, saying so in both languages', async () => {
    const { deps, clock } = await setUp();
    const { state, cookie } = await begin(deps);
    clock.advance(10 * 60_000);
    const english = await finish(deps, state, cookie);
    expect(english.status).toBe(400);
    expect(english.body).toContain('This install link has expired');
    const dutch = await finish(deps, state, cookie, 'nl');
    expect(dutch.body).toContain('Deze installatielink is verlopen');
  });

  it('works once: a replay is refused in both languages and installs nothing more', async () => {
    const { deps, installed } = await setUp();
    const { state, cookie } = await begin(deps);
    const hubspot = hubspotAcceptsTheCode();
    expect((await finish(deps, state, cookie)).status).toBe(200);
    hubspot.done();
    const english = await finish(deps, state, cookie);
    expect(english.status).toBe(400);
    expect(english.body).toContain('This install link was already used');
    const dutch = await finish(deps, state, cookie, 'fr;q=1, nl;q=0.8');
    expect(dutch.body).toContain('Deze installatielink is al gebruikt');
    expect(installed).toEqual([PORTAL_ID]);
  });

  it('made under another TOKEN_ENCRYPTION_KEY is not accepted', async () => {
    const db = memoryDb();
    const ours = createInstallStates(db, installStateKey(Buffer.from(KEY_HEX, 'hex')));
    const theirs = createInstallStates(db, installStateKey(Buffer.from(OTHER_KEY_HEX, 'hex')));
    const now = Date.UTC(2026, 2, 2);
    const { state, sessionNonce } = theirs.begin(now);
    expect(await ours.consume(state, sessionNonce, now)).toEqual({
      ok: false,
      problem: 'forged-or-other-browser',
    });
    expect(await theirs.consume(state, sessionNonce, now)).toEqual({ ok: true });
  });

  it('says what went wrong in Dutch when the admin declines in HubSpot', async () => {
    const { deps } = await setUp();
    const answer = await handleCallback(
      {
        method: 'GET',
        url: '/oauth/callback?error=access_denied',
        headers: { 'accept-language': 'nl-BE' },
      },
      deps,
    );
    expect(answer.status).toBe(400);
    expect(answer.body).toContain('De app is niet geïnstalleerd');
  });
});

describe('the install flow over HTTP, per client address', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  async function startApp() {
    const { logger, lines } = capturedLogger();
    const mode = await createOAuthMode({
      // Behind one proxy on this machine: the client address comes from X-Forwarded-For.
      config: anOAuthConfig({ secureCookies: false, trustProxy: 'loopback' }),
      store: sqliteStoreOf(memoryDb()),
      logger,
      connect: (_portalId, token) => tokenRecordingPort(token).port,
      onInstalled: async () => {},
    });
    const installFlow = { ...mode.installFlow, rateLimit: { limit: 5, windowMs: 60_000 } };
    const app = createApp({
      webhook: {
        clientSecret: 'unused-secret',
        publicBaseUrl: 'http://127.0.0.1',
        triage: { modelProperties: new Set(), ownAppId: undefined },
        queue: { enqueue: async () => {} },
        worker: { kick: () => {} },
        now: Date.now,
        logger,
      },
      installFlow,
      isReady: () => true,
      queueCounts: async () => ({ contacts: 0, engagements: 0, retrying: 0 }),
    });
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server!.once('listening', resolve));
    const { port } = server!.address() as AddressInfo;
    return { base: `http://127.0.0.1:${port}`, lines };
  }

  const from = (address: string, language = 'en') => ({
    redirect: 'manual' as const,
    headers: { 'x-forwarded-for': address, 'accept-language': language },
  });

  it('answers a flood with 429 and a clear page, logs it once, and still serves the admin', async () => {
    const { base, lines } = await startApp();
    const statuses: number[] = [];
    for (let i = 0; i < 40; i++) {
      statuses.push((await fetch(`${base}/oauth/install`, from('203.0.113.7'))).status);
    }
    expect(statuses.filter((s) => s === 302)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(35);

    const refused = await fetch(`${base}/oauth/callback?state=x&code=y`, from('203.0.113.7', 'nl'));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await refused.text()).toContain('Te veel pogingen');

    const admin = await fetch(`${base}/oauth/install`, from('198.51.100.20'));
    expect(admin.status).toBe(302);

    const floodLines = lines
      .map((l) => JSON.parse(l) as { msg: string; client?: string })
      .filter((l) => l.msg.startsWith('install flow flooded'));
    expect(floodLines).toEqual([expect.objectContaining({ client: '203.0.113.7' })]);
    // Each refused request is not logged again on its own.
    expect(lines.filter((l) => l.includes('"status":429'))).toEqual([]);
  });

  it('logs a refused callback once, with its reason and request id, never the state', async () => {
    const { base, lines } = await startApp();
    const { headers } = from('198.51.100.30');
    const answer = await fetch(
      `${base}/oauth/callback?code=secret-code-1&state=1772442600000.forged`,
      {
        redirect: 'manual',
        headers: { ...headers, cookie: 'recruitment_install=AAAAAAAAAAAAAAAAAAAAAA' },
      },
    );
    expect(answer.status).toBe(403);
    const requestId = answer.headers.get('x-request-id');
    const refusals = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.msg === 'request refused');
    expect(refusals).toEqual([
      expect.objectContaining({
        level: 'warn',
        status: 403,
        path: '/oauth/callback',
        reason: 'state forged or from another browser',
        requestId,
      }),
    ]);
    expect(lines.join('\n')).not.toContain('secret-code-1');
    expect(lines.join('\n')).not.toContain('1772442600000.forged');
  });
});
