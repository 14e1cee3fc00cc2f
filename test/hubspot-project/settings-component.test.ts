import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build as esbuild } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKEND_BASE_URL } from '../../extensions/backend-config.ts';
import { SETTINGS_PAGE_SCOPES } from '../../src/hubspot-project/index.ts';
import { build, readJson, removeDir, repoFile, tempDir } from './project-fixtures.ts';

let dir: string;
let project: string;
const settingsDir = () => join(project, 'src', 'app', 'settings');

function filesUnder(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const path = join(root, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

beforeAll(async () => {
  dir = tempDir();
  project = join(dir, 'project');
  await build(project);
});

afterAll(() => removeDir(dir));

describe('the settings page in the generated HubSpot project', () => {
  it('has a settings component whose config holds only the entrypoint, the entry calling hubspot.extend', () => {
    const meta = readJson<{ uid: string; type: string; config: { entrypoint: string } }>(
      join(settingsDir(), 'settings-hsmeta.json'),
    );
    expect(meta).toEqual({
      uid: 'recruitment_lead_scoring_settings',
      type: 'settings',
      config: { entrypoint: '/app/settings/recruitment-settings-page.tsx' },
    });
    const entry = readFileSync(join(project, 'src', meta.config.entrypoint), 'utf8');
    expect(entry).toBe(readFileSync(repoFile('extensions/recruitment-settings-page.tsx'), 'utf8'));
    expect(entry).toContain("hubspot.extend<'settings'>");
  });

  it('pins its packages (the yaml parser among them) to the repository’s exact versions', () => {
    const root = readJson<{ dependencies: Record<string, string> }>(repoFile('package.json'));
    const pkg = readJson<{ name: string; dependencies: Record<string, string> }>(
      join(settingsDir(), 'package.json'),
    );
    expect(pkg.name).toBe('recruitment-lead-scoring-settings');
    expect(pkg.dependencies).toEqual({
      '@hubspot/ui-extensions': root.dependencies['@hubspot/ui-extensions'],
      react: root.dependencies.react,
      yaml: root.dependencies.yaml,
      zod: root.dependencies.zod,
    });
  });

  it('bundles from the project alone, with the settings contract copied in and no node: module', async () => {
    const pkg = readJson<{ dependencies: Record<string, string> }>(
      join(settingsDir(), 'package.json'),
    );
    const bundle = await esbuild({
      entryPoints: [join(settingsDir(), 'recruitment-settings-page.tsx')],
      absWorkingDir: settingsDir(),
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'esm',
      jsx: 'automatic',
      packages: 'external',
      metafile: true,
      logLevel: 'silent',
    });
    expect(bundle.errors).toEqual([]);
    const inputs = Object.keys(bundle.metafile.inputs);
    expect(inputs.filter((i) => i.startsWith('..'))).toEqual([]);
    expect(inputs).toContain('shared/settings-api/settings-contract.ts');
    const external = Object.values(bundle.metafile.inputs)
      .flatMap((input) => input.imports)
      .filter((imp) => imp.external)
      .map((imp) => imp.path);
    expect(external.filter((p) => p.startsWith('node:'))).toEqual([]);
    const packages = external.map((p) =>
      (p.startsWith('@') ? p.split('/').slice(0, 2) : p.split('/').slice(0, 1)).join('/'),
    );
    expect(packages.filter((p) => !(p in pkg.dependencies))).toEqual([]);
    const everyFile = filesUnder(settingsDir()).map((f) => relative(settingsDir(), f));
    expect(everyFile.filter((f) => f.includes('card-api') || f.includes('score-card'))).toEqual([]);
  });

  it('talks to the backend the manifest permits, and asks for the users scope with its reason', () => {
    const app = readJson<{
      config: { permittedUrls: { fetch: string[] }; auth: { requiredScopes: string[] } };
    }>(join(project, 'src', 'app', 'app-hsmeta.json'));
    const config = readFileSync(join(settingsDir(), 'backend-config.ts'), 'utf8');
    expect(config).toContain(`export const BACKEND_BASE_URL = '${BACKEND_BASE_URL}'`);
    expect(app.config.permittedUrls.fetch).toContain(BACKEND_BASE_URL);
    expect(app.config.auth.requiredScopes).toContain('settings.users.read');
    expect(SETTINGS_PAGE_SCOPES['settings.users.read']).toMatch(/super admin/);
  });

  it('moves the settings page to another backend with --base-url', async () => {
    const moved = join(dir, 'moved');
    await build(moved, { baseUrl: 'https://scoring.elsewhere.test' });
    const config = readFileSync(join(moved, 'src', 'app', 'settings', 'backend-config.ts'), 'utf8');
    expect(config).toContain("export const BACKEND_BASE_URL = 'https://scoring.elsewhere.test'");
  });
});
