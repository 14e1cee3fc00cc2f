import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getProjectMetadata } from '@hubspot/project-parsing-lib/projects';
import type { IntermediateRepresentationNode } from '@hubspot/project-parsing-lib/translate';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  APP_FUNCTION_UID,
  ProjectBuildError,
  runHubSpotProjectCommand,
} from '../../src/hubspot-project/index.ts';
import { DOCUMENTED_COMPONENT_SCHEMAS } from './documented-schemas.ts';
import { build, removeDir, repoRoot, SMALL_MODEL_YAML, tempDir } from './project-fixtures.ts';

/**
 * `--private --app-function`: the backend hosted by HubSpot. The bundle takes about 2 s of CPU,
 * so the project is built once (through the command) and every check reads that build.
 */

const BASE_URL = 'https://careers.example.com/hs/serverless';
const ENDPOINT = `${BASE_URL}/webhooks/hubspot`;
const ACCOUNT_ID = 123456;
const FAKE_KEY = 'offline-test-key'; // not a credential: nock answers, nothing leaves the machine
const URL_TOKEN = '5f0c3a9e7b214d8c9e6f1a2b3c4d5e6f708192a3b4c5d6e7';

let dir: string;
let project: string;
let command: { code: number; out: string; err: string };
let nodes: IntermediateRepresentationNode[];
let skipped: string[];
let translate: typeof import('@hubspot/project-parsing-lib/translate').translate;

const srcDir = () => join(project, 'src');
const functionsDir = () => join(srcDir(), 'app', 'functions');
const nodeOfType = (type: string) => nodes.filter((n) => n.componentType === type);

async function run(argv: string[], env: Record<string, string> = { WEBHOOK_URL_TOKEN: URL_TOKEN }) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runHubSpotProjectCommand(argv, {
    rootDir: repoRoot,
    cwd: repoRoot,
    env,
    print: (l) => out.push(l),
    printError: (l) => err.push(l),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  // The HubSpot CLI library's environment-only account: an API key needs no token exchange.
  vi.stubEnv('USE_ENVIRONMENT_HUBSPOT_CONFIG', 'true');
  vi.stubEnv('HUBSPOT_ACCOUNT_ID', String(ACCOUNT_ID));
  vi.stubEnv('HUBSPOT_API_KEY', FAKE_KEY);
  nock.disableNetConnect();
  ({ translate } = await import('@hubspot/project-parsing-lib/translate'));
  dir = tempDir();
  project = join(dir, 'project');
  const model = join(dir, 'language.yaml');
  writeFileSync(model, SMALL_MODEL_YAML);
  command = await run([
    '--private',
    '--app-function',
    '--base-url',
    BASE_URL,
    '--model',
    model,
    '--out',
    project,
  ]);
  const translated = await translate(
    { projectSourceDir: srcDir(), platformVersion: '2026.03' },
    { skipValidation: true },
  );
  nodes = Object.values(translated.intermediateRepresentation.intermediateNodesIndexedByUid);
  skipped = translated.skippedHsMetaFiles;
});

afterEach(() => nock.cleanAll());

afterAll(() => {
  vi.unstubAllEnvs();
  nock.enableNetConnect();
  removeDir(dir);
});

