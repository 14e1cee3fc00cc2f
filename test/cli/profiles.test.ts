import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROFILES_MODEL_YAML } from '../scoring/profile-fixtures.ts';
import { jsonLines, runCli } from './cli-helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'profiles-cli-'));
const modelFile = join(dir, 'profiles.yaml');
writeFileSync(modelFile, PROFILES_MODEL_YAML);
const contactsFile = join(dir, 'contacts.jsonl');
writeFileSync(
  contactsFile,
  [
    { id: '1', properties: { jobtitle: 'Java Developer', country: 'NL' } },
    { id: '2', properties: { jobtitle: 'Java Developer', country: 'NL', job_family: 'Zorg' } },
  ]
    .map((c) => JSON.stringify(c))
    .join('\n'),
);

describe('the command line with a model of several fit profiles', () => {
  it('validate-model describes each profile and the pinning', async () => {
    const run = await runCli(['validate-model', modelFile]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Fit profiles (2), the best one counts:');
    expect(run.stdout).toContain('  developer  Software developer: 2 groups');
    expect(run.stdout).toContain('    location  Location: 2 criteria, 1 knockout, at most 15');
    expect(run.stdout).toContain(
      '  Pinned by job_family: its value names the profile (developer, nurse)',
    );
  });

  it('score prints the counting profile and every profile fit', async () => {
    const run = await runCli(['score', '--input', contactsFile, '--model', modelFile]);
    expect(run.code).toBe(0);
    const [best, pinned] = jsonLines(run.stdout) as unknown as {
      profile: string;
      profiles: { id: string; fit: number; pinned: boolean }[];
      fit: number;
    }[];
    expect([best!.profile, best!.fit]).toEqual(['developer', 45]);
    expect([pinned!.profile, pinned!.fit]).toEqual(['nurse', 0]);
    expect(pinned!.profiles.map((p) => [p.id, p.fit, p.pinned])).toEqual([
      ['developer', 45, false],
      ['nurse', 0, true],
    ]);
  });

  it('calibrate refuses the model with a clear message, writing nothing', async () => {
    const out = join(dir, 'suggested.yaml');
    const run = await runCli([
      'calibrate',
      '--input',
      contactsFile,
      '--outcome',
      'hs_lead_status=APPLIED',
      '--model',
      modelFile,
      '--out',
      out,
    ]);
    expect(run.code).toBe(1);
    expect(existsSync(out)).toBe(false);
    expect(run.stderr).toContain(
      'fit.profiles: calibrate does not learn several fit profiles yet; calibrate a model with one profile (fit.groups) per job family',
    );
  });
});
