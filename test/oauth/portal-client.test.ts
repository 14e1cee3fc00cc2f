import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createHubSpotOAuthClient,
  createOAuthAccountAccess,
  createTokenCipher,
  createTokenStore,
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
  useNock,
} from './helpers.ts';

beforeEach(useNock);
afterEach(resetNock);

const readBody = { inputs: [{ id: '101' }], properties: ['jobtitle'], propertiesWithHistory: [] };
const aBatch = {
  status: 'COMPLETE',
  results: [{ id: '101', properties: { jobtitle: 'Java developer' }, archived: false }],
  startedAt: '2026-03-02T09:00:00.000Z',
  completedAt: '2026-03-02T09:00:00.100Z',
};

function crmWith(token: string) {
  return nock('https://api.hubapi.com', { reqheaders: { authorization: `Bearer ${token}` } })
    .post('/crm/objects/2026-03/contacts/batch/read', readBody)
    .reply(200, aBatch);
}

describe("an installed account's SDK adapter", () => {
  it('sends the refreshed token on the same adapter (one client, one rate budget)', async () => {
    const clock = fixedClock();
    const store = createTokenStore(memoryDb(), createTokenCipher(Buffer.from(KEY_HEX, 'hex')));
    const accounts = createOAuthAccountAccess({
      store,
      oauth: createHubSpotOAuthClient({
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        redirectUri: REDIRECT_URI,
        oauthBaseUrl: OAUTH_BASE,
      }),
      logger: capturedLogger().logger,
      now: clock.now,
    });
    await accounts.addAccount(PORTAL_ID, {
      accessToken: ACCESS_TOKEN,
      refreshToken: REFRESH_TOKEN,
      expiresAt: T0 + 30 * 60_000,
      scopes: [],
    });

    const before = crmWith(ACCESS_TOKEN);
    const port = (await accounts.hubspotForPortal(PORTAL_ID))!;
    expect(await port.readContacts(['101'], ['jobtitle'])).toEqual([
      { id: '101', properties: { jobtitle: 'Java developer' } },
    ]);
    before.done();

    clock.advance(26 * 60_000);
    const refresh = hubspotOAuth()
      .post('/oauth/2026-03/token', refreshForm())
      .reply(200, aTokenResponse({ access_token: NEW_ACCESS_TOKEN }));
    const after = crmWith(NEW_ACCESS_TOKEN)
      .post('/crm/associations/2026-03/calls/contacts/batch/read', { inputs: [{ id: 'c1' }] })
      .reply(200, {
        status: 'COMPLETE',
        results: [
          {
            from: { id: 'c1' },
            to: [
              { toObjectId: 101, associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 194 }] },
            ],
          },
        ],
        startedAt: '2026-03-02T09:26:00.000Z',
        completedAt: '2026-03-02T09:26:00.100Z',
      });
    await port.readContacts(['101'], ['jobtitle']);
    // Another SDK API object (associations v4) reads the same live token.
    expect(Object.fromEntries(await port.contactsOfEngagements('CALL', ['c1']))).toEqual({
      c1: ['101'],
    });
    refresh.done();
    after.done();
  });
});
