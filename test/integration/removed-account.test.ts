import { afterEach, describe, expect, it } from 'vitest';
import { sqliteStoreOf } from '../../src/store/sqlite-store.ts';
import {
  AccountRemovedError,
  checkEveryInstall,
  type OAuthAccountAccess,
} from '../../src/oauth/index.ts';
import { createAccountMode } from '../../src/server/account-mode.ts';
import { silentLogger } from '../../src/server/logger.ts';
import {
  anOAuthConfig,
  fixedClock,
  hubspotOAuth,
  introspectForm,
  refreshForm,
  resetNock,
  T0,
  tokenRecordingPort,
  useNock,
} from '../oauth/helpers.ts';
import { createScoreWorker, type ScoreWorker } from '../../src/pipeline/score-worker.ts';
import type { HubSpotPort } from '../../src/hubspot/hubspot-port.ts';
import { openStoreDatabase } from '../../src/store/database.ts';
import { createWorkQueue, type WorkQueue } from '../../src/store/work-queue.ts';
import { createAccountModels } from '../../src/store/account-models.ts';
import { createChangedSinceWatermarks } from '../../src/store/changed-since-watermarks.ts';
import { aContact, defaultModel, defaultModelText, NOW } from '../helpers/scoring-fixtures.ts';
import { fakeHubSpot } from '../pipeline/fake-hubspot.ts';
import { waitFor } from '../pipeline/wait-for.ts';

const SERVED = 62515;
const REMOVED = 48807704;
const workers: ScoreWorker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
});

function setup(accountFor: (portalId: number) => Promise<HubSpotPort | undefined>) {
  const queue = createWorkQueue(openStoreDatabase(':memory:'));
  const lines: { message: string; details?: Record<string, unknown> }[] = [];
  const worker = createScoreWorker({
    queue,
    accountFor,
    compiled: defaultModel,
    scoringClock: () => NOW,
    gatherMs: 0,
    retryBaseMs: 1,
    retryMaxMs: 5,
    logger: {
      info: () => {},
      warn: (message, details) => lines.push({ message, ...(details ? { details } : {}) }),
    },
  });
  workers.push(worker);
  return { queue, worker, lines };
}

async function enqueue(
  queue: WorkQueue,
  portalId: number,
  ids: string[],
  engagementIds: string[] = [],
) {
  await queue.enqueue(
    {
      rescore: ids.map((contactId) => ({ portalId, contactId })),
      engagements: engagementIds.map((objectId) => ({
        portalId,
        objectTypeId: '0-47' as const,
        objectId,
      })),
      forget: [],
    },
    Date.now(),
  );
}

const contact = () => aContact() as Record<string, string | null>;

describe('the score worker and accounts the app no longer serves', () => {
  it('drops an uninstalled account’s contacts and engagements and scores the others', async () => {
    const hubspot = fakeHubSpot({ '1': contact(), '2': contact() });
    const { queue, worker, lines } = setup(async (portalId) =>
      portalId === SERVED ? hubspot.port : undefined,
    );
    await enqueue(queue, REMOVED, ['7', '8'], ['9001']);
    await enqueue(queue, SERVED, ['1', '2']);
    await worker.start();
    await waitFor(async () => await worker.isIdle(), 'the queue to drain');

    expect(await queue.counts()).toEqual({ contacts: 0, engagements: 0, retrying: 0 });
    expect(hubspot.contacts.get('1')!.recruitment_score).toBeDefined();
    // Nothing was asked of HubSpot for the removed account: only the served one's read + write.
    expect(hubspot.calls.map((c) => c.kind)).toEqual(['read', 'update']);
    const dropped = lines.filter((l) => l.message.startsWith('dropped the queued work'));
    expect(dropped[0]!.details).toMatchObject({ portalId: REMOVED, contacts: 2, engagements: 1 });
  });

  it('stops, without retrying, when the account is removed while its batch is in flight', async () => {
    let calls = 0;
    const removedMidway: HubSpotPort = {
      ...fakeHubSpot().port,
      readContacts: async () => {
        calls++;
        throw new AccountRemovedError(REMOVED);
      },
    };
    const { queue, worker, lines } = setup(async () => removedMidway);
    await enqueue(queue, REMOVED, ['7', '8', '9']);
    await worker.start();
    await waitFor(async () => await worker.isIdle(), 'the queue to drain');

    expect(calls).toBe(1);
    expect(await queue.counts()).toEqual({ contacts: 0, engagements: 0, retrying: 0 });
    expect(lines).toEqual([
      expect.objectContaining({
        message: 'dropped the queued work of a HubSpot account the app does not serve',
        details: expect.objectContaining({
          portalId: REMOVED,
          reason: expect.stringContaining('no longer installed'),
        }),
      }),
    ]);
  });

  it('retries an account whose token could not be refreshed for now (not removed)', async () => {
    const hubspot = fakeHubSpot({ '1': contact() });
    let unreachable = true;
    const { queue, worker } = setup(async () => {
      if (unreachable) {
        unreachable = false;
        throw Object.assign(new Error('HubSpot could not be reached'), { status: 503 });
      }
      return hubspot.port;
    });
    await enqueue(queue, SERVED, ['1']);
    await worker.start();
    await waitFor(async () => await worker.isIdle(), 'the queue to drain');
    expect(hubspot.contacts.get('1')!.recruitment_score).toBeDefined();
  });
});

