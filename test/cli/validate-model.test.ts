import { describe, expect, it } from 'vitest';
import { runCli, scratchFolder, SMALL_MODEL } from './cli-helpers.ts';

const file = scratchFolder();

describe('validate-model', () => {
  it('describes the default model: groups, channels, tiers, range and properties read', async () => {
    const { code, stdout, stderr } = await runCli([
      'validate-model',
      'models/recruitment-default.yaml',
    ]);

    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/^models\/recruitment-default\.yaml: valid scoring model "/);
    expect(stdout).toMatch(/^ {2}location +Location: \d+ criteria, 1 knockout/m);
    expect(stdout).toMatch(/^ {2}email +\d+ touchpoints, at most \d+ points \(email-opens/m);
    expect(stdout).toMatch(/^Tiers: hot >= \d+, warm >= \d+, cold \(the rest\), disqualified/m);
    expect(stdout).toMatch(/^Score range: -?\d+ to \d+$/m);
    expect(stdout).toMatch(/^Properties read \(\d+\):\n {2}.*country/m);
  });

  it('describes a small model exactly', async () => {
    const model = file('small.yaml', SMALL_MODEL);

    const { code, stdout } = await runCli(['validate-model', model]);

    expect(code).toBe(0);
    expect(stdout.split('\n').slice(1)).toEqual([
      '',
      'Fit groups (1):',
      '  location  Location: 2 criteria, 1 knockout',
      '',
      'Engagement touchpoints (1) per channel:',
      '  content    1 touchpoint, at most 30 points (forms)',
      '',
      'Tiers: hot >= 60, cold (the rest), disqualified (knockouts)',
      'Score range: 0 to 100',
      '',
      'Properties read (2):',
      '  country, num_conversion_events',
      '',
    ]);
  });

  it('exits 1 with every problem of a model that is not valid', async () => {
    const model = file(
      'bad.yaml',
      SMALL_MODEL.replace('points: 40', 'points: forty').replace(
        '{ name: cold }',
        '{ name: disqualified }',
      ),
    );

    const { code, stdout, stderr } = await runCli(['validate-model', model]);

    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('the scoring model is not valid (2 problems)');
    expect(stderr).toMatch(/^ {2}- fit\.groups\[0\]\.criteria\[0\]\.points: expected a number/m);
    expect(stderr).toMatch(/^ {2}- tiers\[1\]\.name: .*reserved for knockouts/m);
  });

  it('exits 1 for a file that is not YAML, and 2 without a file', async () => {
    const model = file('garbage.yaml', 'version: 1\n  name: [unclosed\n');

    const garbage = await runCli(['validate-model', model]);
    const missing = await runCli(['validate-model']);

    expect(garbage.code).toBe(1);
    expect(garbage.stderr).toMatch(/^ {2}- YAML: /m);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^validate-model: which model file\?/);
  });
});
