import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { HubSpotPort } from '../../src/hubspot/index.ts';
import { contactsPerRead } from '../../src/pipeline/rescore-contacts.ts';
import {
  previewResultSchema,
  recalculationResultSchema,
} from '../../src/settings-api/settings-contract.ts';
import { scoreContact } from '../../src/scoring/index.ts';
import { openStoreDatabase, type StoreDatabase } from '../../src/store/database.ts';
import { defaultModelText, modelFrom, NOW } from '../helpers/scoring-fixtures.ts';
import {
  readIds,
  requestsTo,
  seedDueContacts,
  startRecalculationSandbox,
  writtenIds,
  type RecalculationSandbox,
} from '../recalculation/recalculation-fixtures.ts';
import { jobEnd, jobRig, LOW_WARM_MODEL, PORTAL } from './job-fixtures.ts';

const CONTACTS = 650;

let env: RecalculationSandbox;
let db: StoreDatabase;
let ids: string[];

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterAll(() => nock.enableNetConnect());
beforeEach(async () => {
  env = await startRecalculationSandbox({ adapter: { maxRetries: 1 } });
  ids = seedDueContacts(env.account, CONTACTS);
  db = openStoreDatabase(':memory:');
});
afterEach(async () => {
  db.close();
  await env.close();
});

/** What HubSpot holds for the contact now, against what the model says. */
function tiersHeldAndExpected(yaml: string) {
  const compiled = modelFrom(yaml);
  return ids.map((id) => {
    const held = env.account.contacts.get(id)!;
    return { held: held.recruitment_tier, expected: scoreContact(compiled, held, NOW).tier };
  });
}

describe('the recalculation job after a publish', () => {
  it('rescores every contact of the account with the published version, with progress and a summary', async () => {
    const { jobs, models } = jobRig(db, env.port);
    const version = await models.publish(PORTAL, LOW_WARM_MODEL, { by: '76023669' });
    const started = await jobs.startRecalculation(PORTAL, {
      modelVersion: version.version,
      startedBy: '76023669',
    });
    expect(started).toMatchObject({ kind: 'recalculation', status: 'queued', modelVersion: 1 });

    const job = await jobEnd(jobs, PORTAL, started.id);
    expect(job.status).toBe('finished');
    expect(job.progress).toMatchObject({ done: CONTACTS, total: CONTACTS });
    const result = recalculationResultSchema.parse(job.result);
    expect(result).toMatchObject({ modelVersion: 1, read: CONTACTS });
    expect(result.written).toBe(result.changed);
    // Searches of 200, reads of 100 (50 with history), writes of 100: nothing beyond the floor.
    const perRead = contactsPerRead(modelFrom(LOW_WARM_MODEL));
    expect(result.requests).toBe(result.leastRequests);
    expect(result.requests).toBe(
      Math.ceil(CONTACTS / 200) + Math.ceil(CONTACTS / perRead) + Math.ceil(result.written / 100),
    );
    const moved = result.tierMoves.reduce((sum, move) => sum + move.count, 0);
    expect(moved).toBeGreaterThan(0);
    expect(result.tierMoves.some((m) => m.from === 'cold' && m.to === 'warm')).toBe(true);
    for (const { held, expected } of tiersHeldAndExpected(LOW_WARM_MODEL)) {
      expect(held).toBe(expected);
    }
    expect((await jobs.latest(PORTAL, 'recalculation'))?.id).toBe(started.id);
  });

  it('lets a newer publish supersede the running recalculation: the newest version wins everywhere', async () => {
    const { jobs, models } = jobRig(db, env.port);
    const first = await models.publish(PORTAL, LOW_WARM_MODEL, { by: '1' });
    const one = await jobs.startRecalculation(PORTAL, {
      modelVersion: first.version,
      startedBy: '1',
    });
    const second = await models.publish(PORTAL, defaultModelText, { by: '1' });
    const two = await jobs.startRecalculation(PORTAL, {
      modelVersion: second.version,
      startedBy: '1',
      locale: 'nl',
    });

    const ended = await jobEnd(jobs, PORTAL, one.id);
    expect(ended.status).toBe('cancelled');
    expect(ended.error).toContain('version 2');
    expect((await jobEnd(jobs, PORTAL, two.id)).status).toBe('finished');
    for (const { held, expected } of tiersHeldAndExpected(defaultModelText)) {
      expect(held).toBe(expected);
    }
  });

  it('stops after its page at a server stop and goes on from its checkpoint at the next start', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let reads = 0;
    const held: HubSpotPort = {
      ...env.port,
      readContacts: async (...args) => {
        if (++reads === 2) await gate;
        return env.port.readContacts(...args);
      },
    };
    const before = jobRig(db, held);
    const version = await before.models.publish(PORTAL, LOW_WARM_MODEL, { by: '1' });
    const started = await before.jobs.startRecalculation(PORTAL, {
      modelVersion: 1,
      startedBy: '1',
    });
    while (reads < 2) await new Promise((resolve) => setTimeout(resolve, 2));
    const stopped = before.jobs.stop();
    release();
    await stopped;
    const left = (await before.jobs.job(PORTAL, started.id))!;
    expect(left.status).toBe('queued');
    expect(left.progress.done).toBe(400);
    const readBeforeRestart = readIds(env.account).length;
    expect(readBeforeRestart).toBe(400);

    const after = jobRig(db, env.port);
    await after.jobs.resumeUnfinished();
    const job = await jobEnd(after.jobs, PORTAL, started.id);
    expect(job.status).toBe('finished');
    expect(recalculationResultSchema.parse(job.result)).toMatchObject({
      modelVersion: version.version,
      read: CONTACTS,
    });
    // Nothing read twice, nothing written twice.
    expect(readIds(env.account)).toHaveLength(CONTACTS);
    expect(new Set(writtenIds(env.account)).size).toBe(writtenIds(env.account).length);
    for (const { held: tier, expected } of tiersHeldAndExpected(LOW_WARM_MODEL)) {
      expect(tier).toBe(expected);
    }
  });

  it('pauses when HubSpot keeps failing, then fails with a message in the admin’s language', async () => {
    env.account.fail({ path: /\/contacts\/search$/, status: 503, times: Infinity });
    const { jobs, models, log } = jobRig(db, env.port, { retryDelaysMs: [1, 1] });
    await models.publish(PORTAL, LOW_WARM_MODEL, { by: '1' });
    const started = await jobs.startRecalculation(PORTAL, {
      modelVersion: 1,
      startedBy: '1',
      locale: 'nl',
    });
    const job = await jobEnd(jobs, PORTAL, started.id);
    expect(job.status).toBe('failed');
    expect(job.error).toContain('HubSpot bleef fouten geven');
    expect(log.filter((line) => line.level === 'warn')).toHaveLength(2);
    expect(writtenIds(env.account)).toHaveLength(0);
  });

  it('keeps each account’s jobs its own, and forgets them with the account', async () => {
    const { jobs, models } = jobRig(db, env.port);
    await models.publish(PORTAL, LOW_WARM_MODEL, { by: '1' });
    const started = await jobs.startRecalculation(PORTAL, { modelVersion: 1, startedBy: '1' });
    await jobEnd(jobs, PORTAL, started.id);
    expect(await jobs.job(PORTAL + 1, started.id)).toBeUndefined();
    expect(await jobs.latest(PORTAL + 1, 'recalculation')).toBeUndefined();
    await jobs.forget(PORTAL);
    expect(await jobs.job(PORTAL, started.id)).toBeUndefined();
  });
});

