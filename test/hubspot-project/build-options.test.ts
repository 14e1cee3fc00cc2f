import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { BACKEND_BASE_URL } from '../../extensions/backend-config.ts';
import {
  ProjectBuildError,
  runHubSpotProjectCommand,
  subscribedContactProperties,
  type WebhookSubscriptions,
} from '../../src/hubspot-project/index.ts';
import {
  build,
  readJson,
  removeDir,
  repoFile,
  repoRoot,
  scratchRepository,
  SMALL_MODEL_YAML,
  tempDir,
} from './project-fixtures.ts';

const dirs: string[] = [];
const scratch = (dir: string) => (dirs.push(dir), dir);
afterEach(() => dirs.splice(0).forEach(removeDir));

const webhooksOf = (project: string) =>
  readJson<{
    config: { settings: { targetUrl: string }; subscriptions: Partial<WebhookSubscriptions> };
  }>(join(project, 'src/app/webhooks/webhooks-hsmeta.json')).config;
const appOf = (project: string) =>
  readJson<{ config: Record<string, unknown> & { auth: Record<string, unknown> } }>(
    join(project, 'src/app/app-hsmeta.json'),
  ).config;
const propertiesOf = (project: string) =>
  subscribedContactProperties({
    crmObjects: [],
    legacyCrmObjects: [],
    hubEvents: [],
    ...webhooksOf(project).subscriptions,
  });

function smallModel(dir: string): string {
  const path = join(dir, 'language.yaml');
  writeFileSync(path, SMALL_MODEL_YAML);
  return path;
}

