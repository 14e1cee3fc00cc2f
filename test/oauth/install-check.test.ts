import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  checkEveryInstall,
  createHubSpotOAuthClient,
  createOAuthAccountAccess,
  createTokenCipher,
  createTokenStore,
  INSTALL_CHECK_INTERVAL_MS,
  startInstallChecks,
} from '../../src/oauth/index.ts';
import {
  ACCESS_TOKEN,
  aTokenResponse,
  capturedLogger,
  CLIENT_ID,
  CLIENT_SECRET,
  fixedClock,
  hubspotOAuth,
  introspectForm,
  KEY_HEX,
  memoryDb,
  NEW_ACCESS_TOKEN,
  OAUTH_BASE,
  PORTAL_ID,
  REDIRECT_URI,
  REFRESH_TOKEN,
  refreshForm,
  resetNock,
  T0,
  tokenRecordingPort,
  useNock,
} from './helpers.ts';

beforeEach(useNock);
afterEach(() => {
  resetNock();
  vi.useRealTimers();
});

/** A generous deadline unless a test is about the deadline: this machine is shared and slow. */
async function setUp(timeoutMs = 10_000) {
  const clock = fixedClock();
  const store = createTokenStore(
    memoryDb(),
    createTokenCipher(Buffer.from(KEY_HEX, 'hex')),
    clock.now,
  );
  const { logger, lines } = capturedLogger();
  const removed: number[] = [];
  const accounts = createOAuthAccountAccess({
    store,
    oauth: createHubSpotOAuthClient({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUri: REDIRECT_URI,
      oauthBaseUrl: OAUTH_BASE,
      timeoutMs,
    }),
    logger,
    now: clock.now,
    connect: (_id, token) => tokenRecordingPort(token).port,
    onAccountRemoved: (portalId) => {
      removed.push(portalId);
    },
  });
  await accounts.addAccount(PORTAL_ID, {
    accessToken: ACCESS_TOKEN,
    refreshToken: REFRESH_TOKEN,
    // Valid for another 25 minutes: nothing but the check would call HubSpot now.
    expiresAt: T0 + 25 * 60_000,
    scopes: ['oauth'],
  });
  return { accounts, store, removed, lines, logger };
}

const introspection = () =>
  hubspotOAuth().post(
    '/oauth/2026-03/token/introspect',
    introspectForm(REFRESH_TOKEN, 'refresh_token'),
  );

