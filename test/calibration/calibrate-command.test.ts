import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCalibrate } from '../../src/cli/calibrate-command.ts';
import { parseModel } from '../../src/model/index.ts';
import { startSandbox } from '../../src/sandbox/index.ts';
import { createAccountModels } from '../../src/store/account-models.ts';
import { openStoreDatabase } from '../../src/store/database.ts';
import { candidates, memoryIo, NOW, SLOW_SETUP_MS, trueModelText } from './calibration-fixtures.ts';

let dir: string;
let input: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'calibrate-'));
  input = join(dir, 'candidates.jsonl');
  const lines = candidates(2_000, 21).map((c) => JSON.stringify(c));
  await writeFile(input, `${lines.join('\n')}\nnot json\n`);
}, SLOW_SETUP_MS);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('recruitment-score calibrate on a generated file', () => {
  const run = (...argv: string[]) => {
    const memory = memoryIo(NOW + 3_600_000);
    return runCalibrate(argv, { io: memory.io }).then((code) => ({ code, ...memory }));
  };

  it(
    'writes a valid suggested model, an HTML report and a JSON report',
    async () => {
      const out = join(dir, 'suggested.yaml');
      const html = join(dir, 'report.html');
      const json = join(dir, 'report.json');
      const result = await run(
        '--input',
        input,
        '--outcome',
        'hs_lead_status=APPLIED,HIRED',
        '--now',
        '2026-11-25T09:00:00Z',
        '--out',
        out,
        '--report',
        html,
        '--json',
        json,
      );
      expect(result.stderr()).toMatch(/row 2001: not valid JSON/);
      expect(result.code).toBe(0);
      expect(result.stdout()).toMatch(/Held-out ROC-AUC: current 0\.\d{3}, suggested 0\.\d{3}/);

      const suggested = await readFile(out, 'utf8');
      expect(suggested).toMatch(
        /^# Calibrated by "recruitment-score calibrate" at 2026-11-25T10:00:00\.000Z/,
      );
      expect(() => parseModel(suggested)).not.toThrow();

      const report = JSON.parse(await readFile(json, 'utf8'));
      expect(report.holdout.current.auc).toBeGreaterThan(0.6);
      expect(report.holdout.suggested.auc).toBeGreaterThan(0.6);
      expect(report.holdout.reference.auc).toBeGreaterThan(0.5);
      expect(report.holdout.suggested.top10).toHaveProperty('lift');
      expect(report.holdout.suggested.calibration.length).toBeGreaterThan(5);
      expect(report.content.length).toBeGreaterThan(5);
      expect(report.content[0]).toHaveProperty('liftInterval.low');
      expect(report.input).toMatchObject({ candidates: 2000, unreadableRows: 1 });
      expect(report.split).toMatchObject({ kind: 'stratified', seed: 1 });

      const page = await readFile(html, 'utf8');
      expect(page).toMatch(/^<!doctype html>/);
      expect(page.match(/<svg /g)?.length).toBeGreaterThanOrEqual(4);
      // Self-contained: nothing is loaded from elsewhere.
      expect(page).not.toMatch(/<script|<link|<img|\bsrc=|href=|url\(/);
    },
    SLOW_SETUP_MS,
  );

  it(
    'splits by time with --time-property',
    async () => {
      const json = join(dir, 'time.json');
      const result = await run(
        '-i',
        input,
        '--outcome',
        'hs_lead_status=APPLIED,HIRED',
        '--now',
        '2026-11-25T09:00:00Z',
        '--time-property',
        'createdate',
        '-o',
        join(dir, 'time.yaml'),
        '--json',
        json,
      );
      expect(result.code).toBe(0);
      const report = JSON.parse(await readFile(json, 'utf8'));
      expect(report.split).toMatchObject({ kind: 'time', timeProperty: 'createdate', seed: null });
      expect(report.leakage.leftOut).toContainEqual({
        property: 'createdate',
        reason: 'time of the split',
      });
    },
    SLOW_SETUP_MS,
  );

  it.each([
    [['--outcome', 'hs_lead_status'], /--outcome must be PROPERTY=VALUE/],
    [
      ['--outcome', 'hs_lead_status=APPLIED', '--from-hubspot'],
      /either --input FILE or --from-hubspot/,
    ],
    [[], /--outcome PROPERTY=VALUE\[,VALUE...\] is required/],
    [['--outcome', 'a=b', '--seed', 'x'], /--seed must be a whole number/],
    [['--outcome', 'a=b', '--now', 'yesterday'], /--now must be an ISO-8601/],
  ])('refuses a wrong command line %j with exit code 2', async (extra, message) => {
    const result = await run('--input', 'x.jsonl', ...extra, '--out', join(dir, 'never.yaml'));
    expect(result.code).toBe(2);
    expect(result.stderr()).toMatch(message);
  });

  it('needs --out', async () => {
    const result = await run('--input', input, '--outcome', 'hs_lead_status=APPLIED');
    expect(result.code).toBe(2);
    expect(result.stderr()).toMatch(/--out FILE is required/);
  });

  it('says when the outcome property is not in the data (exit code 1)', async () => {
    const result = await run(
      '-i',
      input,
      '--outcome',
      'candidate_status=hired',
      '-o',
      join(dir, 'x.yaml'),
    );
    expect(result.code).toBe(1);
    expect(result.stderr()).toMatch(/the outcome property candidate_status is not in the data/);
  });

  it('says when no candidate has the outcome, with the values seen', async () => {
    const result = await run(
      '-i',
      input,
      '--outcome',
      'hs_lead_status=ONBOARDED',
      '-o',
      join(dir, 'x.yaml'),
    );
    expect(result.code).toBe(1);
    expect(result.stderr()).toMatch(/no candidate has hs_lead_status = ONBOARDED.*NEW \(\d+\)/);
  });

  it('says when the input file is missing', async () => {
    const result = await run(
      '-i',
      join(dir, 'missing.jsonl'),
      '--outcome',
      'a=b',
      '-o',
      join(dir, 'x.yaml'),
    );
    expect(result.code).toBe(1);
    expect(result.stderr()).toMatch(/missing\.jsonl: file not found/);
  });

  it('prints its usage with --help', async () => {
    const result = await run('--help');
    expect(result.code).toBe(0);
    expect(result.stdout()).toMatch(/Usage: recruitment-score calibrate/);
  });
});

describe("recruitment-score calibrate and the account's published model", () => {
  it(
    'calibrates the published model from the store when no --model is given',
    async () => {
      const storeDir = await mkdtemp(join(tmpdir(), 'calibrate-store-'));
      try {
        const path = join(storeDir, 'store.db');
        const db = openStoreDatabase(path);
        try {
          const text = trueModelText.replace(/^name: .*$/m, 'name: Published for account 0');
          await createAccountModels(db).publish(0, text, { by: 'test' });
        } finally {
          db.close();
        }
        const memory = memoryIo(NOW + 3_600_000);
        const out = join(storeDir, 'suggested.yaml');
        const code = await runCalibrate(
          [
            '--input',
            input,
            '--outcome',
            'hs_lead_status=APPLIED,HIRED',
            '--no-discovery',
            '--out',
            out,
          ],
          { io: memory.io, env: { DATABASE_URL: `sqlite:${path}` } },
        );
        expect(code).toBe(0);
        expect(memory.stderr()).toContain("model: account 0's published model (version 1)");
        expect(parseModel(await readFile(out, 'utf8')).name).toBe('Published for account 0');
      } finally {
        await rm(storeDir, { recursive: true, force: true });
      }
    },
    SLOW_SETUP_MS,
  );
});

describe('recruitment-score calibrate --from-hubspot', () => {
  it(
    'reads every contact through the HubSpot API (here the sandbox) and calibrates',
    async () => {
      nock.disableNetConnect();
      nock.enableNetConnect('127.0.0.1');
      const sandbox = await startSandbox({ rateLimit: false, now: NOW, accessToken: 'pat-test' });
      try {
        for (const c of candidates(800, 31)) {
          const known = Object.entries(c.properties).filter(
            (e): e is [string, string] => e[1] !== null,
          );
          sandbox.account.createContact(Object.fromEntries(known));
        }
        const memory = memoryIo(NOW + 3_600_000);
        const json = join(dir, 'hubspot.json');
        const code = await runCalibrate(
          [
            '--from-hubspot',
            '--outcome',
            'hs_lead_status=APPLIED,HIRED',
            '--now',
            '2026-11-25T09:00:00Z',
            '--out',
            join(dir, 'hubspot.yaml'),
            '--json',
            json,
          ],
          {
            io: memory.io,
            env: { HUBSPOT_ACCESS_TOKEN: 'pat-test', HUBSPOT_API_BASE_URL: sandbox.baseUrl },
          },
        );
        expect(memory.stderr()).not.toMatch(/pat-test/);
        expect(code).toBe(0);
        const report = JSON.parse(await readFile(json, 'utf8'));
        expect(report.input.candidates).toBe(800);
        const searches = sandbox.account.requests.filter((r) => r.path.endsWith('/search'));
        expect(searches).toHaveLength(4);
        // Search returns no history: every conversion, page and email comes in reads of 50.
        const historyReads = sandbox.account.requests.filter((r) =>
          r.path.endsWith('/contacts/batch/read'),
        );
        expect(historyReads).toHaveLength(16);
        expect(
          (historyReads[0]!.body as { propertiesWithHistory: string[] }).propertiesWithHistory,
        ).toContain('recent_conversion_event_name');
      } finally {
        await sandbox.close();
        nock.enableNetConnect();
      }
    },
    SLOW_SETUP_MS,
  );

  it('says which environment variable is missing', async () => {
    const memory = memoryIo(NOW + 3_600_000);
    const code = await runCalibrate(
      ['--from-hubspot', '--outcome', 'hs_lead_status=APPLIED', '--out', join(dir, 'x.yaml')],
      { io: memory.io, env: {} },
    );
    expect(code).toBe(1);
    expect(memory.stderr()).toMatch(/HUBSPOT_ACCESS_TOKEN is not set/);
  });
});
