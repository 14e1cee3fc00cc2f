import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAccounts } from '../../src/accounts/index.ts';
import type { HubSpotPort } from '../../src/hubspot/hubspot-port.ts';
import { createStaticAccountAccess } from '../../src/oauth/account-access.ts';
import { createScoreWorker, type ScoreWorker } from '../../src/pipeline/score-worker.ts';
import { createAccountModels } from '../../src/store/account-models.ts';
import { openStoreDatabase, type StoreDatabase } from '../../src/store/database.ts';
import { createWorkQueue } from '../../src/store/work-queue.ts';
import { aContact, defaultModel, NOW } from '../helpers/scoring-fixtures.ts';
import { fakeHubSpot } from '../pipeline/fake-hubspot.ts';
import { waitFor } from '../pipeline/wait-for.ts';
import { modelText } from './account-fixtures.ts';

const PORTAL = 62515;
let db: StoreDatabase;
let worker: ScoreWorker | undefined;

beforeEach(() => {
  db = openStoreDatabase(':memory:');
});
afterEach(async () => {
  await worker?.stop();
  db.close();
});

describe('a publish while a batch is in flight', () => {
  it('lets the batch finish with the model it started with; the next batch takes the new one', async () => {
    const contact = aContact() as Record<string, string | null>;
    const hubspot = fakeHubSpot({ '1': contact, '2': contact });
    // The first read waits until the test lets it go: the publish lands in between.
    let releaseRead: (() => void) | undefined;
    let reads = 0;
    const port: HubSpotPort = {
      ...hubspot.port,
      async readContacts(...args) {
        if (reads++ === 0) await new Promise<void>((resolve) => (releaseRead = resolve));
        return hubspot.port.readContacts(...args);
      },
    };
    const models = createAccountModels(db);
    await models.publish(PORTAL, modelText('v1', { points: 10 }), { by: 'cli' });
    const accounts = createAccounts({
      access: createStaticAccountAccess({ port, portalId: PORTAL }),
      models,
      fallbackModel: defaultModel,
      refreshMs: 0,
    });
    const queue = createWorkQueue(db);
    worker = createScoreWorker({
      queue,
      accountFor: (portalId) => accounts.access.hubspotForPortal(portalId),
      modelFor: (portalId) => accounts.preparedModelFor(portalId),
      scoringClock: () => NOW,
      gatherMs: 0,
      concurrency: 1,
    });
    const enqueue = async (contactId: string) =>
      await queue.enqueue(
        { rescore: [{ portalId: PORTAL, contactId }], engagements: [], forget: [] },
        NOW,
      );

    await enqueue('1');
    await worker.start();
    await waitFor(() => releaseRead !== undefined, 'the first read to start');
    await models.publish(PORTAL, modelText('v2', { points: 20 }), { by: '4711' });
    expect((await accounts.modelFor(PORTAL)).model.name).toBe('v2');
    releaseRead!();
    await waitFor(async () => await worker!.isIdle(), 'the first batch');
    expect(hubspot.contacts.get('1')!.recruitment_score).toBe('10');

    await enqueue('2');
    worker.kick();
    await waitFor(() => hubspot.contacts.get('2')!.recruitment_score !== undefined, 'contact 2');
    expect(hubspot.contacts.get('2')!.recruitment_score).toBe('20');
  });
});
