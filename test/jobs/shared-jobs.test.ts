import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HubSpotPort } from '../../src/hubspot/index.ts';
import { scoreContact } from '../../src/scoring/index.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { defaultModelText, modelFrom, NOW } from '../helpers/scoring-fixtures.ts';
import {
  seedDueContacts,
  startRecalculationSandbox,
  type RecalculationSandbox,
} from '../recalculation/recalculation-fixtures.ts';
import { freshPostgresUrl } from '../store/store-engines.ts';
import { jobEnd, jobRig, LOW_WARM_MODEL, PORTAL } from './job-fixtures.ts';
import pg from 'pg';

/**
 * Two instances' job runners on one PostgreSQL store (each its own pool, as two servers
 * have): an account's recalculation runs on one of them at a time, a publish on the other
 * instance supersedes it, and a recalculation whose instance died is taken up from its
 * checkpoint by the one left.
 */

const CONTACTS = 650;
const stores: Store[] = [];

let env: RecalculationSandbox;
let ids: string[];
beforeEach(async () => {
  env = await startRecalculationSandbox();
  ids = seedDueContacts(env.account, CONTACTS);
});
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
  await env.close();
});

async function until(condition: () => Promise<boolean>, waitMs = 15_000): Promise<void> {
  const deadline = Date.now() + waitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('gave up waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function tiersMatch(yaml: string): boolean {
  const compiled = modelFrom(yaml);
  return ids.every(
    (id) =>
      env.account.contacts.get(id)!.recruitment_tier ===
      scoreContact(compiled, env.account.contacts.get(id)!, NOW).tier,
  );
}

/** The port with each contact read slowed a little, so a job is surely mid-run when asked. */
function slowed(port: HubSpotPort, ms: number): HubSpotPort {
  return {
    ...port,
    readContacts: async (...args) => {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return port.readContacts(...args);
    },
  };
}

describe('recalculations across two instances on PostgreSQL', () => {
  it('a publish on the other instance supersedes the recalculation running here', async () => {
    const url = await freshPostgresUrl();
    const here = await openStore(url);
    const there = await openStore(url);
    stores.push(here, there);
    const a = jobRig(here, slowed(env.port, 150), { shared: { pickupMs: 50 } });
    const b = jobRig(there, env.port, { shared: { pickupMs: 50 } });
    await a.jobs.resumeUnfinished();
    await b.jobs.resumeUnfinished();
    const first = await a.models.publish(PORTAL, LOW_WARM_MODEL, { by: '1' });
    const one = await a.jobs.startRecalculation(PORTAL, {
      modelVersion: first.version,
      startedBy: '1',
    });
    // Instance A is mid-run (a page done, more to go) when the other instance publishes.
    await until(async () => ((await a.jobs.job(PORTAL, one.id))?.progress.done ?? 0) > 0);
    const second = await b.models.publish(PORTAL, defaultModelText, { by: '2' });
    const two = await b.jobs.startRecalculation(PORTAL, {
      modelVersion: second.version,
      startedBy: '2',
    });

    const ended = await jobEnd(a.jobs, PORTAL, one.id, 30_000);
    expect(ended.status).toBe('cancelled');
    expect(ended.error).toContain('version 2');
    expect((await jobEnd(b.jobs, PORTAL, two.id, 30_000)).status).toBe('finished');
    expect(tiersMatch(defaultModelText)).toBe(true);
    await a.jobs.stop();
    await b.jobs.stop();
  });

  it('takes up a recalculation whose instance died, from its checkpoint, on the other instance', async () => {
    const url = await freshPostgresUrl();
    const named = (name: string) => `${url}?application_name=${name}`;
    // Instance A: its reads stop answering after the first page, then it "dies".
    let reads = 0;
    const stuck: HubSpotPort = {
      ...env.port,
      readContacts: async (...args) => {
        if (++reads > 2) await new Promise(() => {});
        return env.port.readContacts(...args);
      },
    };
    const dying: Store = await openStore(named('instance_a'));
    const survivor: Store = await openStore(named('instance_b'));
    try {
      const a = jobRig(dying, stuck, { shared: { pickupMs: 50 } });
      const version = await a.models.publish(PORTAL, LOW_WARM_MODEL, { by: '1' });
      const job = await a.jobs.startRecalculation(PORTAL, {
        modelVersion: version.version,
        startedBy: '1',
      });
      const jobs = survivor.accountJobs();
      // A's reads have stopped answering: its last checkpoint is where it stands.
      await until(async () => reads > 2 && ((await jobs.get(job.id))?.progress.done ?? 0) > 0);
      const doneByA = (await jobs.get(job.id))!.progress.done;
      // kill -9 as PostgreSQL sees it: every connection of instance A ends, and its locks.
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'instance_a'",
      );
      await admin.end();

      let readByB = 0;
      const counting: HubSpotPort = {
        ...env.port,
        readContacts: async (contactIds, ...rest) => {
          readByB += contactIds.length;
          return env.port.readContacts(contactIds, ...rest);
        },
      };
      const b = jobRig(survivor, counting, { shared: { pickupMs: 50 } });
      await b.jobs.resumeUnfinished();
      const ended = await jobEnd(b.jobs, PORTAL, job.id, 30_000);
      expect(ended.status).toBe('finished');
      expect(ended.progress.done).toBe(CONTACTS);
      // B went on after A's checkpoint rather than from the first contact.
      expect(doneByA).toBeGreaterThan(0);
      expect(readByB).toBe(CONTACTS - doneByA);
      expect(tiersMatch(LOW_WARM_MODEL)).toBe(true);
      await b.jobs.stop();
    } finally {
      // Instance A is "dead": its pool is left to the end of the test process.
      stores.push(survivor);
    }
  });
});
