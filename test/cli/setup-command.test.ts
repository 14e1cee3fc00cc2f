import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSetupCommand, SETUP_HELP } from '../../src/cli/setup-command.ts';
import { SCORE_PROPERTY_NAMES } from '../../src/hubspot/index.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { NOW, TOKEN } from '../recalculation/recalculation-fixtures.ts';
import { CapturedOutput, scratchFolder, SMALL_MODEL } from './cli-helpers.ts';

let sandbox: Sandbox;
let environment: NodeJS.ProcessEnv;
const file = scratchFolder();

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterAll(() => nock.enableNetConnect());
beforeEach(async () => {
  sandbox = await startSandbox({ port: 0, now: NOW, rateLimit: false, accessToken: TOKEN });
  environment = { HUBSPOT_ACCESS_TOKEN: TOKEN, HUBSPOT_API_BASE_URL: sandbox.baseUrl };
});
afterEach(() => sandbox.close());

async function setup(argv: string[] = [], env: NodeJS.ProcessEnv = environment) {
  const stdout = new CapturedOutput();
  const stderr = new CapturedOutput();
  const code = await createSetupCommand({ env }).run(argv, {
    stdout,
    stderr,
    stderrIsTTY: false,
    clock: () => NOW,
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const created = (account: Sandbox['account']) =>
  account.requests.filter((r) => r.method === 'POST' && r.status === 201).map((r) => r.path);

describe('recruitment-score setup', () => {
  it('creates the property group and the seven output properties and says so', async () => {
    const run = await setup();
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `Setting up the recruitment score properties in HubSpot (${sandbox.baseUrl})`,
    );
    for (const name of SCORE_PROPERTY_NAMES)
      expect(run.stdout).toMatch(new RegExp(`  created   ${name} +"`));
    expect(run.stdout).toContain(
      '  created   recruitment_tier               "Recruitment tier" (enumeration)',
    );
    expect(run.stdout).toMatch(/Done: 7 created, 0 updated, 0 already in place\.\n$/);
    expect(created(sandbox.account)).toEqual([
      '/crm/properties/2026-03/contacts/groups',
      ...SCORE_PROPERTY_NAMES.map(() => '/crm/properties/2026-03/contacts'),
    ]);
    const tier = sandbox.account.propertyDefinitions.get('recruitment_tier')!;
    expect(tier.options.map((o) => o.value)).toEqual(['hot', 'warm', 'cold', 'disqualified']);
  });

  it('changes nothing when run again, and says so', async () => {
    await setup();
    sandbox.account.reset();
    const again = await setup();
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(
      "Nothing to change: all 7 properties were in place, with the model's tiers.",
    );
    expect(again.stdout).not.toContain('created');
    expect(created(sandbox.account)).toEqual([]);
    expect(sandbox.account.requests.filter((r) => r.method === 'PATCH')).toEqual([]);
  });

  it("sets the tier options to another model's tiers, keeping the old ones hidden", async () => {
    await setup();
    const run = await setup(['--model', file('small.yaml', SMALL_MODEL)]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      '  updated   recruitment_tier               options: hot, cold, disqualified (were: hot, warm, cold, disqualified)',
    );
    expect(run.stdout).toContain('Done: 0 created, 1 updated, 6 already in place.');
    const tier = sandbox.account.propertyDefinitions.get('recruitment_tier')!;
    expect(tier.options.filter((o) => o.hidden).map((o) => o.value)).toEqual(['warm']);
  });

  it('names the missing variable when there is no access token', async () => {
    const run = await setup([], { HUBSPOT_API_BASE_URL: sandbox.baseUrl });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('HUBSPOT_ACCESS_TOKEN: missing;');
    expect(sandbox.account.requests).toEqual([]);
  });

  it('says the token was refused, and never prints it', async () => {
    const wrong = 'pat-eu1-99999999-8888-7777-6666-555555555555';
    const run = await setup([], { ...environment, HUBSPOT_ACCESS_TOKEN: wrong });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('HubSpot refused the access token (HTTP 401)');
    expect(run.stdout + run.stderr).not.toContain('99999999');
  });

  it('prints its help', async () => {
    expect(await setup(['--help'])).toEqual({ code: 0, stdout: SETUP_HELP, stderr: '' });
  });
});
