import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_MODEL_PATH } from '../../src/model/index.ts';
import { buildHubSpotProject, type BuildOptions } from '../../src/hubspot-project/index.ts';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const repoFile = (path: string) => join(repoRoot, path);
export const readJson = <T = unknown>(path: string): T =>
  JSON.parse(readFileSync(path, 'utf8')) as T;

export function tempDir(prefix = 'hubspot-project-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Builds into `outDir` from the repository (or another root), with the shipped model by default. */
export function build(outDir: string, options: Partial<BuildOptions> = {}) {
  return buildHubSpotProject({
    rootDir: repoRoot,
    outDir,
    modelPath: DEFAULT_MODEL_PATH,
    ...options,
  });
}

/**
 * A repository of its own in a temp folder: its own app.json (a copy, or changed), the real
 * card sources and package.json. For tests that change or rewrite the manifest.
 */
export function scratchRepository(
  changeManifest: (manifest: Record<string, unknown>) => void = () => {},
) {
  const root = tempDir('hubspot-repo-');
  for (const dir of ['extensions', 'src']) symlinkSync(repoFile(dir), join(root, dir), 'dir');
  cpSync(repoFile('package.json'), join(root, 'package.json'));
  cpSync(repoFile('.prettierrc.json'), join(root, '.prettierrc.json'));
  const manifest = readJson<Record<string, unknown>>(repoFile('app.json'));
  changeManifest(manifest);
  writeFileSync(join(root, 'app.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return root;
}

/** A small scoring model: job title and language, nothing else. */
export const SMALL_MODEL_YAML = `
version: 1
name: Language test
score: { min: -100, max: 100 }
tiers:
  - { name: hot, minScore: 10 }
  - { name: cold }
fit:
  groups:
    - id: role
      label: Role
      criteria:
        - id: developer
          label: Developer
          property: jobtitle
          when: { keywords: [developer] }
          points: 10
        - id: dutch
          label: Speaks Dutch
          property: hs_language
          when: { oneOf: [nl] }
          points: 5
engagement:
  touchpoints: []
`;