describe('a private app with the HubSpot-hosted app function', () => {
  it('is built by the command, which names the endpoint and the secrets to add', () => {
    expect(command.code).toBe(0);
    expect(command.out).toContain(`App function "${APP_FUNCTION_UID}"`);
    expect(command.out).toContain(`takes the webhooks at ${ENDPOINT}?token=$WEBHOOK_URL_TOKEN`);
    expect(command.out).toContain(
      'HUBSPOT_CLIENT_SECRET HUBSPOT_ACCESS_TOKEN APP_BASE_URL WEBHOOK_URL_TOKEN',
    );
    expect(command.out).toContain(`APP_BASE_URL=${BASE_URL}`);
  });

  it('says plainly that signatures cannot reach the function, and never prints the token', () => {
    expect(command.err).toContain(
      "warning: HubSpot's runtime for app functions passes no X-HubSpot-Signature-v3 header",
    );
    expect(command.err).toContain('a bearer secret in a URL');
    expect(command.err).toContain('rotate the token');
    expect(`${command.out}\n${command.err}`).not.toContain(URL_TOKEN);
  });

  it('has the card call the function with hubspot.serverless, not hubspot.fetch to a URL', () => {
    const config = readFileSync(join(srcDir(), 'app', 'cards', 'backend-config.ts'), 'utf8');
    expect(config).toContain(
      "export const BACKEND_TRANSPORT: 'fetch' | 'app-function' = 'app-function';",
    );
    expect(config).toContain(`export const APP_FUNCTION_NAME = '${APP_FUNCTION_UID}';`);
  });

  it('holds the app function beside the app, card and webhooks, and no skipped hsmeta file', async () => {
    const metadata = await getProjectMetadata(srcDir());
    expect(metadata.components['app-function']!.count).toBe(1);
    expect(skipped).toEqual([]);
    expect(nodes.map((n) => [n.componentType, n.uid]).sort()).toEqual([
      ['APPLICATION', 'recruitment_lead_scoring'],
      ['APP_FUNCTION', APP_FUNCTION_UID],
      ['CARD', 'recruitment_score_card'],
      // The parser's own component for the functions folder's package.json.
      ['SERVERLESS_PACKAGE', 'hubspot-serverless-package-uid'],
      ['SETTINGS', 'recruitment_lead_scoring_settings'],
      ['WEBHOOKS', 'recruitment_lead_scoring_webhooks'],
    ]);
  });

  it('runs the bundled function on a public POST endpoint with the server’s secrets', () => {
    const [fn] = nodeOfType('APP_FUNCTION');
    expect(fn!.config).toEqual({
      entrypoint: '/app/functions/RecruitmentScoring.js',
      endpoint: { path: 'webhooks/hubspot', methods: ['POST'] },
      secretKeys: [
        'HUBSPOT_CLIENT_SECRET',
        'HUBSPOT_ACCESS_TOKEN',
        'APP_BASE_URL',
        'WEBHOOK_URL_TOKEN',
      ],
    });
    expect(fn!.componentDeps).toMatchObject({
      app: 'recruitment_lead_scoring',
      serverlessPackage: 'hubspot-serverless-package-uid',
    });
    expect(existsSync(join(functionsDir(), 'RecruitmentScoring.js'))).toBe(true);
    expect(JSON.parse(readFileSync(join(functionsDir(), 'package.json'), 'utf8'))).toMatchObject({
      dependencies: {},
    });
  });

  it('compiles the chosen model into the function', () => {
    const bundle = readFileSync(join(functionsDir(), 'RecruitmentScoring.js'), 'utf8');
    expect(bundle).toContain('name: Language test');
  });

  it('sends the webhooks to the function’s public endpoint, with the token in the URL', () => {
    const [webhooks] = nodeOfType('WEBHOOKS');
    expect((webhooks!.config as { settings: { targetUrl: string } }).settings.targetUrl).toBe(
      `${ENDPOINT}?token=${URL_TOKEN}`,
    );
    // The repository's manifest never holds it.
    expect(readFileSync(join(repoRoot, 'app.json'), 'utf8')).not.toContain(URL_TOKEN);
    const [app] = nodeOfType('APPLICATION');
    expect(app!.config).toMatchObject({ distribution: 'private', auth: { type: 'static' } });
  });

  it('passes the parser’s full validation against the documented fields (offline)', async () => {
    const scope = nock('https://api.hubapi.com')
      .get('/project-components-external/project-schemas/v3/2026.03')
      .query({ portalId: String(ACCOUNT_ID), hapikey: FAKE_KEY })
      .reply(200, DOCUMENTED_COMPONENT_SCHEMAS);
    const result = await translate({
      projectSourceDir: srcDir(),
      platformVersion: '2026.03',
      accountId: ACCOUNT_ID,
    });
    scope.done();
    expect(result.skippedHsMetaFiles).toEqual([]);
    expect(result.intermediateRepresentation.intermediateNodesIndexedByUid).toHaveProperty(
      APP_FUNCTION_UID,
    );
  });
});

describe('the app function refused', () => {
  it('without a webhook URL token, or with one too short to be a secret', async () => {
    const args = ['--private', '--app-function', '--base-url', BASE_URL];
    const none = await run([...args, '--out', join(dir, 'no-token')], {});
    expect(none.code).toBe(1);
    expect(none.err).toContain('--app-function needs WEBHOOK_URL_TOKEN');
    expect(none.err).toContain('hs secret add WEBHOOK_URL_TOKEN');
    const short = await run([...args, '--out', join(dir, 'short-token')], {
      WEBHOOK_URL_TOKEN: 'secret',
    });
    expect(short.code).toBe(1);
    expect(short.err).toContain('WEBHOOK_URL_TOKEN must be at least 32');
    expect(existsSync(join(dir, 'no-token'))).toBe(false);
  });

  it('for the marketplace app, by the command, before anything is built', async () => {
    const out = join(dir, 'marketplace');
    const { code, err } = await run(['--app-function', '--base-url', BASE_URL, '--out', out]);
    expect(code).toBe(2);
    expect(err).toContain('--app-function needs --private');
    expect(err).toContain('a marketplace (OAuth) app cannot have them');
    expect(existsSync(out)).toBe(false);
  });

  it('for the marketplace app, by the builder', async () => {
    const out = join(dir, 'marketplace-builder');
    const error = await build(out, { appFunction: true, baseUrl: BASE_URL }).catch((e) => e);
    expect(error).toBeInstanceOf(ProjectBuildError);
    expect(String(error)).toContain('--app-function needs --private');
    expect(existsSync(out)).toBe(false);
  });

  it('without the function’s base URL, or with one the function is not reached at', async () => {
    const missing = await build(join(dir, 'no-base'), { privateApp: true, appFunction: true })
      .then(() => undefined)
      .catch((e: unknown) => e);
    expect(String(missing)).toContain(
      '--app-function needs --base-url https://<connected-domain>/hs/serverless',
    );
    const elsewhere = await build(join(dir, 'elsewhere'), {
      privateApp: true,
      appFunction: true,
      baseUrl: 'https://careers.example.com',
    }).catch((e: unknown) => e);
    expect(elsewhere).toBeInstanceOf(ProjectBuildError);
    expect(String(elsewhere)).toContain('the webhooks would not reach it');
  });
});
