import { execFile } from 'node:child_process';
import { inspect, promisify } from 'node:util';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { executeFunction, type ServiceConfiguration } from '@hubspot/app-functions-dev-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCORE_PROPERTIES } from '../../src/hubspot/score-properties.ts';
import { signRequestV3 } from '../../src/server/request-signature.ts';
import type {
  AppFunctionContext,
  AppFunctionResponse,
} from '../../src/serverless/app-function-context.ts';
import { buildServerlessBundles, type BundleResult } from '../../src/serverless/build-bundles.ts';
import { anEvent, TEST_CLIENT_SECRET } from '../server/signed-delivery.ts';
import { freshPostgresUrl } from '../store/store-engines.ts';
import {
  ACCESS_TOKEN,
  apiGatewayEvent,
  startServerlessHarness,
  UPDATE_PATH,
  type ServerlessHarness,
} from './serverless-harness.ts';

const FUNCTIONS_BASE_URL = 'https://careers.example.com/hs/serverless';
let outDir: string;
let bundles: BundleResult;
let h: ServerlessHarness;

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), 'serverless-bundles-'));
  bundles = await buildServerlessBundles(outDir);
  h = await startServerlessHarness();
}, 60_000);
afterAll(async () => {
  await h?.close();
  rmSync(outDir, { recursive: true, force: true });
});

const secrets = () => ({
  HUBSPOT_CLIENT_SECRET: TEST_CLIENT_SECRET,
  PRIVATE_APP_ACCESS_TOKEN: ACCESS_TOKEN,
  HUBSPOT_API_BASE_URL: h.sandbox.baseUrl,
  APP_BASE_URL: FUNCTIONS_BASE_URL,
});

type AppFunctionMain = (context: AppFunctionContext) => Promise<AppFunctionResponse>;

