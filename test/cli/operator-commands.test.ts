import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openStoreDatabase } from '../../src/store/database.ts';
import { createWorkQueue } from '../../src/store/work-queue.ts';
import { openStore } from '../../src/store/store.ts';
import { freshPostgresUrl } from '../store/store-engines.ts';
import { runCli, TODAY_MS } from './cli-helpers.ts';

const A = 62515;
const B = 48807704;
const MINUTE = 60_000;
let dir: string;
let path: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'operator-'));
  path = join(dir, 'scoring.db');
  vi.stubEnv('DATABASE_URL', `sqlite:${path}`);
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

/** A store as the server leaves it: work queued, one account failing, one parked. */
async function storeWithTrouble() {
  const db = openStoreDatabase(path);
  const queue = createWorkQueue(db);
  const contacts = (portalId: number, ids: string[]) =>
    ids.map((contactId) => ({ portalId, contactId }));
  const at = TODAY_MS - 90 * MINUTE;
  await queue.enqueue({ rescore: contacts(A, ['1', '2']), engagements: [], forget: [] }, at);
  await queue.enqueue(
    {
      rescore: contacts(B, ['7']),
      engagements: [{ portalId: B, objectTypeId: '0-47', objectId: '900' }],
      forget: [],
    },
    at,
  );
  const claims = await queue.claimContacts(TODAY_MS - 10 * MINUTE, 100, MINUTE);
  await queue.retryContacts(claims, {
    retryAtMs: TODAY_MS + MINUTE,
    nowMs: TODAY_MS - 10 * MINUTE,
    error: 'read contacts failed with HTTP 503: try later',
    oneByOne: false,
  });
  await queue.buryPortal(
    B,
    'the stored tokens of account 48807704 cannot be decrypted',
    TODAY_MS - MINUTE,
  );
  db.close();
}

describe('recruitment-score status', () => {
  it('shows the queue, its oldest item, failing accounts and dead letters without HubSpot', async () => {
    await storeWithTrouble();
    const run = await runCli(['status']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      [
        `Work queue (sqlite:${path})`,
        '  queued:              2 contacts, 0 engagements',
        '  oldest queued:       1 h 30 min ago (2026-11-25T07:30:00.000Z)',
        '  waiting for a retry: 2',
        '  dead letters:        1 contact, 1 engagement',
        '',
        'Accounts with failing work (newest error first):',
        `  ${B}  2 rows  2026-11-25T08:59:00.000Z  the stored tokens of account 48807704 cannot be decrypted`,
        `  ${A}  2 rows  2026-11-25T08:50:00.000Z  read contacts failed with HTTP 503: try later`,
        '',
        'Dead letters (newest first):',
        `  ${B}  contact 7  1 attempt  first queued 2026-11-25T07:30:00.000Z  failed 2026-11-25T08:59:00.000Z  the stored tokens of account 48807704 cannot be decrypted`,
        `  ${B}  engagement 900  1 attempt  first queued 2026-11-25T07:30:00.000Z  failed 2026-11-25T08:59:00.000Z  the stored tokens of account 48807704 cannot be decrypted`,
        '',
        'Run "recruitment-score retry-failed [--portal ID]" to queue them again.',
        '',
      ].join('\n'),
    );
  });

  it('answers the same as JSON, every dead letter included', async () => {
    await storeWithTrouble();
    const run = await runCli(['status', '--json', '--limit', '1']);
    const json = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(json).toMatchObject({
      queued: { contacts: 2, engagements: 0 },
      oldestQueuedAt: TODAY_MS - 90 * MINUTE,
      retrying: 2,
      deadLetters: { contacts: 1, engagements: 1 },
      failingAccounts: [{ portalId: B }, { portalId: A, rows: 2 }],
    });
    expect(json.deadLetterList).toHaveLength(2);
  });

  it('says plainly when there is no store at DATABASE_URL, and creates none', async () => {
    const run = await runCli(['status']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`No store at ${path}`);
    expect((await runCli(['status'])).stderr).toContain('No store at');
  });

  it('refuses a DATABASE_URL that is neither sqlite:PATH nor postgres://', async () => {
    vi.stubEnv('DATABASE_URL', 'mysql://db/scores');
    const run = await runCli(['status']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('DATABASE_URL: must have the form sqlite:PATH');
  });
});

describe('the operator commands on a PostgreSQL store', () => {
  it('status and retry-failed read and change the shared store several servers use', async () => {
    const url = await freshPostgresUrl();
    const store = await openStore(url);
    try {
      const queue = store.workQueue();
      await queue.enqueue(
        { rescore: [{ portalId: A, contactId: '5' }], engagements: [], forget: [] },
        TODAY_MS - MINUTE,
      );
      await queue.buryPortal(A, 'HubSpot refused the tokens', TODAY_MS);
      vi.stubEnv('DATABASE_URL', url);
      const status = await runCli(['status', '--json']);
      expect(status.code).toBe(0);
      expect(JSON.parse(status.stdout)).toMatchObject({
        queued: { contacts: 0 },
        deadLetters: { contacts: 1, engagements: 0 },
      });
      expect((await runCli(['retry-failed'])).code).toBe(0);
      expect(await queue.counts()).toMatchObject({ contacts: 1 });
    } finally {
      await store.close();
    }
  });

  it('names an unreachable PostgreSQL store in one sentence, without its password', async () => {
    vi.stubEnv('DATABASE_URL', 'postgres://scoring:s3cret-pw@127.0.0.1:1/scores');
    const run = await runCli(['status']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('DATABASE_URL: the store could not be opened');
    expect(run.stderr).not.toContain('s3cret-pw');
  });
});

describe('the operator commands in the command list', () => {
  it.each(['status', 'retry-failed'])('lists and explains %s', async (command) => {
    expect((await runCli(['help'])).stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    const help = await runCli([command, '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain(`Usage: recruitment-score ${command}`);
  });
});

describe('recruitment-score retry-failed', () => {
  it("queues one account's dead letters again and says how many", async () => {
    await storeWithTrouble();
    const run = await runCli(['retry-failed', '--portal', String(B)]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      'Queued 2 dead letters again (1 contact, 1 engagement of account 48807704); ' +
        'the running server picks them up within 30 seconds.\n',
    );
    const queue = createWorkQueue(openStoreDatabase(path));
    expect(await queue.deadLetters()).toEqual([]);
    expect((await queue.status(TODAY_MS, 0)).queued).toEqual({ contacts: 3, engagements: 1 });
    expect((await runCli(['retry-failed'])).stdout).toBe('No dead letters: nothing to queue.\n');
  });

  it('refuses a portal id that is not a number', async () => {
    const run = await runCli(['retry-failed', '--portal', 'acme']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--portal must be a HubSpot account id (got "acme")');
  });
});
