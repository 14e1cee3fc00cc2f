import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/cli/cli-io.ts';
import { createRescoreCommand, RESCORE_HELP } from '../../src/cli/rescore-command.ts';
import {
  NOW,
  occurrences,
  readIds,
  requestsTo,
  seedDueContacts,
  seedNotDueContacts,
  startRecalculationSandbox,
  TOKEN,
  writtenIds,
  type RecalculationSandbox,
} from '../recalculation/recalculation-fixtures.ts';
import { DEFAULT_MODEL_PATH } from '../../src/model/index.ts';
import { createAccountModels } from '../../src/store/account-models.ts';
import { openStoreDatabase } from '../../src/store/database.ts';
import { defaultModelText } from '../helpers/scoring-fixtures.ts';
import { CapturedOutput } from './cli-helpers.ts';

let env: RecalculationSandbox;
let dir: string;
let environment: NodeJS.ProcessEnv;

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  dir = mkdtempSync(join(tmpdir(), 'rescore-command-'));
});
afterAll(() => {
  nock.enableNetConnect();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  env = await startRecalculationSandbox();
  environment = {
    HUBSPOT_ACCESS_TOKEN: TOKEN,
    HUBSPOT_API_BASE_URL: env.sandbox.baseUrl,
    HUBSPOT_RATE_LIMIT: '100000',
    DATABASE_URL: `sqlite:${join(dir, `store-${Math.random().toString(36).slice(2)}.db`)}`,
  };
});
afterEach(() => env.close());

async function rescore(
  argv: string[],
  options: { signal?: AbortSignal; env?: NodeJS.ProcessEnv } = {},
) {
  const stdout = new CapturedOutput();
  const stderr = new CapturedOutput();
  const command = createRescoreCommand({
    env: options.env ?? environment,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const code = await command.run(argv, { stdout, stderr, stderrIsTTY: false, clock: () => NOW });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('recruitment-score rescore --all', () => {
  it('previews a model change with --dry-run: tier moves, nothing written', async () => {
    seedDueContacts(env.account, 450);
    env.account.reset();
    const run = await rescore(['--all', '--dry-run']);

    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Previewed 450 contacts with model ".+":\n/);
    expect(run.stdout).toContain('  would change            450\n');
    expect(run.stdout).toContain('  written                   0  (dry run: nothing written)\n');
    expect(run.stdout).toContain('  tier moves (if written):\n');
    expect(run.stdout).toMatch(/\n {4}hot → cold: \d+\n/);
    expect(run.stderr).toContain('previewing 450 contacts');
    expect(requestsTo(env.account, '/batch/update')).toEqual([]);
  });

  it('stops cleanly on Ctrl-C, says how to go on, and the rerun does no contact twice', async () => {
    const ids = seedDueContacts(env.account, 450);
    env.account.reset();
    // Ctrl-C while the first page is being scored.
    const ctrlC = {
      get aborted() {
        return readIds(env.account).length >= 200;
      },
    } as AbortSignal;

    const stopped = await rescore(['--all'], { signal: ctrlC });
    expect(stopped.code).toBe(130);
    expect(stopped.stdout).toMatch(/^Stopped after 200 contacts \(last contact id \d+\):\n/);
    expect(stopped.stderr).toContain('run the same command again to go on where it stopped');

    const resumed = await rescore(['--all']);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(
      /going on with the run started .+: 200 contacts done, next after contact \d+/,
    );
    expect(resumed.stdout).toMatch(/^Recalculated 450 contacts with model/);
    expect(resumed.stdout).toContain('  written                 450\n');
    const written = occurrences(writtenIds(env.account));
    expect(written.size).toBe(450);
    expect([...written.values()].every((times) => times === 1)).toBe(true);
    expect(ids.every((id) => written.has(id))).toBe(true);
  });

  it("scores with the account's published model from the store when no --model is given", async () => {
    seedDueContacts(env.account, 120);
    env.account.reset();
    const path = environment.DATABASE_URL!.slice('sqlite:'.length);
    const db = openStoreDatabase(path);
    try {
      const yaml = defaultModelText.replace(/^name: .*$/m, 'name: Published for this account');
      await createAccountModels(db).publish(0, yaml, { by: 'test' });
    } finally {
      db.close();
    }

    const run = await rescore(['--all', '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("model: account 0's published model (version 1)");
    expect(run.stdout).toMatch(/^Previewed 120 contacts with model "Published for this account":/);

    // --model still wins.
    const file = await rescore(['--all', '--dry-run', '--restart', '--model', DEFAULT_MODEL_PATH]);
    expect(file.stderr).toContain(`model: ${DEFAULT_MODEL_PATH}`);
  });

  it('starts over with --restart', async () => {
    seedDueContacts(env.account, 250);
    const ctrlC = { aborted: true } as AbortSignal;
    await rescore(['--all'], { signal: ctrlC });
    const again = await rescore(['--all', '--restart']);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('starting over from the first contact');
    expect(again.stdout).toMatch(/^Recalculated 250 contacts/);
  });
});

describe('recruitment-score rescore --due', () => {
  it('rescores the contacts whose review time has passed, once', async () => {
    const due = seedDueContacts(env.account, 300);
    seedNotDueContacts(env.account, 100);
    env.account.reset();
    const run = await rescore(['--due']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Rescored 300 contacts due for review:\n/);
    expect(new Set(writtenIds(env.account))).toEqual(new Set(due));
    expect(run.stderr).toContain(
      `looking for contacts due for review at ${new Date(NOW).toISOString()}`,
    );
  });
});

describe('rescore: configuration and command line', () => {
  it('names the missing variable when there is no access token', async () => {
    const run = await rescore(['--due'], { env: { ...environment, HUBSPOT_ACCESS_TOKEN: '' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('HUBSPOT_ACCESS_TOKEN: missing;');
    expect(env.account.requests).toEqual([]);
  });

  it('says the token was refused, and never prints it', async () => {
    const wrong = 'pat-eu1-99999999-8888-7777-6666-555555555555';
    const run = await rescore(['--all'], { env: { ...environment, HUBSPOT_ACCESS_TOKEN: wrong } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'HubSpot refused the access token (HTTP 401): check HUBSPOT_ACCESS_TOKEN',
    );
    expect(run.stderr + run.stdout).not.toContain(wrong);
    expect(run.stderr + run.stdout).not.toContain('99999999');
  });

  it('wants exactly one of --due and --all', async () => {
    await expect(rescore([])).rejects.toThrow(
      new UsageError('rescore: say which contacts: --due or --all'),
    );
    await expect(rescore(['--due', '--all'])).rejects.toThrow(UsageError);
    await expect(rescore(['--due', '--restart'])).rejects.toThrow('--restart goes with --all');
    await expect(rescore(['--all', '--rate-limit', 'fast'])).rejects.toThrow(
      '--rate-limit must be',
    );
  });

  it('prints its help', async () => {
    const run = await rescore(['--help']);
    expect(run).toEqual({ code: 0, stdout: RESCORE_HELP, stderr: '' });
  });
});
