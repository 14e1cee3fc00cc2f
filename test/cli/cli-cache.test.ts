import { mkdtemp, readdir, readFile, rm, utimes, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadCachedCli } from '../../bin/cli-cache.js';

/** A tiny package: an entry that reads a file next to its source, and a helper it imports. */
let root: string;
const cacheDir = () => join(root, 'node_modules', '.cache', 'recruitment-score');
const entry = 'src/main.ts';

async function writeSource(path: string, text: string, mtime?: Date): Promise<void> {
  await writeFile(join(root, path), text);
  if (mtime) await utimes(join(root, path), mtime, mtime);
}

async function load(): Promise<{ answer: () => Promise<string> } | undefined> {
  return (await loadCachedCli({ root, entry })) as { answer: () => Promise<string> } | undefined;
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'cli-cache-'));
  await mkdir(join(root, 'src'));
  await writeSource('package.json', '{"type":"module"}');
  await writeSource('src/data.txt', 'from the source folder');
  await writeSource('src/helper.ts', 'export const greeting: string = "hello";\n');
  await writeSource(
    'src/main.ts',
    [
      "import { readFile } from 'node:fs/promises';",
      "import { greeting } from './helper.ts';",
      'export async function answer(): Promise<string> {',
      "  const data = await readFile(new URL('./data.txt', import.meta.url), 'utf8');",
      '  return `${greeting}, ${data}`;',
      '}',
    ].join('\n'),
  );
});

afterEach(async () => {
  delete process.env.RECRUITMENT_SCORE_NO_CACHE;
  await rm(root, { recursive: true, force: true });
});

describe('the command-line cache', () => {
  it('builds the sources once and keeps import.meta.url pointing at each source file', async () => {
    const first = await load();
    expect(await first!.answer()).toBe('hello, from the source folder');
    const builds = (await readdir(cacheDir())).filter((name) => name.startsWith('build-'));
    expect(builds).toHaveLength(1);

    const again = await load();
    expect(await again!.answer()).toBe('hello, from the source folder');
    expect((await readdir(cacheDir())).filter((name) => name.startsWith('build-'))).toEqual(builds);
  });

  it('rebuilds when a source it was built from changes', async () => {
    await load();
    const manifest = JSON.parse(await readFile(join(cacheDir(), 'manifest.json'), 'utf8')) as {
      inputs: [string, number, number][];
    };
    expect(manifest.inputs.map(([path]) => path).sort()).toEqual(
      [
        'package.json',
        'tsconfig.json',
        'node_modules/.package-lock.json',
        'src/helper.ts',
        'src/main.ts',
      ].sort(),
    );

    // Same size, later time: only the time tells the change.
    await writeSource(
      'src/helper.ts',
      'export const greeting: string = "hallo";\n',
      new Date(Date.now() + 5000),
    );
    expect(await (await load())!.answer()).toBe('hallo, from the source folder');
  });

  it('rebuilds after an install (npm rewrites node_modules/.package-lock.json)', async () => {
    await load();
    const before = JSON.parse(await readFile(join(cacheDir(), 'manifest.json'), 'utf8')) as {
      build: string;
    };
    await writeSource('node_modules/.package-lock.json', '{}');
    await load();
    const after = JSON.parse(await readFile(join(cacheDir(), 'manifest.json'), 'utf8')) as {
      build: string;
    };
    expect(after.build).not.toBe(before.build);
  });

  it('builds again when the files of its build were removed', async () => {
    await load();
    const manifest = JSON.parse(await readFile(join(cacheDir(), 'manifest.json'), 'utf8')) as {
      build: string;
    };
    await rm(join(cacheDir(), manifest.build), { recursive: true });
    expect(await (await load())!.answer()).toBe('hello, from the source folder');
  });

  it('gives way to the sources when it cannot build, or when told not to cache', async () => {
    await writeSource('src/main.ts', 'export const broken = ;');
    expect(await load()).toBeUndefined();

    process.env.RECRUITMENT_SCORE_NO_CACHE = '1';
    await writeSource('src/main.ts', 'export const fine = 1;');
    expect(await load()).toBeUndefined();
  });
});
