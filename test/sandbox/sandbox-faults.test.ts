import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createHubSpotAdapter,
  createHubSpotClient,
  HUBSPOT_PATHS,
  PartialBatchError,
  type AdapterClock,
} from '../../src/hubspot/index.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';

const NOW = Date.UTC(2026, 10, 1, 9, 0, 0);
const TOKEN = 'pat-eu1-faults';
const READ = HUBSPOT_PATHS.contactsBatchRead;
const UPDATE = HUBSPOT_PATHS.contactsBatchUpdate;
let sandbox: Sandbox;
let sleeps: number[];

/** Backoff costs no time here; only the request deadline is real (and short). */
function fakeClock(): AdapterClock {
  let now = NOW;
  return {
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

/** A deadline long enough for a loaded machine, short enough to keep hang tests fast. */
const HANG_DEADLINE_MS = 250;

const adapterFor = (target: Sandbox, timeoutMs = 10_000, maxRetries = 4) =>
  createHubSpotAdapter({
    client: createHubSpotClient({ accessToken: TOKEN, basePath: target.baseUrl, timeoutMs }),
    clock: fakeClock(),
    random: () => 0.5,
    maxRetries,
  });

const statuses = (path?: string) =>
  sandbox.account.requests
    .filter((r) => path === undefined || r.path === path)
    .map((r) => r.status);

/** Until the sandbox has taken up the request (no time passes in between, only turns). */
async function until(condition: () => boolean) {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  sandbox = await startSandbox({ now: NOW, rateLimit: false, accessToken: TOKEN });
});
afterAll(() => sandbox.close());
beforeEach(() => {
  sleeps = [];
  sandbox.account.reset();
});
afterEach(() => sandbox.account.clearFaults());

describe('a request that never answers', () => {
  it('is aborted at the deadline, logged with status 0, and the retry gets the answer', async () => {
    const id = sandbox.account.createContact({ jobtitle: 'Java developer' });
    sandbox.account.hang({ method: 'POST', path: READ, times: 1 });

    const contacts = await adapterFor(sandbox, HANG_DEADLINE_MS).readContacts([id], ['jobtitle']);

    expect(contacts.map((c) => c.properties.jobtitle)).toEqual(['Java developer']);
    await until(() => statuses(READ).includes(0));
    expect(statuses(READ).sort()).toEqual([0, 200]);
    expect(sleeps).toEqual([375]);
  });

  it('hangs only what matches: other paths keep answering', async () => {
    const id = sandbox.account.createContact({});
    sandbox.account.hang({ path: /\/batch\/update$/, times: Infinity });
    const adapter = adapterFor(sandbox, HANG_DEADLINE_MS, 1);

    await expect(adapter.readContacts([id], [])).resolves.toHaveLength(1);
    await expect(
      adapter.updateContacts([{ id, properties: { jobtitle: 'QA' } }]),
    ).rejects.toMatchObject({ category: 'timeout' });
    await until(() => statuses(UPDATE).length >= 2);
    expect(statuses(UPDATE)).toEqual([0, 0]);
  });

  it('does not keep the sandbox from closing', async () => {
    const other = await startSandbox({ rateLimit: false });
    other.account.hang({ path: READ, times: 1 });
    const hung = fetch(`${other.baseUrl}${READ}`, {
      method: 'POST',
      headers: { authorization: 'Bearer x', 'content-type': 'application/json' },
      body: JSON.stringify({ inputs: [], properties: [], propertiesWithHistory: [] }),
    });
    await until(() => other.account.faults.hangs.size === 0);

    await other.close();

    await expect(hung).rejects.toThrow();
    await until(() => other.account.requests.length === 1);
    expect(other.account.requests[0]).toMatchObject({ path: READ, status: 0 });
  });
});

describe('injected refusals', () => {
  it('answers a 429 with Retry-After and the rolling-limit body, then recovers', async () => {
    const id = sandbox.account.createContact({});
    sandbox.account.fail({ path: READ, status: 429, times: 2, retryAfterSeconds: 3 });

    await expect(adapterFor(sandbox).readContacts([id], [])).resolves.toHaveLength(1);

    expect(statuses(READ)).toEqual([429, 429, 200]);
    expect(sleeps).toEqual([3000, 3000]);
  });

  it('sends HubSpot bodies: policyName on a 429, the error shape on a 5xx', async () => {
    sandbox.account.fail({ method: 'POST', status: 429, times: 1 });
    sandbox.account.fail({ method: 'POST', status: 502, times: 1 });
    const post = () =>
      fetch(`${sandbox.baseUrl}${READ}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ inputs: [], properties: [], propertiesWithHistory: [] }),
      });

    const limited = await post();
    const broken = await post();

    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(await limited.json()).toMatchObject({
      errorType: 'RATE_LIMIT',
      policyName: 'TEN_SECONDLY_ROLLING',
    });
    expect(broken.status).toBe(502);
    expect(await broken.json()).toMatchObject({ status: 'error', category: 'INTERNAL_ERROR' });
  });

  it('keeps failNext working next to the rules', async () => {
    const id = sandbox.account.createContact({});
    sandbox.account.failNext(503, 1);

    await expect(adapterFor(sandbox).readContacts([id], [])).resolves.toHaveLength(1);
    expect(statuses()).toEqual([503, 200]);
  });
});

describe('a 207 batch read with one failing contact among 500', () => {
  const seed = () => Array.from({ length: 500 }, () => sandbox.account.createContact({}));

  it('costs one extra call, not a repeat of every batch', async () => {
    const all = seed();
    sandbox.account.partialBatchRead({ ids: [all[250]!], times: 1 });

    const contacts = await adapterFor(sandbox).readContacts(all, []);

    expect(contacts).toHaveLength(500);
    // The least possible is 5 batch reads of 100; the failed contact alone is asked again.
    expect(statuses(READ)).toHaveLength(6);
    expect(sandbox.account.requests.at(-1)!.body).toEqual({
      inputs: [{ id: all[250] }],
      properties: [],
      propertiesWithHistory: [],
    });
  });

  it('hands back the 499 good contacts and the failing id when it keeps failing', async () => {
    const all = seed();
    sandbox.account.partialBatchRead({ ids: [all[250]!], times: Infinity });

    const error = await adapterFor(sandbox)
      .readContacts(all, [])
      .catch((err: unknown) => err);

    expect(error).toBeInstanceOf(PartialBatchError);
    expect((error as PartialBatchError).contacts).toHaveLength(499);
    expect((error as PartialBatchError).failedIds).toEqual([all[250]]);
    // 5 batch reads and 4 retries of the one id: 9 calls, against 5 at the least.
    expect(statuses(READ)).toHaveLength(9);
  });
});
