import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const BIN = 'bin/recruitment-score.js';
const CACHE_MANIFEST = 'node_modules/.cache/recruitment-score/manifest.json';

/** Through the real bin, as `npx recruitment-score` runs it: no build step. */
describe('the recruitment-score bin', () => {
  it('is the package bin and scores the sample file as a summary', async () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { bin: Record<string, string> };
    expect(pkg.bin['recruitment-score']).toBe(BIN);
    expect(readFileSync(BIN, 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);

    const { stdout, stderr } = await run(process.execPath, [
      BIN,
      'score',
      '--input',
      'samples/latent-candidates.jsonl',
      '--format',
      'summary',
      '--now',
      '2026-11-25T09:00:00Z',
    ]);

    expect(stderr).toBe('');
    expect(stdout).toContain('42 contacts scored');
    expect(stdout).toMatch(/^hot +\d+/m);
    // It ran the cached bundle (see bin/cli-cache.js), built from these very sources.
    const manifest = JSON.parse(readFileSync(CACHE_MANIFEST, 'utf8')) as { inputs: [string][] };
    expect(manifest.inputs.map(([path]) => path)).toContain('src/cli/score-command.ts');

    // And the sources through tsx, without the cache, say the same.
    const direct = await run(
      process.execPath,
      [
        BIN,
        'score',
        '-i',
        'samples/latent-candidates.jsonl',
        '-f',
        'summary',
        '--now',
        '2026-11-25T09:00:00Z',
      ],
      { env: { ...process.env, RECRUITMENT_SCORE_NO_CACHE: '1' } },
    );
    expect(direct.stdout).toBe(stdout);
  });

  it('runs from any directory, reads stdin and exits with the documented codes', async () => {
    const child = execFile(
      process.execPath,
      [resolve(BIN), 'score', '-i', '-', '--input-format', 'jsonl'],
      { cwd: tmpdir() },
    );
    let stdout = '';
    child.stdout!.on('data', (text: string) => (stdout += text));
    child.stdin!.end('{"id":"9","properties":{"country":"NL","jobtitle":"Developer"}}\n');
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ id: '9', tier: expect.any(String) });

    await expect(
      run(process.execPath, [BIN, 'validate-model', 'no/such.yaml']),
    ).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('file not found') });
    await expect(run(process.execPath, [BIN, 'score', '--now', 'soon'])).rejects.toMatchObject({
      code: 2,
    });
  });
});