describe('the store', () => {
  it('forgets one account’s queued work and keeps the others’', async () => {
    const queue = createWorkQueue(openStoreDatabase(':memory:'));
    await enqueue(queue, REMOVED, ['1', '2'], ['9001']);
    await enqueue(queue, SERVED, ['1']);
    expect(await queue.forgetPortal(REMOVED)).toEqual({ contacts: 2, engagements: 1 });
    expect(await queue.counts()).toEqual({ contacts: 1, engagements: 0, retrying: 0 });
    expect(await queue.claimContacts(Date.now(), 100, 1000)).toEqual([
      expect.objectContaining({ portalId: SERVED, contactId: '1' }),
    ]);
  });
});

describe('an account whose app was uninstalled in HubSpot', () => {
  afterEach(resetNock);

  it('loses its tokens, queued work, dead letters, models and watermark at the next install check', async () => {
    useNock();
    const db = openStoreDatabase(':memory:');
    const queue = createWorkQueue(db);
    const clock = fixedClock();
    const mode = await createAccountMode({
      oauth: { config: anOAuthConfig(), connect: (_id, token) => tokenRecordingPort(token).port },
      modelFor: async () => defaultModel,
      store: sqliteStoreOf(db),
      queue,
      logger: silentLogger,
      now: clock.now,
    });
    const accounts = mode.accounts as OAuthAccountAccess;
    for (const portalId of [REMOVED, SERVED]) {
      await accounts.addAccount(portalId, {
        accessToken: `${portalId}-access`,
        refreshToken: `${portalId}-refresh`,
        expiresAt: T0 + 25 * 60_000,
        scopes: ['oauth'],
      });
    }
    // Work that failed for good (dead letters), then fresh work, for both accounts.
    await enqueue(queue, REMOVED, ['1', '2'], ['9001']);
    await queue.buryPortal(REMOVED, 'HubSpot answered 400', T0);
    await enqueue(queue, REMOVED, ['3']);
    await enqueue(queue, SERVED, ['1']);
    expect(await queue.deadLetters({ portalId: REMOVED })).toHaveLength(3);
    // Its own model and its changed-since watermark, next to the served account's.
    const models = createAccountModels(db);
    const watermarks = createChangedSinceWatermarks(db);
    for (const portalId of [REMOVED, SERVED]) {
      await models.publish(portalId, defaultModelText, { by: 'test' });
      await watermarks.save(portalId, T0, T0);
    }

    const hubspot = hubspotOAuth()
      .post(
        '/oauth/2026-03/token/introspect',
        introspectForm(`${REMOVED}-refresh`, 'refresh_token'),
      )
      .reply(200, { active: false })
      .post('/oauth/2026-03/token', refreshForm(`${REMOVED}-refresh`))
      .reply(400, { status: 'BAD_REFRESH_TOKEN', message: 'missing or invalid refresh token' })
      .post('/oauth/2026-03/token/introspect', introspectForm(`${SERVED}-refresh`, 'refresh_token'))
      .reply(200, { active: true, hub_id: SERVED });
    const summary = await checkEveryInstall(accounts, silentLogger);
    hubspot.done();

    expect(summary).toEqual({ checked: 2, removed: [REMOVED], unknown: [] });
    expect(db.prepare('SELECT portal_id FROM oauth_accounts').all()).toEqual([
      { portal_id: SERVED },
    ]);
    expect(await queue.deadLetters({ portalId: REMOVED })).toEqual([]);
    expect(await models.history(REMOVED)).toEqual([]);
    expect(await watermarks.get(REMOVED)).toBeUndefined();
    expect(await models.history(SERVED)).toHaveLength(1);
    expect(await watermarks.get(SERVED)).toBe(T0);
    expect(await queue.counts()).toMatchObject({ contacts: 1, engagements: 0 });
    expect(await queue.claimContacts(Date.now(), 100, 1000)).toEqual([
      expect.objectContaining({ portalId: SERVED, contactId: '1' }),
    ]);
  });
});