describe('the preview job', () => {
  it('scores a sample with the draft and the model in use, writing nothing', async () => {
    const { jobs } = jobRig(db, env.port);
    const started = await jobs.startPreview(PORTAL, {
      draftYaml: LOW_WARM_MODEL,
      startedBy: '76023670',
      sampleSize: 300,
    });
    const job = await jobEnd(jobs, PORTAL, started.id);
    expect(job.status).toBe('finished');
    const result = previewResultSchema.parse(job.result);
    expect(result.sampled).toBe(300);
    expect(Object.values(result.draft.tierShares).reduce((a, b) => a + b, 0)).toBeCloseTo(1);
    expect(result.draft.bands.reduce((n, band) => n + band.count, 0)).toBe(300);
    expect(result.published?.bands.reduce((n, band) => n + band.count, 0)).toBe(300);
    // Only the warm bar moved: every move goes up into warm.
    expect(result.tierMoves.length).toBeGreaterThan(0);
    for (const move of result.tierMoves) expect(move.to).toBe('warm');
    expect(writtenIds(env.account)).toHaveLength(0);
    // The sample is the most recently modified contacts, read in 2 pages of search.
    const searches = requestsTo(env.account, '/contacts/search');
    expect(searches).toHaveLength(2);
    expect(searches[0]!.body).toMatchObject({
      sorts: [{ propertyName: 'lastmodifieddate', direction: 'DESCENDING' }],
    });
  });

  it('fails a draft that does not load, and a newer preview cancels the one before', async () => {
    const { jobs } = jobRig(db, env.port);
    const bad = await jobs.startPreview(PORTAL, { draftYaml: 'name: [', startedBy: '1' });
    expect((await jobEnd(jobs, PORTAL, bad.id)).status).toBe('failed');

    const first = await jobs.startPreview(PORTAL, { draftYaml: LOW_WARM_MODEL, startedBy: '1' });
    const second = await jobs.startPreview(PORTAL, { draftYaml: LOW_WARM_MODEL, startedBy: '1' });
    expect((await jobEnd(jobs, PORTAL, first.id)).status).toBe('cancelled');
    expect((await jobEnd(jobs, PORTAL, second.id)).status).toBe('finished');
  });
});
