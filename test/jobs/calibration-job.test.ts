import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/calibration/random.ts';
import type { HubSpotPort } from '../../src/hubspot/index.ts';
import { parseModel } from '../../src/model/index.ts';
import { newProperty } from '../../src/sandbox/contact-properties.ts';
import { calibrationResultSchema } from '../../src/settings-api/settings-contract.ts';
import { openStoreDatabase, type StoreDatabase } from '../../src/store/database.ts';
import {
  candidates,
  flatStartText,
  isOutcome,
  OUTCOME,
  SLOW_SETUP_MS,
} from '../calibration/calibration-fixtures.ts';
import {
  startRecalculationSandbox,
  type RecalculationSandbox,
} from '../recalculation/recalculation-fixtures.ts';
import { jobEnd, jobRig, PORTAL } from './job-fixtures.ts';

const CONTACTS = 800;
/** Learning from 800 contacts in a worker thread: seconds alone, more on two busy cores. */
const LEARNING_MS = 90_000;

let env: RecalculationSandbox;
let db: StoreDatabase;

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterAll(() => nock.enableNetConnect());
beforeEach(async () => {
  env = await startRecalculationSandbox();
  // A property the account created itself: the model does not read it, discovery should.
  env.account.propertyDefinitions.set(
    'specialization',
    newProperty(
      {
        name: 'specialization',
        label: 'Specialization',
        type: 'string',
        fieldType: 'text',
        groupName: 'contactinformation',
      },
      new Date(0).toISOString(),
    ),
  );
  const random = seededRandom(5);
  for (const c of candidates(CONTACTS, 31)) {
    const known = Object.entries(c.properties).filter((e): e is [string, string] => e[1] !== null);
    // Mostly missing for those who never apply: a signal the model lacks.
    const given = random.chance(isOutcome(c) ? 0.9 : 0.45);
    env.account.createContact({
      ...Object.fromEntries(known),
      ...(given ? { specialization: 'Backend' } : {}),
    });
  }
  env.account.requests.length = 0;
  db = openStoreDatabase(':memory:');
});
afterEach(async () => {
  db.close();
  await env.close();
});

const calibration = (overrides: { values?: string[]; locale?: 'en' | 'nl' } = {}) => ({
  outcome: { property: OUTCOME.property, values: overrides.values ?? [...OUTCOME.values] },
  modelYaml: flatStartText(),
  modelSource: 'published version 1',
  startedBy: '76023669',
  locale: overrides.locale,
});

describe('the calibration job', () => {
  it(
    'reads every contact of the account, learns in a worker thread and keeps the report and the suggestion, writing nothing',
    async () => {
      const { jobs } = jobRig(db, env.port);
      const started = await jobs.startCalibration(PORTAL, calibration());
      expect(started).toMatchObject({ kind: 'calibration', status: 'queued' });
      const stages = new Set<string>();
      const poll = setInterval(() => {
        void jobs.job(PORTAL, started.id).then((job) => {
          if (job?.progress.stage) stages.add(job.progress.stage);
        });
      }, 2);
      const job = await jobEnd(jobs, PORTAL, started.id, LEARNING_MS).finally(() =>
        clearInterval(poll),
      );
      expect(job.error).toBeUndefined();
      expect(job.status).toBe('finished');
      expect(job.progress).toEqual({ stage: 'learning', done: CONTACTS, total: CONTACTS });
      expect(stages.has('learning')).toBe(true);
      const result = calibrationResultSchema.parse(job.result);
      expect(result.candidates).toBe(CONTACTS);
      expect(result.withOutcome).toBeGreaterThan(0);
      expect(result.backtest.suggested.rocAuc!).toBeGreaterThan(result.backtest.current.rocAuc!);
      expect(result.proposed.map((p) => p.label)).toContain('Specialization not given');
      expect(result.points.length).toBeGreaterThan(5);
      expect(result.tiers.lines.map((t) => t.name)).toEqual(
        expect.arrayContaining(['hot', 'warm', 'cold']),
      );
      // The suggestion is a model the settings page can load as the draft.
      const suggested = parseModel(result.suggestedYaml, 'the suggestion');
      expect(suggested.fit.groups.at(-1)!.criteria.map((c) => c.label)).toContain(
        'Specialization not given',
      );
      const paths = env.account.requests.map((r) => `${r.method} ${r.path}`);
      expect(paths.filter((p) => p.endsWith('/contacts/search'))).toHaveLength(
        Math.ceil(CONTACTS / 200),
      );
      expect(paths.filter((p) => p.endsWith('/contacts/batch/read'))).toHaveLength(
        Math.ceil(CONTACTS / 50),
      );
      expect(paths.filter((p) => p.includes('batch/update'))).toEqual([]);
    },
    SLOW_SETUP_MS,
  );

  it(
    'says in the admin’s language when no contact reached the outcome, before learning anything',
    async () => {
      const { jobs } = jobRig(db, env.port);
      const started = await jobs.startCalibration(
        PORTAL,
        calibration({ values: ['ONBOARDED'], locale: 'nl' }),
      );
      const job = await jobEnd(jobs, PORTAL, started.id, LEARNING_MS);
      expect(job.status).toBe('failed');
      expect(job.error).toBe(
        'Nog geen enkele contactpersoon heeft hs_lead_status = ONBOARDED: kalibratie leert van contactpersonen die de uitkomst bereikten. Kies een andere uitkomst of waarde.',
      );
      expect(job.progress.stage).toBe('history');
    },
    SLOW_SETUP_MS,
  );

  it(
    'reads at most its contact limit and says so first among the warnings',
    async () => {
      const { jobs } = jobRig(db, env.port, { calibrationContactLimit: 500 });
      const started = await jobs.startCalibration(PORTAL, calibration());
      const job = await jobEnd(jobs, PORTAL, started.id, LEARNING_MS);
      expect(job.status).toBe('finished');
      const result = calibrationResultSchema.parse(job.result);
      expect(result.candidates).toBe(500);
      expect(result.warnings[0]).toBe(
        'Learnt from the first 500 of 800 contacts (by id): a calibration reads at most 500.',
      );
    },
    SLOW_SETUP_MS,
  );

  it('stops at a server stop with a message to start it again, and a restart does not take it up', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let searches = 0;
    const held: HubSpotPort = {
      ...env.port,
      searchContacts: async (search) => {
        if (++searches === 2) await gate;
        return env.port.searchContacts(search);
      },
    };
    const { jobs } = jobRig(db, held);
    const started = await jobs.startCalibration(PORTAL, calibration());
    while (searches < 2) await new Promise((resolve) => setTimeout(resolve, 2));
    const stopped = jobs.stop();
    release();
    await stopped;
    const job = (await jobs.job(PORTAL, started.id))!;
    expect(job.status).toBe('cancelled');
    expect(job.error).toBe(
      'The app restarted during the calibration; start the calibration again.',
    );

    // A crash instead leaves it running in the store: the next start ends it with that message.
    const crashed = jobRig(db, env.port).jobs;
    db.prepare(`UPDATE account_jobs SET status = 'running' WHERE job_id = ?`).run(started.id);
    await crashed.resumeUnfinished();
    expect(await crashed.job(PORTAL, started.id)).toMatchObject({
      status: 'failed',
      error: 'The app restarted during the calibration; start the calibration again.',
    });
  });
});
