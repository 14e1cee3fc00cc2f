import http from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpotClient, HubSpotError, toHubSpotError } from '../../src/hubspot/index.ts';
import { httpError } from '../../src/hubspot/hubspot-error.ts';
import {
  aBatchResponse,
  aContactObject,
  anAdapter,
  anError,
  hubspot,
  TEST_TOKEN,
} from './helpers.ts';

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => nock.cleanAll());

const READ = '/crm/objects/2026-03/contacts/batch/read';
const body = { inputs: [{ id: '1' }], properties: ['jobtitle'], propertiesWithHistory: [] };
const rateLimited = {
  status: 'error',
  message: 'You have reached your ten_secondly_rolling limit.',
  errorType: 'RATE_LIMIT',
  correlationId: '5b1f8a7e-0000-4000-8000-000000000002',
  policyName: 'TEN_SECONDLY_ROLLING',
};

describe('rate limits and retries', () => {
  it('waits as long as Retry-After says after a 429, then succeeds', async () => {
    const scope = hubspot()
      .post(READ, body)
      .reply(429, rateLimited, { 'Retry-After': '3' })
      .post(READ, body)
      .reply(200, aBatchResponse([aContactObject('1')]));
    const { adapter, sleeps } = anAdapter();

    const contacts = await adapter.readContacts(['1'], ['jobtitle']);

    scope.done();
    expect(contacts).toHaveLength(1);
    expect(sleeps).toEqual([3000]);
  });

  it('backs off exponentially after a 429 without Retry-After', async () => {
    const scope = hubspot()
      .post(READ, body)
      .times(2)
      .reply(429, rateLimited)
      .post(READ, body)
      .reply(200, aBatchResponse([aContactObject('1')]));
    const { adapter, sleeps } = anAdapter();

    await adapter.readContacts(['1'], ['jobtitle']);

    scope.done();
    // random() pinned at 0.5: three quarters of 500 ms, then of 1000 ms.
    expect(sleeps).toEqual([375, 750]);
  });

  it('gives up on a 5xx storm after five attempts with a HubSpotError', async () => {
    const scope = hubspot()
      .post(READ, body)
      .times(5)
      .reply(502, anError('INTERNAL_ERROR', 'Bad gateway'));
    const { adapter, sleeps } = anAdapter();

    const failure = adapter.readContacts(['1'], ['jobtitle']);

    await expect(failure).rejects.toBeInstanceOf(HubSpotError);
    await expect(failure).rejects.toMatchObject({ status: 502, category: 'server' });
    scope.done();
    expect(sleeps).toHaveLength(4);
  });

  it('retries a dropped connection', async () => {
    // A real socket that the server drops: what Node's fetch sees when a connection breaks.
    let requests = 0;
    const server = http.createServer((req, res) => {
      requests++;
      if (requests === 1) return req.socket.destroy();
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(aBatchResponse([aContactObject('1')])));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const client = createHubSpotClient({
      accessToken: TEST_TOKEN,
      basePath: `http://127.0.0.1:${port}`,
    });
    const { adapter, sleeps } = anAdapter({ client });

    try {
      await expect(adapter.readContacts(['1'], ['jobtitle'])).resolves.toHaveLength(1);
    } finally {
      server.close();
    }
    expect(requests).toBe(2);
    expect(sleeps).toHaveLength(1);
  });

  it('does not retry a 401: a bad token stays bad', async () => {
    const scope = hubspot()
      .post(READ, body)
      .reply(401, anError('INVALID_AUTHENTICATION', 'Authentication credentials not found.'));
    const { adapter, sleeps } = anAdapter();

    await expect(adapter.readContacts(['1'], ['jobtitle'])).rejects.toMatchObject({
      status: 401,
      category: 'auth',
      hubspotCategory: 'INVALID_AUTHENTICATION',
    });
    scope.done();
    expect(sleeps).toEqual([]);
  });

  it('does not retry a daily-limit 429: it will not clear for hours', async () => {
    hubspot()
      .post(READ, body)
      .reply(429, {
        ...rateLimited,
        policyName: 'DAILY',
        message: 'You have reached your daily limit.',
      });
    const { adapter, sleeps } = anAdapter();

    await expect(adapter.readContacts(['1'], ['jobtitle'])).rejects.toMatchObject({
      category: 'rate-limited',
      policyName: 'DAILY',
    });
    expect(sleeps).toEqual([]);
  });

  it('keeps the token out of errors and logs', async () => {
    hubspot().post(READ, body).times(5).reply(500, anError('INTERNAL_ERROR', 'boom'));
    const { adapter, logs } = anAdapter({ maxRetries: 4 });

    const error = await adapter.readContacts(['1'], ['jobtitle']).catch((err: unknown) => err);

    expect(logs.some((log) => log.level === 'warn')).toBe(true);
    const seen = [
      String(error),
      (error as Error).stack,
      JSON.stringify(error),
      String((error as Error).cause),
      JSON.stringify(logs),
    ].join('\n');
    expect(seen).not.toContain(TEST_TOKEN);
  });
});

describe('rate budget', () => {
  it('holds the fourth request until the window of three has passed', async () => {
    const scope = hubspot()
      .post(READ)
      .times(4)
      .reply(200, aBatchResponse([aContactObject('1')]));
    const { adapter, sleeps } = anAdapter({ rateBudget: { requests: 3, perMilliseconds: 10_000 } });

    for (let i = 0; i < 4; i++) await adapter.readContacts(['1'], ['jobtitle']);

    scope.done();
    expect(sleeps).toEqual([10_000]);
  });
});

describe('mapping failures', () => {
  it('redacts a bearer token that found its way into a message', () => {
    const error = toHubSpotError(
      new Error(`request failed with Authorization: Bearer ${TEST_TOKEN}`),
    );
    expect(error.message).not.toContain(TEST_TOKEN);
    expect(error.message).toContain('Bearer [redacted]');
  });

  it('maps a 409 answer to a conflict with HubSpot category and correlation id', () => {
    const error = httpError(
      'create property',
      409,
      new Headers(),
      anError('OBJECT_ALREADY_EXISTS', 'exists'),
    );
    expect(error).toMatchObject({
      status: 409,
      category: 'conflict',
      hubspotCategory: 'OBJECT_ALREADY_EXISTS',
      correlationId: '5b1f8a7e-0000-4000-8000-000000000001',
      message: 'create property failed with HTTP 409: exists',
    });
  });
});
