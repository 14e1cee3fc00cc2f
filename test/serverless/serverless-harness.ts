import { readFileSync } from 'node:fs';
import { scoreOutputValues } from '../../src/hubspot/score-properties.ts';
import type { AdapterClock } from '../../src/hubspot/rate-budget.ts';
import { readProperties } from '../../src/pipeline/rescore-contacts.ts';
import { startSandbox, type Sandbox, type SandboxRequest } from '../../src/sandbox/index.ts';
import { scoreContact, type CompiledModel } from '../../src/scoring/index.ts';
import { silentLogger } from '../../src/server/logger.ts';
import { UNKNOWN_PORTAL } from '../../src/store/changed-since-watermarks.ts';
import { signRequestV3 } from '../../src/server/request-signature.ts';
import type { ApiGatewayV2Event, LambdaContext } from '../../src/serverless/api-gateway-event.ts';
import {
  createServerlessRuntime,
  type ServerlessRuntime,
} from '../../src/serverless/serverless-runtime.ts';
import { defaultModel, NOW } from '../helpers/scoring-fixtures.ts';
import { TEST_CLIENT_SECRET } from '../server/signed-delivery.ts';

export const API_ID = 'r3c7u1tz9a';
export const STAGE = 'prod';
/** The stage's public URL: what HubSpot calls, and what APP_BASE_URL names. */
export const PUBLIC_BASE_URL = `https://${API_ID}.execute-api.eu-west-1.amazonaws.com/${STAGE}`;
export const ACCESS_TOKEN = 'pat-eu1-00000000-1111-2222-3333-444444444444';
export const READ_PATH = '/crm/objects/2026-03/contacts/batch/read';
export const UPDATE_PATH = '/crm/objects/2026-03/contacts/batch/update';
export const SEARCH_PATH = '/crm/objects/2026-03/contacts/search';

const fixtures = new URL('../fixtures/serverless/', import.meta.url);
export function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, fixtures), 'utf8')) as T;
}

/** Time that passes only when the adapter sleeps between retries: retries cost no test time. */
export function fakeRetryClock(start = NOW): AdapterClock & { slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

export function serverlessEnv(
  sandbox: Sandbox,
  publicBaseUrl = PUBLIC_BASE_URL,
): NodeJS.ProcessEnv {
  return {
    HUBSPOT_CLIENT_SECRET: TEST_CLIENT_SECRET,
    HUBSPOT_ACCESS_TOKEN: ACCESS_TOKEN,
    HUBSPOT_API_BASE_URL: sandbox.baseUrl,
    APP_BASE_URL: publicBaseUrl,
  };
}

export interface ServerlessHarness {
  sandbox: Sandbox;
  runtime: ServerlessRuntime;
  retryClock: ReturnType<typeof fakeRetryClock>;
  requests(path?: string): SandboxRequest[];
  clearRequests(): void;
  /**
   * The outputs a contact should carry, scored at NOW from what the sandbox holds: the
   * properties the app reads and the history of those the model's history touchpoints count.
   */
  expectedOutputs(contactId: string): Record<string, string>;
  close(): Promise<void>;
}

/** The sandbox (real HTTP, rate limit on, ids from 1001) and a runtime on fixed clocks. */
export async function startServerlessHarness(
  options: { contacts?: number; publicBaseUrl?: string } = {},
): Promise<ServerlessHarness> {
  const sandbox = await startSandbox({
    contacts: options.contacts ?? 120,
    seed: 3,
    now: NOW,
    accessToken: ACCESS_TOKEN,
  });
  const retryClock = fakeRetryClock();
  const runtime = await createServerlessRuntime({
    env: serverlessEnv(sandbox, options.publicBaseUrl),
    logger: silentLogger,
    now: retryClock.now,
    scoringClock: () => NOW,
    retryClock,
    random: () => 0,
  });
  // What `recruitment-score setup` (or the first scheduled sweep) does once per account.
  const account = await runtime.accounts.get(UNKNOWN_PORTAL);
  await account!.hubspot.ensureScoreProperties(runtime.fallbackModel.tierNames);
  sandbox.account.reset();
  return {
    sandbox,
    runtime,
    retryClock,
    requests: (path) =>
      sandbox.account.requests.filter((r) => path === undefined || r.path === path),
    clearRequests: () => sandbox.account.reset(),
    expectedOutputs: (contactId) => expectedOutputsOf(sandbox, defaultModel, contactId),
    close: () => sandbox.close(),
  };
}

/**
 * The outputs a contact of `sandbox` should carry under `model`, scored at NOW from what the
 * sandbox holds: the properties the model reads and the history its touchpoints count.
 */
export function expectedOutputsOf(
  sandbox: Sandbox,
  model: CompiledModel,
  contactId: string,
): Record<string, string> {
  const properties = sandbox.account.contacts.get(contactId)!;
  const read = Object.fromEntries(readProperties(model).map((p) => [p, properties[p] ?? null]));
  const history = Object.fromEntries(
    model.historyProperties.map((p) => [p, sandbox.account.historyOf(contactId, p)]),
  );
  return scoreOutputValues(scoreContact(model, read, NOW, history));
}

export interface EventOptions {
  method?: string;
  /** Path behind the stage, e.g. `/webhooks/hubspot`. */
  path: string;
  rawQueryString?: string;
  body?: string;
  base64?: boolean;
  /** Sign with this secret (default the test secret); `false` sends no signature. */
  secret?: string | false;
  signedAt?: number;
  /** The browser's cookies (payload 2.0 carries them in their own list). */
  cookies?: string[];
}

/** An API Gateway v2 event like the recorded one, for another request, signed like HubSpot. */
export function apiGatewayEvent(options: EventOptions): ApiGatewayV2Event {
  const template = fixture<ApiGatewayV2Event>('apigw-v2-webhook-event.json');
  const method = options.method ?? 'POST';
  const body = options.body ?? '';
  const query = options.rawQueryString ?? '';
  const signature: Record<string, string> =
    options.secret === false
      ? {}
      : signRequestV3({
          clientSecret: options.secret ?? TEST_CLIENT_SECRET,
          method,
          uri: `${PUBLIC_BASE_URL}${options.path}${query ? `?${query}` : ''}`,
          rawBody: body,
          nowMs: options.signedAt ?? NOW,
        });
  const headers: Record<string, string | undefined> = {
    ...template.headers,
    'content-length': String(Buffer.byteLength(body)),
    'x-hubspot-signature-v3': undefined,
    'x-hubspot-request-timestamp': undefined,
  };
  for (const [name, value] of Object.entries(signature)) headers[name.toLowerCase()] = value;
  const rawPath = `/${STAGE}${options.path}`;
  return {
    ...template,
    routeKey: `${method} ${options.path}`,
    rawPath,
    rawQueryString: query,
    headers: JSON.parse(JSON.stringify(headers)) as Record<string, string>,
    requestContext: {
      ...template.requestContext,
      http: { ...template.requestContext.http, method, path: rawPath },
    },
    body: options.base64 ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: options.base64 ?? false,
    ...(options.cookies ? { cookies: options.cookies } : {}),
  };
}

export function lambdaContext(remainingMs = 30_000): LambdaContext {
  return {
    getRemainingTimeInMillis: () => remainingMs,
    awsRequestId: 'b3f5c1d2-0000-4000-8000-000000000001',
    functionName: 'recruitment-scoring',
  };
}
