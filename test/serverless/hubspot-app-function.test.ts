import { afterEach, describe, expect, it, vi } from 'vitest';
import { SCORE_PROPERTIES } from '../../src/hubspot/score-properties.ts';
import { signRequestV3 } from '../../src/server/request-signature.ts';
import type { AppFunctionContext } from '../../src/serverless/app-function-context.ts';
import { createAppFunction, main } from '../../src/serverless/hubspot-app-function.ts';
import { NOW } from '../helpers/scoring-fixtures.ts';
import { anEvent, TEST_CLIENT_SECRET } from '../server/signed-delivery.ts';
import {
  ACCESS_TOKEN,
  READ_PATH,
  startServerlessHarness,
  UPDATE_PATH,
  type ServerlessHarness,
} from './serverless-harness.ts';

/** Where HubSpot serves a private app's endpoint functions on the account's domain. */
const FUNCTIONS_BASE_URL = 'https://careers.example.com/hs/serverless';
const harnesses: ServerlessHarness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

async function setUp() {
  const h = await startServerlessHarness({ publicBaseUrl: FUNCTIONS_BASE_URL });
  harnesses.push(h);
  h.clearRequests();
  return { h, fn: createAppFunction({ runtime: async () => h.runtime }) };
}

/** Signature headers as HubSpot sends them, for the function's public URL. */
function signed(method: string, pathAndQuery: string, body: string, nowMs = NOW) {
  const headers = signRequestV3({
    clientSecret: TEST_CLIENT_SECRET,
    method,
    uri: `${FUNCTIONS_BASE_URL}${pathAndQuery}`,
    rawBody: body,
    nowMs,
  });
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

/**
 * An endpoint invocation the way HubSpot's serverless runtime builds its context: the JSON
 * body already parsed, every query value in an array, a few request headers, the account id.
 */
function webhookContext(events: unknown[], extraHeaders: Record<string, string> = {}) {
  const raw = JSON.stringify(events);
  return {
    body: JSON.parse(raw) as unknown,
    params: {},
    headers: {
      Accept: '*/*',
      'Content-Type': 'application/json',
      Host: 'careers.example.com',
      'User-Agent': 'HubSpot Connect 2.0 (http://dev.hubspot.com/) (namespace: webhooks-nonsecure)',
      'X-Forwarded-For': '54.174.62.51',
      ...extraHeaders,
    },
    method: 'POST',
    endpoint: 'webhooks/hubspot',
    accountId: 62515,
    limits: { timeRemaining: 600000, executionsRemaining: 60 },
    contact: null,
    secrets: {},
  } satisfies AppFunctionContext & Record<string, unknown>;
}

const change = (id: string) => anEvent({ objectId: Number(id), portalId: 62515 });

describe('HubSpot-hosted app function (platform 2026.03)', () => {
  it('scores a webhook delivery on its public endpoint before it answers', async () => {
    const { h, fn } = await setUp();
    const events = ['1001', '1002'].map(change);
    const context = webhookContext(
      events,
      signed('POST', '/webhooks/hubspot', JSON.stringify(events)),
    );
    const sendResponse = vi.fn();
    const response = await fn(context, sendResponse);

    expect(response.statusCode).toBe(200);
    expect(response.body).toMatchObject({ received: 2, contactsRescored: 2, written: 2 });
    expect(sendResponse).toHaveBeenCalledExactlyOnceWith(response);
    expect(h.requests().map((r) => r.path)).toEqual([READ_PATH, UPDATE_PATH]);
    expect(h.sandbox.account.contacts.get('1001')).toMatchObject(h.expectedOutputs('1001'));
  });

  it('uses a body HubSpot left unparsed byte for byte', async () => {
    const { fn } = await setUp();
    const raw = JSON.stringify([change('1001')], null, 1); // not what JSON.stringify(parsed) gives
    const context = { ...webhookContext([]), body: raw, ...{} };
    context.headers = { ...context.headers, ...signed('POST', '/webhooks/hubspot', raw) };
    expect((await fn(context)).statusCode).toBe(200);
  });

  it('refuses a delivery whose signature headers did not reach the function', async () => {
    const { h, fn } = await setUp();
    const response = await fn(webhookContext([change('1001')]));
    expect(response.statusCode).toBe(401);
    expect(h.requests()).toEqual([]);
  });

  it("serves the card's signed score request, query rebuilt from HubSpot's params", async () => {
    const { h, fn } = await setUp();
    const query = 'appId=16111050&portalId=62515&userId=76023669';
    const response = await fn({
      body: {},
      params: { appId: ['16111050'], portalId: ['62515'], userId: ['76023669'] },
      headers: signed('GET', `/api/contacts/1001/score?${query}`, ''),
      method: 'GET',
      endpoint: 'api/contacts/1001/score',
      accountId: 62515,
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatchObject({
      contactId: '1001',
      score: Number(h.expectedOutputs('1001')[SCORE_PROPERTIES.score]),
    });
  });

  it('rescores a contact when a card calls it as a private function', async () => {
    const { h, fn } = await setUp();
    const response = await fn({
      parameters: { action: 'rescore', contactId: '1002' },
      accountId: 62515,
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).toMatchObject({ contactId: '1002', rescore: { written: true } });
    expect(h.requests(UPDATE_PATH)).toHaveLength(1);
    expect(h.sandbox.account.contacts.get('1002')).toMatchObject(h.expectedOutputs('1002'));
  });

  it('refuses a private call without an action and a contact', async () => {
    const { fn } = await setUp();
    expect((await fn({ parameters: { contactId: '1002' } })).statusCode).toBe(400);
  });

  it('reads its configuration from the secrets HubSpot injects, and says so when they are missing', async () => {
    const h = await startServerlessHarness();
    harnesses.push(h);
    const withoutSecrets = await main({ method: 'GET', endpoint: 'healthz', headers: {} });
    // 503: HubSpot delivers again once the secrets are there.
    expect(withoutSecrets.statusCode).toBe(503);
    expect(JSON.stringify(withoutSecrets.body)).not.toContain(ACCESS_TOKEN);

    const secrets = {
      HUBSPOT_CLIENT_SECRET: TEST_CLIENT_SECRET,
      PRIVATE_APP_ACCESS_TOKEN: ACCESS_TOKEN,
      HUBSPOT_API_BASE_URL: h.sandbox.baseUrl,
      APP_BASE_URL: FUNCTIONS_BASE_URL,
    };
    const health = await main({ method: 'GET', endpoint: 'healthz', headers: {}, secrets });
    expect(health).toEqual({
      statusCode: 200,
      headers: { 'Content-Type': 'application/json' },
      body: { status: 'ok', model: expect.any(String) as string },
    });
    const events = [change('1001')];
    const delivered = await main({
      ...webhookContext(
        events,
        signed('POST', '/webhooks/hubspot', JSON.stringify(events), Date.now()),
      ),
      secrets,
    });
    expect(delivered.statusCode).toBe(200);
  });
});
