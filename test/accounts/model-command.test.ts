import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createAccountModels } from '../../src/store/account-models.ts';
import { openStoreDatabase } from '../../src/store/database.ts';
import { runCli, TODAY, TODAY_MS } from '../cli/cli-helpers.ts';
import { defaultModelText } from '../helpers/scoring-fixtures.ts';
import { modelText, PROTECTED_MODEL_TEXT } from './account-fixtures.ts';

let dir: string;
let store: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'model-command-'));
  store = join(dir, 'scoring.db');
  vi.stubEnv('DATABASE_URL', `sqlite:${store}`);
  vi.stubEnv('HUBSPOT_PORTAL_ID', '');
  vi.stubEnv('HUBSPOT_CLIENT_ID', '');
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** What the server would read: the store as the command left it. */
async function storedHistory(portalId: number) {
  const db = openStoreDatabase(store);
  try {
    return await createAccountModels(db).history(portalId);
  } finally {
    db.close();
  }
}

describe('recruitment-score model', () => {
  it('publishes a file for an account, with a note, and shows it', async () => {
    const path = file('care.yaml', modelText('Healthcare'));
    const run = await runCli(['model', 'publish', path, '--portal', '777', '--note', 'first go']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain('Published "Healthcare" as version 1 of account 777.');
    expect(await storedHistory(777)).toMatchObject([
      { version: 1, publishedBy: 'cli', publishedAt: TODAY_MS, note: 'first go' },
    ]);

    const shown = await runCli(['model', 'show', '--portal', '777']);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toBe(
      `# version 1  ${TODAY}  by cli  first go\n${modelText('Healthcare')}`,
    );
  });

  it('uses HUBSPOT_PORTAL_ID, or 0 for a private app whose account id is not set', async () => {
    const path = file('m.yaml', modelText('Static'));
    vi.stubEnv('HUBSPOT_PORTAL_ID', '62515');
    expect((await runCli(['model', 'publish', path])).code).toBe(0);
    vi.stubEnv('HUBSPOT_PORTAL_ID', '');
    expect((await runCli(['model', 'publish', path])).code).toBe(0);
    expect(await storedHistory(62515)).toHaveLength(1);
    expect(await storedHistory(0)).toHaveLength(1);
  });

  it('refuses a bad model with every problem, exit 1, and stores nothing', async () => {
    const broken = defaultModelText
      .replace(/halfLifeDays: \d+/, 'halfLifeDays: -3')
      .replace(/points: 15\b/, 'points: lots');
    const run = await runCli(['model', 'publish', file('bad.yaml', broken), '--portal', '5']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/2 problems/);
    expect(run.stderr).toMatch(/decay\.halfLifeDays: /);
    expect(run.stderr).toMatch(/\.points: /);
    expect(run.stdout).toBe('');
    // Not even the store file was made.
    expect((await runCli(['model', 'history', '--portal', '5'])).stderr).toMatch(/No store at/);
  });

  it('refuses a model on a protected attribute', async () => {
    const run = await runCli(['model', 'publish', file('u.yaml', PROTECTED_MODEL_TEXT)]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/gender/);
  });

  it('lists the history newest first, marks the published version, and rolls back', async () => {
    await runCli(['model', 'publish', file('a.yaml', modelText('A')), '--portal', '9']);
    await runCli(['model', 'publish', file('b.yaml', modelText('B')), '--portal', '9']);
    const back = await runCli(['model', 'rollback', '1', '--portal', '9', '--note', 'B misfired']);
    expect(back.code).toBe(0);
    expect(back.stdout).toContain('Published a copy of version 1 ("A") as version 3 of account 9.');

    const run = await runCli(['model', 'history', '--portal', '9']);
    expect(run.stdout).toBe(
      [
        'Model versions of account 9, newest first:',
        `* version 3  ${TODAY}  by cli  B misfired`,
        `  version 2  ${TODAY}  by cli`,
        `  version 1  ${TODAY}  by cli`,
        '* published',
        '',
      ].join('\n'),
    );
    expect((await storedHistory(9))[0]!.modelYaml).toBe(modelText('A'));
  });

  it('refuses a rollback to a version that does not exist, exit 1', async () => {
    await runCli(['model', 'publish', file('a.yaml', modelText('A')), '--portal', '9']);
    const run = await runCli(['model', 'rollback', '4', '--portal', '9']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('account 9 has no published model version 4');
    expect(await storedHistory(9)).toHaveLength(1);
  });

  it('says when an account has nothing published', async () => {
    await runCli(['model', 'publish', file('a.yaml', modelText('A')), '--portal', '9']);
    const run = await runCli(['model', 'show', '--portal', '10']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /Account 10 has no published model: it is scored with SCORING_MODEL/,
    );
  });

  it('validates a file without a store', async () => {
    const run = await runCli(['model', 'validate', file('a.yaml', modelText('Valid one'))]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/valid scoring model "Valid one"/);
  });

  it.each([
    [['model'], /which action/],
    [['model', 'launch'], /unknown action "launch"/],
    [['model', 'publish'], /expected one model FILE/],
    [['model', 'rollback', 'last'], /VERSION is a version number/],
    [['model', 'show', '--portal', 'abc'], /--portal must be a HubSpot account id/],
    [['model', 'history', '--note', 'x'], /--note is for publish and rollback/],
  ])('exits 2 for a wrong command line: %j', async (argv, message) => {
    const run = await runCli(argv);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('asks for --portal in OAuth mode', async () => {
    vi.stubEnv('HUBSPOT_CLIENT_ID', 'client-id');
    const run = await runCli(['model', 'history']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--portal ID/);
  });
});
