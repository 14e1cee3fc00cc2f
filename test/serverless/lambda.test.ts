import { afterEach, describe, expect, it } from 'vitest';
import { SCORE_PROPERTIES } from '../../src/hubspot/score-properties.ts';
import { runDueSweep } from '../../src/recalculation/index.ts';
import type { ApiGatewayV2Event } from '../../src/serverless/api-gateway-event.ts';
import { createLambdaHandler, type LambdaHandler } from '../../src/serverless/lambda.ts';
import {
  contactsPerRead,
  HUBSPOT_HISTORY_BATCH_SIZE,
} from '../../src/pipeline/rescore-contacts.ts';
import { defaultModel, NOW } from '../helpers/scoring-fixtures.ts';
import { anEvent } from '../server/signed-delivery.ts';
import {
  apiGatewayEvent,
  fixture,
  lambdaContext,
  READ_PATH,
  SEARCH_PATH,
  startServerlessHarness,
  UPDATE_PATH,
  type ServerlessHarness,
} from './serverless-harness.ts';

const SCORED_AT = new Date(NOW).toISOString();
const harnesses: ServerlessHarness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

async function setUp(options?: { contacts?: number }) {
  const h = await startServerlessHarness(options);
  harnesses.push(h);
  h.clearRequests();
  const handler = createLambdaHandler({ runtime: async () => h.runtime, sweep: runDueSweep });
  return { h, handler };
}

async function invoke(handler: LambdaHandler, event: unknown, remainingMs?: number) {
  const result = (await handler(event, lambdaContext(remainingMs))) as {
    statusCode: number;
    headers: Record<string, string>;
    body: string;
  };
  return { ...result, json: JSON.parse(result.body) as Record<string, unknown> };
}

const change = (objectId: string, extra: Record<string, unknown> = {}) =>
  anEvent({ objectId: Number(objectId), portalId: 62515, ...extra });
const webhook = (events: unknown[], options: { base64?: boolean; secret?: string } = {}) =>
  apiGatewayEvent({ path: '/webhooks/hubspot', body: JSON.stringify(events), ...options });
const ids = (h: ServerlessHarness, count: number) =>
  [...h.sandbox.account.contacts.keys()].slice(0, count);
const inputs = (r: { body: unknown }) => (r.body as { inputs: { id: string }[] }).inputs;
const historyAsked = (r: { body: unknown }) =>
  (r.body as { propertiesWithHistory?: string[] }).propertiesWithHistory;

