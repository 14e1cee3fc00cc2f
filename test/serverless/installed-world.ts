import nock from 'nock';
import { afterEach, beforeEach } from 'vitest';
import { templateText } from '../../src/model/templates.ts';
import { parseModel } from '../../src/model/index.ts';
import { createTokenCipher } from '../../src/oauth/token-cipher.ts';
import { runDueSweep } from '../../src/recalculation/index.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { compileModel, type CompiledModel } from '../../src/scoring/index.ts';
import { SCORE_PROPERTIES } from '../../src/hubspot/score-properties.ts';
import { createHubSpotAdapter, createHubSpotClient } from '../../src/hubspot/index.ts';
import { realClock } from '../../src/hubspot/rate-budget.ts';
import { silentLogger } from '../../src/server/logger.ts';
import { createLambdaHandler, type LambdaHandler } from '../../src/serverless/lambda.ts';
import {
  createServerlessRuntime,
  type ServerlessRuntime,
} from '../../src/serverless/serverless-runtime.ts';
import { openStore, type Store } from '../../src/store/store.ts';
import { startAccountRouter, type AccountRouter } from '../e2e/account-router.ts';
import { NOW } from '../helpers/scoring-fixtures.ts';
import { anEvent, TEST_CLIENT_SECRET } from '../server/signed-delivery.ts';
import { freshPostgresUrl } from '../store/store-engines.ts';
import {
  apiGatewayEvent,
  lambdaContext,
  PUBLIC_BASE_URL,
  UPDATE_PATH,
} from './serverless-harness.ts';

/**
 * The marketplace app (OAuth) on AWS Lambda, as a test world: installed accounts with their
 * tokens and published models in a real PostgreSQL store, each account a sandbox of its own
 * behind one API address that routes by bearer token, as HubSpot does; function instances
 * (runtime + Lambda handler) on fixed clocks.
 */

export const GENERAL = 48807701;
export const HEALTHCARE = 48807702;
export const UNINSTALLED = 48807703;
export const NEVER_INSTALLED = 48807709;
export const NEWCOMER = 48807705;
const TEMPLATES: Record<number, string> = {
  [GENERAL]: 'general',
  [HEALTHCARE]: 'healthcare',
  [UNINSTALLED]: 'general',
};
export const KEY = Buffer.from(
  '8d1f4c0a93b27e5566a1f0c3d9e8b7a6152433f4e5d6c7b8a99a8b7c6d5e4f30',
  'hex',
);
export const CLIENT_ID = '7f3c2a10-1111-4222-8333-944455566677';
export const OAUTH_BASE = 'https://api.hubapi.com';
export const REDIRECT_URI = `${PUBLIC_BASE_URL}/oauth/callback`;
export const refreshTokenOf = (portalId: number) => `eu1-${portalId}-refresh`;

export interface World {
  store: Store;
  sandboxes: Record<number, Sandbox>;
  router: AccountRouter;
  env: NodeJS.ProcessEnv;
  models: Record<number, CompiledModel>;
  runtimes: ServerlessRuntime[];
}

let world: World | undefined;

/** Registers the world's hooks: nock lets only local addresses through; all closes after. */
export function useInstalledWorld(): void {
  beforeEach(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });

  afterEach(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    if (!world) return;
    await Promise.all(world.runtimes.map((runtime) => runtime.store?.close()));
    await world.store.close();
    await world.router.close();
    await Promise.all(Object.values(world.sandboxes).map((sandbox) => sandbox.close()));
    world = undefined;
  });
}