describe('the install check', () => {
  it('keeps an account whose refresh token HubSpot still calls active, with one call', async () => {
    const { accounts, store, removed } = await setUp();
    const hubspot = introspection().reply(200, {
      active: true,
      hub_id: PORTAL_ID,
      token_use: 'refresh_token',
    });
    expect(await accounts.checkInstalled(PORTAL_ID)).toBe('installed');
    hubspot.done();
    expect(await store.portals()).toEqual([PORTAL_ID]);
    expect(removed).toEqual([]);
  });

  it('removes an uninstalled account: inactive, and the confirming refresh is refused', async () => {
    const { accounts, store, removed, lines } = await setUp();
    const hubspot = introspection()
      .reply(200, { active: false })
      .post('/oauth/2026-03/token', refreshForm())
      .reply(400, { status: 'BAD_REFRESH_TOKEN', message: 'missing or invalid refresh token' });
    expect(await accounts.checkInstalled(PORTAL_ID)).toBe('removed');
    hubspot.done();
    expect(await store.portals()).toEqual([]);
    expect(removed).toEqual([PORTAL_ID]);
    expect(await accounts.hubspotForPortal(PORTAL_ID)).toBeUndefined();
    expect(lines.join('\n')).not.toContain(REFRESH_TOKEN);
  });

  it('removes it too when introspection answers with the v3 INVALID_TOKEN error', async () => {
    const { accounts, removed } = await setUp();
    const hubspot = introspection()
      .reply(400, { category: 'VALIDATION_ERROR', subCategory: 'INVALID_TOKEN', message: 'no' })
      .post('/oauth/2026-03/token', refreshForm())
      .reply(400, { category: 'VALIDATION_ERROR', subCategory: 'INVALID_TOKEN', message: 'no' });
    expect(await accounts.checkInstalled(PORTAL_ID)).toBe('removed');
    hubspot.done();
    expect(removed).toEqual([PORTAL_ID]);
  });

  it('keeps the account when introspection says inactive but the refresh works', async () => {
    const { accounts, store, removed } = await setUp();
    const hubspot = introspection()
      .reply(200, { active: false })
      .post('/oauth/2026-03/token', refreshForm())
      .reply(200, aTokenResponse({ access_token: NEW_ACCESS_TOKEN }));
    expect(await accounts.checkInstalled(PORTAL_ID)).toBe('installed');
    hubspot.done();
    expect(removed).toEqual([]);
    expect((await store.load(PORTAL_ID))?.accessToken).toBe(NEW_ACCESS_TOKEN);
  });

  it('removes nothing when HubSpot is down or does not answer in time', async () => {
    const { accounts, store, removed } = await setUp(200);
    const hubspot = introspection()
      .reply(503, { status: 'error', message: 'unavailable' })
      .post('/oauth/2026-03/token/introspect', introspectForm(REFRESH_TOKEN, 'refresh_token'))
      .delay(5_000)
      .reply(200, { active: false });
    expect(await accounts.checkInstalled(PORTAL_ID)).toBe('unknown');
    // The second answer comes after the 200 ms deadline: aborted, retried at the next check.
    expect(await accounts.checkInstalled(PORTAL_ID)).toBe('unknown');
    hubspot.done();
    expect(await store.portals()).toEqual([PORTAL_ID]);
    expect(removed).toEqual([]);
  });

  it('goes through every account and says which were removed', async () => {
    const { accounts, logger } = await setUp();
    await accounts.addAccount(777, {
      accessToken: 'other-access',
      refreshToken: 'other-refresh',
      expiresAt: T0 + 25 * 60_000,
      scopes: [],
    });
    const hubspot = introspection()
      .reply(200, { active: true, hub_id: PORTAL_ID })
      .post('/oauth/2026-03/token/introspect', introspectForm('other-refresh', 'refresh_token'))
      .reply(200, { active: false })
      .post('/oauth/2026-03/token', refreshForm('other-refresh'))
      .reply(400, { error: 'invalid_grant' });
    expect(await checkEveryInstall(accounts, logger)).toEqual({
      checked: 2,
      removed: [777],
      unknown: [],
    });
    hubspot.done();
    expect(await accounts.portals()).toEqual([PORTAL_ID]);
  });
});

describe('the install check schedule', () => {
  it('runs every half hour, so an uninstall is noticed within the hour', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { logger } = capturedLogger();
    const checked: number[] = [];
    const checks = startInstallChecks({
      accounts: {
        portals: async () => [1, 2],
        checkInstalled: async (portalId) => (checked.push(portalId), 'installed'),
      },
      logger,
    });
    expect(INSTALL_CHECK_INTERVAL_MS).toBeLessThanOrEqual(30 * 60_000);
    await vi.advanceTimersByTimeAsync(INSTALL_CHECK_INTERVAL_MS - 1);
    expect(checked).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(checked).toEqual([1, 2]);
    await vi.advanceTimersByTimeAsync(INSTALL_CHECK_INTERVAL_MS);
    expect(checked).toEqual([1, 2, 1, 2]);
    await checks.stop();
    await vi.advanceTimersByTimeAsync(2 * INSTALL_CHECK_INTERVAL_MS);
    expect(checked).toHaveLength(4);
  });

  it('stops by itself once the store is closed', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let open = true;
    const checked: number[] = [];
    startInstallChecks({
      accounts: {
        portals: async () => [1],
        checkInstalled: async (portalId) => (checked.push(portalId), 'installed'),
      },
      logger: capturedLogger().logger,
      isOpen: () => open,
    });
    open = false;
    await vi.advanceTimersByTimeAsync(3 * INSTALL_CHECK_INTERVAL_MS);
    expect(checked).toEqual([]);
  });
});