describe('AWS Lambda behind API Gateway (HTTP API, payload 2.0)', () => {
  it('scores the recorded delivery before it answers, with one read and one write', async () => {
    const { h, handler } = await setUp();
    const answer = await invoke(handler, fixture<ApiGatewayV2Event>('apigw-v2-webhook-event.json'));

    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(answer.json).toMatchObject({ received: 3, contactsRescored: 3, written: 3 });
    expect(h.requests().map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      `POST ${READ_PATH} 200`,
      `POST ${UPDATE_PATH} 200`,
    ]);
    // Already in HubSpot when the answer leaves: nothing is left to do after it.
    for (const id of ['1001', '1002', '1003']) {
      expect(h.sandbox.account.contacts.get(id)).toMatchObject({
        ...h.expectedOutputs(id),
        [SCORE_PROPERTIES.scoredAt]: SCORED_AT,
      });
    }
  });

  it('scores a delivery of 100 events with exactly two reads of 50 and one write of 100', async () => {
    const { h, handler } = await setUp();
    const events = ids(h, 100).map((id) => change(id));
    const answer = await invoke(handler, webhook(events));

    expect(answer.statusCode).toBe(200);
    // The shipped model reads property history, and HubSpot then takes 50 ids a read.
    expect(contactsPerRead(h.runtime.fallbackModel)).toBe(HUBSPOT_HISTORY_BATCH_SIZE);
    expect(answer.json.hubspotRequests).toEqual({
      associationLookups: 0,
      contactReads: 2,
      contactWrites: 1,
    });
    expect(h.requests(READ_PATH).map((r) => inputs(r).length)).toEqual([50, 50]);
    expect(h.requests(READ_PATH).map((r) => historyAsked(r))).toEqual([
      defaultModel.historyProperties,
      defaultModel.historyProperties,
    ]);
    expect(h.requests(UPDATE_PATH).map((r) => inputs(r).length)).toEqual([100]);
    expect(h.requests()).toHaveLength(3);
  });

  it('checks the signature on the bytes API Gateway base64-encoded', async () => {
    const { h, handler } = await setUp();
    const [id] = ids(h, 1);
    const events = [change(id!, { propertyValue: 'Développeuse Java – senior' })];
    const answer = await invoke(handler, webhook(events, { base64: true }));
    expect(answer.statusCode).toBe(200);
    expect(answer.json).toMatchObject({ contactsRescored: 1 });
  });

  it('refuses a delivery signed with another secret, and calls HubSpot not at all', async () => {
    const { h, handler } = await setUp();
    const answer = await invoke(handler, webhook([change('1001')], { secret: 'not-our-secret' }));
    expect(answer.statusCode).toBe(401);
    expect(answer.json.error).toMatch(/signature does not match/);
    expect(h.requests()).toEqual([]);
  });

  it('refuses a recorded delivery whose body was changed after signing', async () => {
    const { h, handler } = await setUp();
    const event = fixture<ApiGatewayV2Event>('apigw-v2-webhook-event.json');
    event.body = event.body!.replace('"objectId":1001', '"objectId":1004');
    expect((await invoke(handler, event)).statusCode).toBe(401);
    expect(h.requests()).toEqual([]);
  });

  it('answers a delivery of nothing the model reads without calling HubSpot', async () => {
    const { h, handler } = await setUp();
    const events = [
      change('1001', { propertyName: SCORE_PROPERTIES.score }),
      change('1002', { propertyName: 'favorite_color' }),
    ];
    const answer = await invoke(handler, webhook(events));
    expect(answer.statusCode).toBe(200);
    expect(answer.json).toMatchObject({ received: 2, contactsRescored: 0 });
    expect(h.requests()).toEqual([]);
  });

  it('answers 400 to a signed body that is not a delivery', async () => {
    const { handler } = await setUp();
    const event = apiGatewayEvent({ path: '/webhooks/hubspot', body: '{"not":"an array"}' });
    expect((await invoke(handler, event)).statusCode).toBe(400);
  });

  it('answers 5xx when HubSpot keeps failing past the retries, so HubSpot delivers again', async () => {
    const { h, handler } = await setUp();
    h.sandbox.account.failNext(503, 3);
    const answer = await invoke(handler, webhook([change('1001')]));

    expect(answer.statusCode).toBe(502);
    expect(h.requests().map((r) => `${r.path} ${r.status}`)).toEqual([
      `${READ_PATH} 503`,
      `${READ_PATH} 503`,
      `${READ_PATH} 503`,
    ]);
    expect(h.retryClock.slept).toEqual([250, 500]);
    expect(h.sandbox.account.contacts.get('1001')![SCORE_PROPERTIES.score]).toBeUndefined();
  });

  it('answers 503 at once when HubSpot asks to wait past the 5-second window', async () => {
    const { h, handler } = await setUp();
    h.sandbox.account.failNext(
      429,
      1,
      { status: 'error', message: 'rate limited', policyName: 'TEN_SECONDLY_ROLLING' },
      { 'Retry-After': '10' },
    );
    const answer = await invoke(handler, webhook([change('1001')]));
    expect(answer.statusCode).toBe(503);
    expect(h.requests()).toHaveLength(1);
    expect(h.retryClock.slept).toEqual([]);
  });

  it('finds the contacts of a booked meeting and scores them in the same invocation', async () => {
    const { h, handler } = await setUp();
    const [a, b] = ids(h, 2);
    h.sandbox.account.associate('meetings', '88001', a!);
    h.sandbox.account.associate('meetings', '88001', b!);
    const meeting = anEvent({
      subscriptionType: 'object.creation',
      objectTypeId: '0-47',
      objectId: 88001,
      propertyName: undefined,
      propertyValue: undefined,
    });
    const answer = await invoke(handler, webhook([meeting]));

    expect(answer.statusCode).toBe(200);
    expect(h.requests().map((r) => r.path)).toEqual([
      '/crm/associations/2026-03/meetings/contacts/batch/read',
      READ_PATH,
      UPDATE_PATH,
    ]);
    expect(new Set(inputs(h.requests(READ_PATH)[0]!).map((i) => i.id))).toEqual(new Set([a, b]));
  });

  it('serves the card: a signed GET of a contact score reads HubSpot live', async () => {
    const { h, handler } = await setUp();
    const query = 'appId=16111050&portalId=62515&userId=76023669&userEmail=recruiter%40example.com';
    const answer = await invoke(
      handler,
      apiGatewayEvent({ method: 'GET', path: '/api/contacts/1001/score', rawQueryString: query }),
    );
    expect(answer.statusCode).toBe(200);
    expect(answer.json).toMatchObject({
      contactId: '1001',
      score: Number(h.expectedOutputs('1001')[SCORE_PROPERTIES.score]),
    });
    expect(h.requests(UPDATE_PATH)).toEqual([]);
  });

  it('refuses an unsigned card request', async () => {
    const { handler } = await setUp();
    const event = apiGatewayEvent({
      method: 'GET',
      path: '/api/contacts/1001/score',
      rawQueryString: 'portalId=62515',
      secret: false,
    });
    expect((await invoke(handler, event)).statusCode).toBe(401);
  });

  it('answers 5xx when HubSpot could not read some of the contacts, so the delivery comes again', async () => {
    const { h, handler } = await setUp();
    const [readable, unreadable] = ids(h, 2);
    h.sandbox.account.partialBatchRead({ ids: [unreadable!], times: 5 });
    const answer = await invoke(handler, webhook([change(readable!), change(unreadable!)]));
    expect(answer.statusCode).toBe(502);
    expect(answer.json.error).toMatch(/deliver again later/);
    // What could be read is written already; the redelivery rescores both (harmless).
    expect(h.requests(UPDATE_PATH).flatMap((r) => inputs(r).map((i) => i.id))).toEqual([readable]);
    // Once HubSpot reads it again, the redelivery scores both.
    h.sandbox.account.reset();
    const again = await invoke(handler, webhook([change(readable!), change(unreadable!)]));
    expect(again.statusCode).toBe(200);
    expect(again.json).toMatchObject({ contactsRescored: 2 });
  });

  it('answers the settings page 503 in one sentence without the shared store', async () => {
    const { h, handler } = await setUp();
    const answer = await invoke(
      handler,
      apiGatewayEvent({
        method: 'GET',
        path: '/api/settings/overview',
        rawQueryString: 'appId=16111050&portalId=62515&userId=1&locale=en',
      }),
    );
    expect(answer.statusCode).toBe(503);
    expect(answer.json.error).toMatch(/DATABASE_URL=postgres/);
    expect(h.requests()).toEqual([]);
  });

  it('answers health checks and 404s other paths', async () => {
    const { handler } = await setUp();
    const health = await invoke(handler, apiGatewayEvent({ method: 'GET', path: '/healthz' }));
    expect(health.statusCode).toBe(200);
    const other = await invoke(handler, apiGatewayEvent({ method: 'GET', path: '/nothing' }));
    expect(other.statusCode).toBe(404);
  });

  it('runs the due sweep on a scheduled event: due contacts rescored, others untouched', async () => {
    const { h, handler } = await setUp({ contacts: 30 });
    const [a, b, notDue] = ids(h, 3);
    const past = new Date(NOW - 60_000).toISOString();
    h.sandbox.account.setProperty(a!, SCORE_PROPERTIES.nextReviewAt, past);
    h.sandbox.account.setProperty(b!, SCORE_PROPERTIES.nextReviewAt, past);
    h.sandbox.account.setProperty(
      notDue!,
      SCORE_PROPERTIES.nextReviewAt,
      new Date(NOW + 86_400_000).toISOString(),
    );
    const summary = (await handler(
      fixture('eventbridge-scheduled-event.json'),
      lambdaContext(60_000),
    )) as Record<string, unknown>;

    expect(summary).toMatchObject({ accounts: 1, stopped: false, notReached: [], failed: [] });
    expect((summary.swept as unknown[])[0]).toMatchObject({ due: 2, stopped: false, written: 2 });
    expect(h.requests(SEARCH_PATH).length).toBeGreaterThan(0);
    expect(new Set(h.requests(UPDATE_PATH).flatMap((r) => inputs(r).map((i) => i.id)))).toEqual(
      new Set([a, b]),
    );
  });
});
