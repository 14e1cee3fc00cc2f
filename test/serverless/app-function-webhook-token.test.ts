import { afterEach, describe, expect, it } from 'vitest';
import { APP_FUNCTION_SECRET_KEYS } from '../../src/hubspot-project/app-function.ts';
import { signRequestV3 } from '../../src/server/request-signature.ts';
import { silentLogger } from '../../src/server/logger.ts';
import { createAppFunction } from '../../src/serverless/hubspot-app-function.ts';
import { createServerlessRuntime } from '../../src/serverless/serverless-runtime.ts';
import { checkWebhookUrlToken, withWebhookToken } from '../../src/serverless/webhook-url-token.ts';
import { NOW } from '../helpers/scoring-fixtures.ts';
import { anEvent, TEST_CLIENT_SECRET } from '../server/signed-delivery.ts';
import { startDevRuntime, type DevRuntime } from './hubspot-dev-runtime.ts';
import {
  ACCESS_TOKEN,
  startServerlessHarness,
  type ServerlessHarness,
} from './serverless-harness.ts';

const FUNCTIONS_BASE_URL = 'https://careers.example.com/hs/serverless';
const TOKEN = 'b3c1f0e29a7d4c5e8f6a1b2c3d4e5f60718293a4b5c6d7e8';
const ACCOUNT_ID = 62515;
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((o) => o.close()));
});

/**
 * The sandbox as HubSpot's API, the function behind HubSpot's own dev runtime, its secrets in
 * the function folder's `.env` (HubSpot injects them the same way from `hs secret add`).
 */
async function setUp(secrets: Record<string, string> = { WEBHOOK_URL_TOKEN: TOKEN }) {
  const h: ServerlessHarness = await startServerlessHarness({ publicBaseUrl: FUNCTIONS_BASE_URL });
  open.push(h);
  const main = createAppFunction({
    runtime: (env) =>
      createServerlessRuntime({ env, logger: silentLogger, scoringClock: () => NOW }),
  });
  const runtime: DevRuntime = await startDevRuntime({
    main,
    endpoint: { path: 'webhooks/hubspot', method: 'POST' },
    dotEnv: {
      HUBSPOT_CLIENT_SECRET: TEST_CLIENT_SECRET,
      HUBSPOT_ACCESS_TOKEN: ACCESS_TOKEN,
      HUBSPOT_API_BASE_URL: h.sandbox.baseUrl,
      APP_BASE_URL: FUNCTIONS_BASE_URL,
      ...secrets,
    },
    secretKeys: [...APP_FUNCTION_SECRET_KEYS, 'HUBSPOT_API_BASE_URL'],
    accountId: ACCOUNT_ID,
  });
  open.push(runtime);
  h.clearRequests();
  return { h, runtime };
}

const delivery = (...ids: string[]) =>
  JSON.stringify(ids.map((id) => anEvent({ objectId: Number(id), portalId: ACCOUNT_ID })));

/** A delivery as HubSpot sends it: JSON, v3-signed over the public URL it calls. */
async function deliver(runtime: DevRuntime, query: string, body: string) {
  const signature = signRequestV3({
    clientSecret: TEST_CLIENT_SECRET,
    method: 'POST',
    uri: `${FUNCTIONS_BASE_URL}/webhooks/hubspot${query}`,
    rawBody: body,
    nowMs: Date.now(),
  });
  const response = await fetch(`${runtime.baseUrl}/webhooks/hubspot${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...signature },
    body,
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

describe("webhooks to the app function, through HubSpot's own endpoint runtime", () => {
  it('never hands the function the signature headers HubSpot signed with', async () => {
    const { h, runtime } = await setUp({});
    const answer = await deliver(runtime, '', delivery('1001'));

    expect(answer.status).toBe(401);
    const headers = Object.keys(runtime.contexts[0]!.headers ?? {}).map((k) => k.toLowerCase());
    expect(headers).not.toContain('x-hubspot-signature-v3');
    expect(headers).not.toContain('x-hubspot-request-timestamp');
    // The runtime parsed the body before the function saw it.
    expect(Array.isArray(runtime.contexts[0]!.body)).toBe(true);
    expect(h.requests()).toEqual([]);
  });

  it('scores a delivery whose URL carries the right token', async () => {
    const { h, runtime } = await setUp();
    const answer = await deliver(runtime, `?token=${TOKEN}`, delivery('1001', '1002'));

    expect(answer).toMatchObject({ status: 200, body: { received: 2, contactsRescored: 2 } });
    expect(runtime.contexts[0]!.params).toEqual({ token: [TOKEN] });
    expect(h.sandbox.account.contacts.get('1001')).toMatchObject(h.expectedOutputs('1001'));
  });

  it('refuses a wrong token and a missing one, and asks HubSpot nothing', async () => {
    const { h, runtime } = await setUp();
    const wrong = `${TOKEN.slice(0, -1)}0`;
    expect((await deliver(runtime, `?token=${wrong}`, delivery('1001'))).status).toBe(401);
    expect((await deliver(runtime, '', delivery('1001'))).status).toBe(401);
    expect((await deliver(runtime, `?token=${TOKEN}&token=x`, delivery('1001'))).status).toBe(401);
    expect(h.requests()).toEqual([]);
  });

  it('refuses to start with a token too short to be a secret', async () => {
    const { h, runtime } = await setUp({ WEBHOOK_URL_TOKEN: 'letmein' });
    // 503, not 500: HubSpot's runtime answers a function's 500 with an empty 200 (delivered!).
    expect(await deliver(runtime, '?token=letmein', delivery('1001'))).toEqual({
      status: 503,
      body: { error: 'the app function is misconfigured' },
    });
    expect(h.requests()).toEqual([]);
  });
});

describe('the webhook URL token', () => {
  it('matches only the exact token: no prefix, no longer value, no other case', () => {
    const url = (token: string) => `/webhooks/hubspot?token=${token}`;
    expect(checkWebhookUrlToken(url(TOKEN), TOKEN)).toEqual({ valid: true });
    for (const other of [TOKEN.slice(0, 10), `${TOKEN}0`, TOKEN.toUpperCase(), '']) {
      expect(checkWebhookUrlToken(url(other), TOKEN)).toEqual({
        valid: false,
        reason: 'wrong token',
      });
    }
    expect(checkWebhookUrlToken('/webhooks/hubspot', TOKEN)).toEqual({
      valid: false,
      reason: 'no signature and no token',
    });
  });

  it('goes into the target URL HubSpot is told to call', () => {
    expect(withWebhookToken(`${FUNCTIONS_BASE_URL}/webhooks/hubspot`, TOKEN)).toBe(
      `${FUNCTIONS_BASE_URL}/webhooks/hubspot?token=${TOKEN}`,
    );
  });
});
