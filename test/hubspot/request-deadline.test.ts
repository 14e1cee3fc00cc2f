import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createHubSpotClient,
  DEFAULT_REQUEST_TIMEOUT_MS,
  HubSpotError,
  RequestTimeoutError,
  toHubSpotError,
} from '../../src/hubspot/index.ts';
import { aBatchResponse, aContactObject, anAdapter, hubspot, TEST_TOKEN } from './helpers.ts';

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => nock.cleanAll());

const READ = '/crm/objects/2026-03/contacts/batch/read';
const body = { inputs: [{ id: '1' }], properties: ['jobtitle'], propertiesWithHistory: [] };
// Short deadlines keep these tests fast; the default is 15 s.
const TIMEOUT_MS = 50;
const shortDeadline = () => createHubSpotClient({ accessToken: TEST_TOKEN, timeoutMs: TIMEOUT_MS });

describe('a deadline on every request', () => {
  it('aborts a request that does not answer in time and retries it', async () => {
    const scope = hubspot()
      .post(READ, body)
      .delay(TIMEOUT_MS * 10)
      .reply(200, aBatchResponse([aContactObject('1')]))
      .post(READ, body)
      .reply(200, aBatchResponse([aContactObject('1', { jobtitle: 'Dev' })]));
    const { adapter, sleeps, logs } = anAdapter({ client: shortDeadline() });

    const contacts = await adapter.readContacts(['1'], ['jobtitle']);

    scope.done();
    expect(contacts).toEqual([{ id: '1', properties: { hs_object_id: '1', jobtitle: 'Dev' } }]);
    // One backoff (random pinned at 0.5: three quarters of 500 ms) after the aborted attempt.
    expect(sleeps).toEqual([375]);
    expect(logs.find((log) => log.message === 'HubSpot request will be retried')?.details).toEqual(
      expect.objectContaining({ status: 0, category: 'timeout', attempt: 1 }),
    );
  });

  it('gives up after five unanswered attempts with a retryable timeout error', async () => {
    const scope = hubspot()
      .post(READ, body)
      .times(5)
      .delay(TIMEOUT_MS * 10)
      .reply(200, aBatchResponse([]));
    const { adapter, sleeps } = anAdapter({ client: shortDeadline() });

    const error = await adapter.readContacts(['1'], ['jobtitle']).catch((err: unknown) => err);

    scope.done();
    expect(error).toBeInstanceOf(HubSpotError);
    expect(error).toMatchObject({ status: 0, category: 'timeout', retryable: true });
    expect((error as Error).message).toBe(
      'read contacts: HubSpot did not answer within 50 ms (after 5 attempts)',
    );
    expect(sleeps).toHaveLength(4);
  });

  it('counts the answer body inside the deadline, not only the headers', async () => {
    const scope = hubspot()
      .post(READ, body)
      .delayBody(TIMEOUT_MS * 10)
      .reply(200, aBatchResponse([aContactObject('1')]));
    const { adapter } = anAdapter({ client: shortDeadline(), maxRetries: 0 });

    await expect(adapter.readContacts(['1'], ['jobtitle'])).rejects.toMatchObject({
      category: 'timeout',
    });
    scope.done();
  });

  it('defaults to 15 s and says so in words', () => {
    expect(DEFAULT_REQUEST_TIMEOUT_MS).toBe(15_000);
    expect(createHubSpotClient({ accessToken: TEST_TOKEN }).timeoutMs).toBe(15_000);
    expect(toHubSpotError(new RequestTimeoutError(15_000), 'search contacts').message).toBe(
      'search contacts: HubSpot did not answer within 15 s',
    );
  });

  it('refuses a client without a token or with a deadline that is not positive', () => {
    expect(() => createHubSpotClient({})).toThrow(/accessToken or currentAccessToken/);
    expect(() => createHubSpotClient({ accessToken: TEST_TOKEN, timeoutMs: 0 })).toThrow(
      /timeoutMs/,
    );
  });
});

describe('the bearer token', () => {
  it('is read at every request when it is given as a function (refreshed OAuth tokens)', async () => {
    let token = 'first-token';
    const client = createHubSpotClient({ currentAccessToken: () => token });
    const scope = nock('https://api.hubapi.com')
      .post(READ, body)
      .matchHeader('authorization', 'Bearer first-token')
      .reply(200, aBatchResponse([aContactObject('1')]))
      .post(READ, body)
      .matchHeader('authorization', 'Bearer second-token')
      .reply(200, aBatchResponse([aContactObject('1')]));
    const { adapter } = anAdapter({ client });

    await adapter.readContacts(['1'], ['jobtitle']);
    token = 'second-token';
    await adapter.readContacts(['1'], ['jobtitle']);

    scope.done();
  });
});