describe('serverless bundles (esbuild)', () => {
  it('loads the app function bundle as CommonJS and scores with the model compiled in', async () => {
    const { main } = createRequire(import.meta.url)(bundles.appFunctionEntry) as {
      main: AppFunctionMain;
    };
    const raw = JSON.stringify([anEvent({ objectId: 1005, portalId: 62515 })]);
    const headers = signRequestV3({
      clientSecret: TEST_CLIENT_SECRET,
      method: 'POST',
      uri: `${FUNCTIONS_BASE_URL}/webhooks/hubspot`,
      rawBody: raw,
      nowMs: Date.now(),
    });
    h.clearRequests();
    const response = await main({
      method: 'POST',
      endpoint: 'webhooks/hubspot',
      body: JSON.parse(raw) as unknown,
      headers,
      secrets: secrets(),
    });
    expect(response.statusCode).toBe(200);
    expect(h.requests(UPDATE_PATH)).toHaveLength(1);
    expect(h.sandbox.account.contacts.get('1005')![SCORE_PROPERTIES.score]).toBeDefined();
  });

  it("runs in HubSpot's local app-functions runtime as a card's private function", async () => {
    // The layout that runtime reads (2023.x-2025.1 private apps): app.functions/serverless.json.
    const appDir = join(outDir, 'app');
    const functionsDir = join(appDir, 'app.functions');
    mkdirSync(functionsDir, { recursive: true });
    copyFileSync(bundles.appFunctionEntry, join(functionsDir, 'RecruitmentScoring.js'));
    writeFileSync(
      join(functionsDir, 'serverless.json'),
      JSON.stringify({
        runtime: 'nodejs20.x',
        version: '1.0',
        appFunctions: { recruitmentScoring: { file: 'RecruitmentScoring.js', secrets: [] } },
      }),
    );
    // Secrets the way that runtime takes them: a .env file beside the functions.
    writeFileSync(
      join(functionsDir, '.env'),
      Object.entries(secrets())
        .map(([k, v]) => `${k}=${v}`)
        .join('\n'),
    );
    const silent = { debug() {}, info() {}, warn() {}, error() {} };
    const config: ServiceConfiguration = {
      accountId: 62515,
      app: { path: appDir },
      functionTimeoutMs: 15_000,
      hubspotApiOrigin: h.sandbox.baseUrl,
      hubspotWebsiteOrigin: 'https://app.hubspot.com',
      logger: silent,
      platformVersion: '2025.1',
    };
    const answered = new Promise<unknown>((resolve, reject) => {
      executeFunction(
        config,
        'recruitmentScoring',
        { parameters: { action: 'score', contactId: '1001', portalId: '62515' } },
        resolve,
      ).catch(reject);
    });
    const response = (await answered) as AppFunctionResponse;
    expect(response.statusCode).toBe(200);
    // Scored live at the real time (the bundle has no fixed clock): the shape, not the points.
    expect(response.body).toMatchObject({ contactId: '1001', score: expect.any(Number) as number });
    // Its environment is put back after the call: no secret stays in the process.
    expect(process.env.PRIVATE_APP_ACCESS_TOKEN).toBeUndefined();

    // The runtime (0.11.1) knows platform versions up to 2025.2; 2026.03 it refuses.
    const refusal = await executeFunction(
      { ...config, platformVersion: '2026.03' as ServiceConfiguration['platformVersion'] },
      'recruitmentScoring',
      { parameters: { action: 'score', contactId: '1001', portalId: '62515' } },
      () => {},
    ).then(
      () => 'ran',
      (error: unknown) => inspect(error),
    );
    expect(refusal).toMatch(/Unsupported platform version "2026\.03"/);
  });

  it('loads the Lambda bundle as ESM in plain Node, configured from the environment', async () => {
    // A child process: the bundle runs as Lambda's Node would load it, not through vitest.
    const script = `
      const { handler } = await import(${JSON.stringify(pathToFileURL(bundles.lambdaEntry).href)});
      const event = JSON.parse(process.argv[1]);
      const context = { getRemainingTimeInMillis: () => 30000 };
      process.stdout.write(JSON.stringify(await handler(event, context)));
    `;
    const event = apiGatewayEvent({ method: 'GET', path: '/healthz' });
    // Asynchronous: the sandbox answers from this process while the child runs.
    const { stdout: output } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', script, JSON.stringify(event)],
      {
        env: {
          PATH: process.env.PATH,
          HUBSPOT_CLIENT_SECRET: TEST_CLIENT_SECRET,
          HUBSPOT_ACCESS_TOKEN: ACCESS_TOKEN,
          HUBSPOT_API_BASE_URL: h.sandbox.baseUrl,
          APP_BASE_URL: 'https://r3c7u1tz9a.execute-api.eu-west-1.amazonaws.com/prod',
        },
        encoding: 'utf8',
      },
    );
    const result = JSON.parse(output) as { statusCode: number; body: string };
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toMatchObject({ status: 'ok' });
  });
  it('runs the marketplace app from the Lambda bundle: PostgreSQL and the install flow inside', async () => {
    const databaseUrl = await freshPostgresUrl();
    const script = `
      const { handler } = await import(${JSON.stringify(pathToFileURL(bundles.lambdaEntry).href)});
      const context = { getRemainingTimeInMillis: () => 30000 };
      const answers = [];
      for (const event of JSON.parse(process.argv[1])) answers.push(await handler(event, context));
      process.stdout.write(JSON.stringify(answers));
      process.exit(0);
    `;
    const events = [
      apiGatewayEvent({ method: 'GET', path: '/healthz' }),
      apiGatewayEvent({ method: 'GET', path: '/oauth/install' }),
    ];
    const { stdout: output } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', script, JSON.stringify(events)],
      {
        env: {
          PATH: process.env.PATH,
          HUBSPOT_CLIENT_ID: '7f3c2a10-1111-4222-8333-944455566677',
          HUBSPOT_CLIENT_SECRET: TEST_CLIENT_SECRET,
          TOKEN_ENCRYPTION_KEY: '8d1f4c0a93b27e5566a1f0c3d9e8b7a6152433f4e5d6c7b8a99a8b7c6d5e4f30',
          HUBSPOT_API_BASE_URL: h.sandbox.baseUrl,
          APP_BASE_URL: 'https://r3c7u1tz9a.execute-api.eu-west-1.amazonaws.com/prod',
          DATABASE_URL: databaseUrl,
        },
        encoding: 'utf8',
      },
    );
    const [health, install] = JSON.parse(output) as Array<{
      statusCode: number;
      headers: Record<string, string>;
      cookies?: string[];
    }>;
    expect(health!.statusCode).toBe(200);
    expect(install!.statusCode).toBe(302);
    expect(install!.headers.Location).toMatch(/^https:\/\/app\.hubspot\.com\/oauth\/authorize\?/);
    expect(install!.cookies).toHaveLength(1);
    // OAuth mode reads its tokens' table at start: the bundle opened and migrated the store.
  });
});
