import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HubSpotError } from '../../src/hubspot/index.ts';
import type { HubSpotPort } from '../../src/hubspot/hubspot-port.ts';
import {
  AccountRemovedError,
  createHubSpotOAuthClient,
  createOAuthAccountAccess,
  createStaticAccountAccess,
  createTokenCipher,
  createTokenStore,
  type AccountTokens,
} from '../../src/oauth/index.ts';
import {
  ACCESS_TOKEN,
  aTokenResponse,
  capturedLogger,
  CLIENT_ID,
  CLIENT_SECRET,
  fixedClock,
  hubspotOAuth,
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
afterEach(resetNock);

const MINUTE = 60_000;

function setUp(options: { connect?: (id: number, token: () => string) => HubSpotPort } = {}) {
  const clock = fixedClock();
  const db = memoryDb();
  const store = createTokenStore(db, createTokenCipher(Buffer.from(KEY_HEX, 'hex')), clock.now);
  const { logger, lines } = capturedLogger();
  const removed: [number, string][] = [];
  const tokensUsed: string[] = [];
  const connected: number[] = [];
  const accounts = createOAuthAccountAccess({
    store,
    oauth: createHubSpotOAuthClient({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUri: REDIRECT_URI,
      oauthBaseUrl: OAUTH_BASE,
    }),
    logger,
    now: clock.now,
    connect:
      options.connect ??
      ((portalId, token) => {
        connected.push(portalId);
        const recording = tokenRecordingPort(token);
        return {
          ...recording.port,
          updateContacts: async () => {
            tokensUsed.push(token());
          },
        };
      }),
    onAccountRemoved: (portalId, reason) => {
      removed.push([portalId, reason]);
    },
  });
  const install = async (overrides: Partial<AccountTokens> = {}, portalId = PORTAL_ID) =>
    await accounts.addAccount(portalId, {
      accessToken: ACCESS_TOKEN,
      refreshToken: REFRESH_TOKEN,
      expiresAt: T0 + 30 * MINUTE,
      scopes: ['oauth'],
      ...overrides,
    });
  return { clock, store, accounts, lines, removed, tokensUsed, connected, install, db };
}

const hubspotRefreshes = (reply: Record<string, unknown> = {}) =>
  hubspotOAuth()
    .post('/oauth/2026-03/token', refreshForm())
    .reply(200, aTokenResponse({ access_token: NEW_ACCESS_TOKEN, ...reply }));

describe('HubSpot access per account (OAuth)', () => {
  it('uses the stored token while more than five minutes are left', async () => {
    const { accounts, install, tokensUsed, clock } = setUp();
    await install();
    clock.advance(25 * MINUTE - 1);
    const port = await accounts.hubspotForPortal(PORTAL_ID);
    await port!.updateContacts([]);
    expect(tokensUsed).toEqual([ACCESS_TOKEN]);
  });

  it('serves every method of the port, each after making sure of the token', async () => {
    // The settings page asks for the account's users and properties through the same port.
    const recording: string[][] = [];
    const { accounts, install, clock } = setUp({
      connect: (_portalId, token) => {
        const { port, tokensUsed } = tokenRecordingPort(token);
        recording.push(tokensUsed);
        return port;
      },
    });
    await install();
    clock.advance(26 * MINUTE);
    hubspotRefreshes();
    const port = (await accounts.hubspotForPortal(PORTAL_ID))!;
    await port.findUser('76023669');
    await port.listContactProperties();
    await port.readContacts(['1'], ['email']);
    expect(recording.flat()).toEqual([NEW_ACCESS_TOKEN, NEW_ACCESS_TOKEN, NEW_ACCESS_TOKEN]);
  });

  it('answers undefined for an account that never installed the app', async () => {
    const { accounts } = setUp();
    expect(await accounts.hubspotForPortal(999)).toBeUndefined();
  });

  it('refreshes with the refresh token when less than five minutes are left', async () => {
    const { accounts, install, tokensUsed, clock, store } = setUp();
    await install();
    clock.advance(25 * MINUTE + 1);
    const hubspot = hubspotRefreshes();

    const port = await accounts.hubspotForPortal(PORTAL_ID);
    await port!.updateContacts([]);

    hubspot.done();
    expect(tokensUsed).toEqual([NEW_ACCESS_TOKEN]);
    expect(await store.load(PORTAL_ID)).toMatchObject({
      accessToken: NEW_ACCESS_TOKEN,
      refreshToken: REFRESH_TOKEN,
      expiresAt: T0 + 25 * MINUTE + 1 + 30 * MINUTE,
    });
  });

  it('shares one refresh among everyone asking at the same time', async () => {
    const { accounts, install, tokensUsed, clock } = setUp();
    await install();
    clock.advance(28 * MINUTE);
    let refreshes = 0;
    hubspotOAuth()
      .post('/oauth/2026-03/token', refreshForm())
      .times(5)
      .reply(() => {
        refreshes++;
        return [200, aTokenResponse({ access_token: NEW_ACCESS_TOKEN })];
      });

    const ports = await Promise.all(
      Array.from({ length: 5 }, () => accounts.hubspotForPortal(PORTAL_ID)),
    );
    await Promise.all(ports.map((port) => port!.updateContacts([])));

    expect(refreshes).toBe(1);
    expect(new Set(ports).size).toBe(1);
    expect(tokensUsed).toEqual(Array(5).fill(NEW_ACCESS_TOKEN));
  });

  it('refreshes in the middle of a long job, before the call that needs it', async () => {
    const { accounts, install, tokensUsed, clock } = setUp();
    await install();
    const port = (await accounts.hubspotForPortal(PORTAL_ID))!;
    await port.updateContacts([]);
    clock.advance(27 * MINUTE);
    const hubspot = hubspotRefreshes();
    await port.updateContacts([]);
    hubspot.done();
    expect(tokensUsed).toEqual([ACCESS_TOKEN, NEW_ACCESS_TOKEN]);
  });

  it.each([
    [
      'BAD_REFRESH_TOKEN',
      400,
      { status: 'BAD_REFRESH_TOKEN', message: 'missing or invalid refresh token' },
    ],
    ['invalid_grant', 400, { error: 'invalid_grant', error_description: 'refresh token revoked' }],
    ['401', 401, { status: 'error', message: 'unauthorized' }],
    [
      'INVALID_TOKEN',
      400,
      {
        category: 'VALIDATION_ERROR',
        subCategory: 'INVALID_TOKEN',
        message: 'Invalid refresh token',
      },
    ],
  ])(
    'removes the account when HubSpot refuses the refresh token (%s)',
    async (_c, status, body) => {
      const { accounts, install, clock, store, removed } = setUp();
      await install();
      clock.advance(29 * MINUTE);
      const hubspot = hubspotOAuth()
        .post('/oauth/2026-03/token', refreshForm())
        .reply(status, body);

      expect(await accounts.hubspotForPortal(PORTAL_ID)).toBeUndefined();
      hubspot.done();
      expect(await store.portals()).toEqual([]);
      expect(removed).toEqual([
        [PORTAL_ID, 'HubSpot refused the refresh token (app uninstalled or access revoked)'],
      ]);
      // Gone for good: no more token calls (nock would refuse them).
      expect(await accounts.hubspotForPortal(PORTAL_ID)).toBeUndefined();
    },
  );

  it("keeps the account when HubSpot refuses our client secret: that is the operator's to fix", async () => {
    const { accounts, install, clock, store, lines } = setUp();
    await install();
    clock.advance(26 * MINUTE);
    hubspotOAuth()
      .post('/oauth/2026-03/token', refreshForm())
      .reply(400, { status: 'BAD_CLIENT_SECRET', message: 'invalid client secret' });
    expect(await accounts.hubspotForPortal(PORTAL_ID)).toBeDefined();
    expect(await store.portals()).toEqual([PORTAL_ID]);
    expect(lines.join('\n')).toMatch(
      /could not refresh the HubSpot access token; using it while it lasts/,
    );
  });

  it('asks again later when HubSpot is down, and fails retryably once the token has expired', async () => {
    const { accounts, install, clock, store } = setUp();
    await install();
    clock.advance(26 * MINUTE);
    hubspotOAuth().post('/oauth/2026-03/token', refreshForm()).times(2).reply(502, 'Bad Gateway');
    expect(await accounts.hubspotForPortal(PORTAL_ID)).toBeDefined();

    clock.advance(5 * MINUTE);
    const failure = await accounts.hubspotForPortal(PORTAL_ID).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(HubSpotError);
    expect((failure as HubSpotError).retryable).toBe(true);
    expect(await store.portals()).toEqual([PORTAL_ID]);
  });

  it('stops work in flight once the account is removed (uninstall)', async () => {
    const { accounts, install, store, removed } = setUp();
    await install();
    const port = (await accounts.hubspotForPortal(PORTAL_ID))!;
    expect(await accounts.removeAccount(PORTAL_ID, 'uninstalled')).toBe(true);
    await expect(port.updateContacts([])).rejects.toBeInstanceOf(AccountRemovedError);
    expect(await accounts.hubspotForPortal(PORTAL_ID)).toBeUndefined();
    expect(await store.portals()).toEqual([]);
    expect(removed).toEqual([[PORTAL_ID, 'uninstalled']]);
    expect(await accounts.removeAccount(PORTAL_ID)).toBe(false);
  });

  it('keeps one adapter per account, across refreshes and a reinstall', async () => {
    const { accounts, install, connected, tokensUsed, clock } = setUp();
    await install();
    await install({}, 7);
    const first = await accounts.hubspotForPortal(PORTAL_ID);
    await accounts.hubspotForPortal(7);
    clock.advance(26 * MINUTE);
    const hubspot = hubspotRefreshes();
    expect(await accounts.hubspotForPortal(PORTAL_ID)).toBe(first);
    hubspot.done();
    await install({ accessToken: 'reinstalled-token', expiresAt: clock.now() + 30 * MINUTE });
    await first!.updateContacts([]);
    expect(connected).toEqual([PORTAL_ID, 7]);
    expect(tokensUsed).toEqual(['reinstalled-token']);
  });

  it('takes tokens another process refreshed from the store instead of refreshing again', async () => {
    const { accounts, install, clock, store, tokensUsed } = setUp();
    await install();
    const port = (await accounts.hubspotForPortal(PORTAL_ID))!;
    clock.advance(26 * MINUTE);
    await store.save(PORTAL_ID, {
      accessToken: 'refreshed-elsewhere',
      refreshToken: REFRESH_TOKEN,
      expiresAt: clock.now() + 30 * MINUTE,
      scopes: ['oauth'],
    });
    await port.updateContacts([]);
    expect(tokensUsed).toEqual(['refreshed-elsewhere']);
  });

  it('refreshes once and retries when HubSpot answers 401 to a call', async () => {
    let calls = 0;
    const used: string[] = [];
    const { accounts, install } = setUp({
      connect: (_id, token) => ({
        ...tokenRecordingPort(token).port,
        updateContacts: async () => {
          used.push(token());
          if (calls++ === 0) throw new HubSpotError('expired', { status: 401, category: 'auth' });
        },
      }),
    });
    await install();
    const hubspot = hubspotRefreshes();
    await (await accounts.hubspotForPortal(PORTAL_ID))!.updateContacts([]);
    hubspot.done();
    expect(used).toEqual([ACCESS_TOKEN, NEW_ACCESS_TOKEN]);
  });
});

describe('HubSpot access with a static private-app token', () => {
  const { port } = tokenRecordingPort(() => 'pat-na1-static');

  it('serves every portal with the one adapter when the account is not named', async () => {
    const accounts = createStaticAccountAccess({ port });
    expect(accounts.mode).toBe('static');
    expect(await accounts.hubspotForPortal(1)).toBe(port);
    expect(await accounts.hubspotForPortal(2)).toBe(port);
    expect(await accounts.portals()).toEqual([]);
  });

  it('serves only its own account when named, and stops after removal', async () => {
    const accounts = createStaticAccountAccess({ port, portalId: PORTAL_ID });
    expect(await accounts.hubspotForPortal(PORTAL_ID)).toBe(port);
    expect(await accounts.hubspotForPortal(7)).toBeUndefined();
    expect(await accounts.portals()).toEqual([PORTAL_ID]);
    expect(await accounts.removeAccount(PORTAL_ID)).toBe(true);
    expect(await accounts.hubspotForPortal(PORTAL_ID)).toBeUndefined();
    expect(await accounts.portals()).toEqual([]);
  });
});
