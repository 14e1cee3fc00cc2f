import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/calibration/random.ts';
import { runCalibrate } from '../../src/cli/calibrate-command.ts';
import { parseModel } from '../../src/model/index.ts';
import { candidates, isOutcome, memoryIo, SLOW_SETUP_MS } from './calibration-fixtures.ts';

/** `calibrate --max-criteria N` and `--no-discovery`, through the command line. */
const run = (...argv: string[]) => {
  const memory = memoryIo();
  return runCalibrate(argv, { io: memory.io }).then((code) => ({ code, ...memory }));
};

let dir: string;
let input: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'discovery-'));
  input = join(dir, 'candidates.jsonl');
  // A specialization mostly missing for those who never apply: a signal the model lacks.
  const random = seededRandom(5);
  const lines = candidates(2_500, 31).map((c) => {
    const given = random.chance(isOutcome(c) ? 0.9 : 0.45);
    return JSON.stringify({
      ...c,
      properties: { ...c.properties, specialization: given ? 'Backend' : '' },
    });
  });
  await writeFile(input, `${lines.join('\n')}\n`);
}, SLOW_SETUP_MS);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const common = () => [
  '-i',
  input,
  '--outcome',
  'hs_lead_status=APPLIED,HIRED',
  '--now',
  '2026-11-25T09:00:00Z',
];

describe('recruitment-score calibrate with discovery', () => {
  it(
    'proposes criteria by default, within --max-criteria, in the model, the JSON and the HTML report',
    async () => {
      const out = join(dir, 'suggested.yaml');
      const json = join(dir, 'report.json');
      const html = join(dir, 'report.html');
      const result = await run(
        ...common(),
        '--max-criteria',
        '2',
        '-o',
        out,
        '--json',
        json,
        '--report',
        html,
      );
      expect(result.code).toBe(0);
      const report = JSON.parse(await readFile(json, 'utf8'));
      expect(report.discovery.maxCriteria).toBe(2);
      const labels: string[] = report.discovery.proposed.map((p: { label: string }) => p.label);
      expect(labels).toContain('Specialization not given');
      expect(labels.length).toBeLessThanOrEqual(2);
      expect(result.stdout()).toMatch(/Discovered: .*Specialization not given -\d+/);
      const model = parseModel(await readFile(out, 'utf8'));
      expect(model.fit.groups.at(-1)!.criteria.map((c) => c.label)).toEqual(labels);
      const page = await readFile(html, 'utf8');
      expect(page).toContain('<h2>Discovered criteria</h2>');
      expect(page).toContain('Specialization niet ingevuld');
    },
    SLOW_SETUP_MS,
  );

  it(
    'proposes nothing with --no-discovery',
    async () => {
      const out = join(dir, 'plain.yaml');
      const json = join(dir, 'plain.json');
      const result = await run(...common(), '--no-discovery', '-o', out, '--json', json);
      expect(result.code).toBe(0);
      const report = JSON.parse(await readFile(json, 'utf8'));
      expect(report.discovery).toMatchObject({ on: false, proposed: [] });
      expect(await readFile(out, 'utf8')).not.toContain('id: discovered');
    },
    SLOW_SETUP_MS,
  );

  it(
    'starts hot where the outcome rate reaches --hot-rate, and says so in the model and report',
    async () => {
      const out = join(dir, 'hot-rate.yaml');
      const json = join(dir, 'hot-rate.json');
      const result = await run(...common(), '--hot-rate', '60%', '-o', out, '--json', json);
      expect(result.code).toBe(0);
      const report = JSON.parse(await readFile(json, 'utf8'));
      expect(report.tiers.basis).toContain('reach an outcome rate of 60%');
      const hot = report.tiers.tiers.find((t: { name: string }) => t.name === 'hot');
      expect(hot.outcomeRateAfter).toBeGreaterThan(0.5);
      expect(await readFile(out, 'utf8')).toContain('reach an outcome rate of 60%');
    },
    SLOW_SETUP_MS,
  );

  it.each([
    [['--max-criteria', 'many'], /--max-criteria must be a whole number of 0 or more/],
    [['--max-criteria=-1'], /--max-criteria must be a whole number of 0 or more/],
    [['--max-criteria', '3', '--no-discovery'], /either --max-criteria or --no-discovery/],
    [['--hot-rate', '1.5'], /--hot-rate must be an outcome rate between 0 and 1.*"1\.5"/],
    [['--hot-rate', '%'], /--hot-rate must be an outcome rate between 0 and 1/],
  ])('refuses %j with exit code 2', async (extra, message) => {
    const result = await run(...common(), ...extra, '-o', join(dir, 'never.yaml'));
    expect(result.code).toBe(2);
    expect(result.stderr()).toMatch(message);
  });
});