/** Three installed accounts (two models), one never installed, one to install; no runtime yet. */
export async function setUp(
  options: { contacts?: Partial<Record<number, number>> } = {},
): Promise<World> {
  const databaseUrl = await freshPostgresUrl();
  const store = await openStore(databaseUrl);
  const sandboxes: Record<number, Sandbox> = {};
  for (const portalId of [GENERAL, HEALTHCARE, UNINSTALLED, NEVER_INSTALLED, NEWCOMER]) {
    sandboxes[portalId] = await startSandbox({
      contacts: options.contacts?.[portalId] ?? 6,
      seed: portalId % 7,
      now: NOW,
      accessToken: `${portalId}-access`,
    });
  }
  const router = await startAccountRouter(sandboxes);
  const tokens = store.tokens(createTokenCipher(KEY), () => NOW);
  const models: Record<number, CompiledModel> = {};
  for (const [portalId, template] of Object.entries(TEMPLATES).map(
    ([id, t]) => [Number(id), t] as const,
  )) {
    await tokens.save(portalId, {
      accessToken: `${portalId}-access`,
      refreshToken: refreshTokenOf(portalId),
      expiresAt: NOW + 6 * 60 * 60_000,
      scopes: ['oauth', 'crm.objects.contacts.read', 'crm.objects.contacts.write'],
    });
    const yaml = await templateText(template);
    await store.accountModels().publish(portalId, yaml, { by: 'cli' });
    models[portalId] = compileModel(parseModel(yaml, template));
  }
  world = {
    store,
    sandboxes,
    router,
    models,
    runtimes: [],
    env: {
      HUBSPOT_CLIENT_ID: CLIENT_ID,
      HUBSPOT_CLIENT_SECRET: TEST_CLIENT_SECRET,
      TOKEN_ENCRYPTION_KEY: KEY.toString('hex'),
      APP_BASE_URL: PUBLIC_BASE_URL,
      HUBSPOT_API_BASE_URL: router.baseUrl,
      HUBSPOT_OAUTH_BASE_URL: OAUTH_BASE,
      DATABASE_URL: databaseUrl,
    },
  };
  // What each install did: the output properties of the account's model.
  for (const [portalId, model] of Object.entries(models)) {
    const sandbox = sandboxes[Number(portalId)]!;
    const port = createHubSpotAdapter({
      client: createHubSpotClient({ accessToken: `${portalId}-access`, basePath: sandbox.baseUrl }),
    });
    await port.ensureScoreProperties(model.tierNames, model.profiles);
  }
  for (const sandbox of Object.values(sandboxes)) sandbox.account.reset();
  return world;
}

/** A warm function instance: its runtime (fixed clocks) and the Lambda handler over it. */
export async function functionInstance(
  w: World,
  env: NodeJS.ProcessEnv = {},
): Promise<LambdaHandler> {
  // Real time moved to NOW (what the requests are signed at): HubSpot waits and deadlines pass
  // as they would, scores are computed at NOW.
  const shift = NOW - Date.now();
  const now = () => Date.now() + shift;
  const runtime = await createServerlessRuntime({
    env: { ...w.env, ...env },
    logger: silentLogger,
    now,
    scoringClock: () => NOW,
    retryClock: { now, sleep: realClock.sleep },
  });
  w.runtimes.push(runtime);
  return createLambdaHandler({ runtime: async () => runtime, sweep: runDueSweep });
}

export async function invoke(handler: LambdaHandler, event: unknown) {
  const result = (await handler(event, lambdaContext(60_000))) as {
    statusCode: number;
    headers: Record<string, string>;
    cookies?: string[];
    body: string;
  };
  return result;
}
export const json = (result: { body: string }) =>
  JSON.parse(result.body) as Record<string, unknown>;

export const change = (portalId: number, objectId: string, eventId: number) =>
  anEvent({ portalId, objectId: Number(objectId), eventId });
export const webhook = (events: unknown[]) =>
  apiGatewayEvent({ path: '/webhooks/hubspot', body: JSON.stringify(events) });
export const updatedIds = (sandbox: Sandbox) =>
  sandbox.account.requests
    .filter((r) => r.path === UPDATE_PATH)
    .flatMap((r) => (r.body as { inputs: { id: string }[] }).inputs.map((i) => i.id));
export const scoreOf = (sandbox: Sandbox, id: string) =>
  sandbox.account.contacts.get(id)![SCORE_PROPERTIES.score];