async function run(argv: string[], env: Record<string, string> = {}, cwd = repoRoot) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runHubSpotProjectCommand(argv, {
    rootDir: repoRoot,
    cwd,
    env,
    print: (l) => out.push(l),
    printError: (l) => err.push(l),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('building the HubSpot project', () => {
  it('--model: the webhook subscriptions follow another model, and it says app.json differs', async () => {
    const dir = scratch(tempDir());
    const { code, err } = await run(['--model', smallModel(dir), '--out', join(dir, 'p')]);
    expect(code).toBe(0);
    expect(propertiesOf(join(dir, 'p'))).toEqual(['hs_language', 'jobtitle']);
    expect(err).toContain('app.json lists other webhook subscriptions than Language test needs');
  });

  it('SCORING_MODEL is the model when --model is not given', async () => {
    const dir = scratch(tempDir());
    const { code } = await run(['--out', join(dir, 'p')], { SCORING_MODEL: smallModel(dir) });
    expect(code).toBe(0);
    expect(propertiesOf(join(dir, 'p'))).toEqual(['hs_language', 'jobtitle']);
  });

  it('--private builds a static-token private app: no OAuth redirect, no oauth scope', async () => {
    const dir = scratch(tempDir());
    const result = await build(join(dir, 'p'), { privateApp: true });
    const app = appOf(join(dir, 'p'));
    expect(app.distribution).toBe('private');
    expect(app.auth).toEqual({
      type: 'static',
      requiredScopes: result.manifest.auth.requiredScopes,
      optionalScopes: [],
      conditionallyRequiredScopes: [],
    });
    expect(app.auth.requiredScopes).not.toContain('oauth');
  });

  it('--base-url moves the webhook target, OAuth redirect, fetch URL and the card’s backend together', async () => {
    const dir = scratch(tempDir());
    const project = join(dir, 'p');
    await build(project, { baseUrl: 'https://scoring.acme.example' });
    expect(webhooksOf(project).settings.targetUrl).toBe(
      'https://scoring.acme.example/webhooks/hubspot',
    );
    const app = appOf(project);
    expect(app.auth.redirectUrls).toEqual(['https://scoring.acme.example/oauth/callback']);
    expect(app.permittedUrls).toEqual({
      fetch: ['https://scoring.acme.example'],
      iframe: [],
      img: [],
    });
    const config = readFileSync(join(project, 'src/app/cards/backend-config.ts'), 'utf8');
    expect(config).toContain("export const BACKEND_BASE_URL = 'https://scoring.acme.example';");
    expect(config).not.toContain(BACKEND_BASE_URL);
  });

  it('empties the output folder first: a file of an earlier build is gone', async () => {
    const dir = scratch(tempDir());
    const project = join(dir, 'p');
    await build(project);
    mkdirSync(join(project, 'src/app/cards/old'), { recursive: true });
    writeFileSync(join(project, 'src/app/cards/old/removed-card-hsmeta.json'), '{}');
    await build(project);
    expect(existsSync(join(project, 'src/app/cards/old'))).toBe(false);
  });

  it('refuses to empty a folder that holds no earlier project', async () => {
    const dir = scratch(tempDir());
    writeFileSync(join(dir, 'notes.txt'), 'keep me');
    await expect(build(dir)).rejects.toThrow(/is not empty and holds no hsproject.json/);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('keep me');
  });

  it('refuses to build when app.json disagrees with the card’s backend, and says what to change', async () => {
    const root = scratch(
      scratchRepository((m) => {
        (m.webhooks as { targetUrl: string }).targetUrl =
          'https://old-host.example.com/webhooks/hubspot';
      }),
    );
    const error = await build(join(root, 'out'), { rootDir: root }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProjectBuildError);
    expect((error as ProjectBuildError).problems).toEqual([
      `app.json: webhooks.targetUrl: is https://old-host.example.com/webhooks/hubspot, must be ${BACKEND_BASE_URL}/webhooks/hubspot (the backend's webhook endpoint)`,
    ]);
  });

  it('--sync-manifest writes the model’s subscriptions into app.json, formatted, and the drift is gone', async () => {
    const root = scratch(scratchRepository());
    const model = smallModel(root);
    const first = await build(join(root, 'out'), {
      rootDir: root,
      modelPath: model,
      syncManifest: true,
    });
    expect(first.warnings).toEqual([
      'app.json: webhook subscriptions updated to follow Language test',
    ]);
    const manifest = readJson<{ webhooks: { subscriptions: WebhookSubscriptions } }>(
      join(root, 'app.json'),
    );
    expect(subscribedContactProperties(manifest.webhooks.subscriptions)).toEqual([
      'hs_language',
      'jobtitle',
    ]);
    const text = readFileSync(join(root, 'app.json'), 'utf8');
    const prettier = await import('prettier');
    expect(
      await prettier.check(text, {
        ...(await prettier.resolveConfig(join(root, 'app.json'))),
        filepath: join(root, 'app.json'),
      }),
    ).toBe(true);
    const second = await build(join(root, 'out'), { rootDir: root, modelPath: model });
    expect(second.warnings).toEqual([]);
  });
});

describe('npm run hubspot:project', () => {
  it('prints every file it wrote and the URLs that must agree with APP_BASE_URL', async () => {
    const dir = scratch(tempDir());
    const { code, out, err } = await run(['--out', join(dir, 'p')]);
    expect(code).toBe(0);
    expect(err).toBe('');
    for (const file of [
      'hsproject.json',
      'src/app/app-hsmeta.json',
      'src/app/cards/recruitment-score-card-hsmeta.json',
      'src/app/cards/recruitment-score-card.tsx',
      'src/app/cards/package.json',
      'src/app/cards/shared/card-api/score-response.ts',
      'src/app/webhooks/webhooks-hsmeta.json',
    ]) {
      expect(out).toContain(`\n  ${file}\n`);
    }
    expect(out).toContain(`APP_BASE_URL must be ${BACKEND_BASE_URL}`);
    expect(out).toContain(`webhook target   ${BACKEND_BASE_URL}/webhooks/hubspot`);
    expect(out).toContain(`OAuth redirect   ${BACKEND_BASE_URL}/oauth/callback`);
  });

  it('answers a wrong option or a non-https base URL with usage and exit code 2', async () => {
    const unknown = await run(['--outt', 'x']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("Unknown option '--outt'");
    expect(unknown.err).toContain('Usage: npm run hubspot:project');
    const http = await run(['--base-url', 'http://scoring.example.com']);
    expect(http).toEqual({
      code: 2,
      out: '',
      err: 'hubspot:project: --base-url must be an https URL, like https://scoring.example.com',
    });
  });

  it('answers a broken model with its problems and exit code 1', async () => {
    const dir = scratch(tempDir());
    writeFileSync(join(dir, 'broken.yaml'), 'version: 1\nname: [');
    const { code, err } = await run(['--model', join(dir, 'broken.yaml'), '--out', join(dir, 'p')]);
    expect(code).toBe(1);
    expect(err).toContain('YAML');
    expect(existsSync(join(dir, 'p'))).toBe(false);
  });

  it('runs with tsx, no build step; --out is taken from the folder the command was typed in', async () => {
    const dir = scratch(tempDir());
    // As npm runs it: from the package root, with INIT_CWD naming where the user typed it.
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', repoFile('scripts/hubspot-project.ts'), '--out', 'p'],
      { cwd: repoRoot, env: { ...process.env, INIT_CWD: dir, SCORING_MODEL: '' } },
    );
    expect(stdout).toContain(
      'HubSpot project (platform 2026.03, marketplace app, oauth auth) in p:',
    );
    expect(existsSync(join(dir, 'p', 'hsproject.json'))).toBe(true);
  });
});
