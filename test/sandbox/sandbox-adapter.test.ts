import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createHubSpotAdapter,
  createHubSpotClient,
  type AdapterClock,
  type HubSpotPort,
} from '../../src/hubspot/index.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';

const NOW = Date.UTC(2026, 10, 1, 9, 0, 0);
const TOKEN = 'pat-eu1-sandbox-token';
let sandbox: Sandbox;
let adapter: HubSpotPort;
let sleeps: number[];

/** The adapter never really waits in tests: sleeping moves its clock on. */
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

function adapterFor(options: { maxRetries?: number; token?: string } = {}) {
  return createHubSpotAdapter({
    client: createHubSpotClient({ accessToken: options.token ?? TOKEN, basePath: sandbox.baseUrl }),
    clock: fakeClock(),
    random: () => 0.5,
    ...(options.maxRetries === undefined ? {} : { maxRetries: options.maxRetries }),
  });
}

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  sandbox = await startSandbox({ port: 0, now: NOW, rateLimit: false, accessToken: TOKEN });
});
afterAll(() => sandbox.close());
beforeEach(() => {
  sleeps = [];
  adapter = adapterFor();
  sandbox.account.reset();
});
afterEach(() => {
  sandbox.account.failures.length = 0;
});

function createContacts(count: number, properties: (i: number) => Record<string, string>) {
  return Array.from({ length: count }, (_, i) => sandbox.account.createContact(properties(i)));
}

describe('the adapter against the sandbox over real HTTP', () => {
  it('reads 250 contacts in three batch reads and leaves out the unknown id', async () => {
    const ids = createContacts(249, (i) => ({ jobtitle: `Developer ${i}` }));

    const contacts = await adapter.readContacts([...ids, '999999'], ['jobtitle', 'country']);

    expect(contacts).toHaveLength(249);
    expect(contacts[0]!.properties).toMatchObject({ jobtitle: 'Developer 0', country: null });
    const reads = sandbox.account.requests.filter((r) => r.path.endsWith('/batch/read'));
    expect(reads.map((r) => (r.body as { inputs: unknown[] }).inputs.length)).toEqual([
      100, 100, 50,
    ]);
    expect(reads.map((r) => r.status)).toEqual([200, 200, 207]);
  });

  it('creates the score properties once and accepts their values', async () => {
    await adapter.ensureScoreProperties(['hot', 'warm', 'cold']);
    await adapter.ensureScoreProperties(['hot', 'warm', 'cold']);
    const [id] = createContacts(1, () => ({ jobtitle: 'DevOps Engineer' }));

    await adapter.updateContacts([
      { id: id!, properties: { recruitment_score: '64', recruitment_tier: 'hot' } },
    ]);

    expect(sandbox.account.contacts.get(id!)).toMatchObject({
      recruitment_score: '64',
      recruitment_tier: 'hot',
    });
    const patches = sandbox.account.requests.filter((r) => r.method === 'PATCH');
    expect(patches).toEqual([]);
    expect(sandbox.account.propertyGroups.has('recruitment_scoring')).toBe(true);
  });

  it('patches the tier options when the model adds a tier', async () => {
    await adapter.ensureScoreProperties(['hot', 'warm', 'cold']);

    await adapter.ensureScoreProperties(['hot', 'warm', 'cold', 'disqualified']);

    const tier = sandbox.account.propertyDefinitions.get('recruitment_tier')!;
    expect(tier.options.map((o) => o.value)).toEqual(['hot', 'warm', 'cold', 'disqualified']);
  });

  it('refuses a tier value the property does not allow', async () => {
    await adapter.ensureScoreProperties(['hot', 'warm', 'cold']);
    const [id] = createContacts(1, () => ({}));

    await expect(
      adapter.updateContacts([{ id: id!, properties: { recruitment_tier: 'lukewarm' } }]),
    ).rejects.toMatchObject({ status: 400, hubspotCategory: 'VALIDATION_ERROR' });
  });

  it('keeps the score history, newest first, with the source of each change', async () => {
    await adapter.ensureScoreProperties(['hot', 'warm', 'cold']);
    const [id] = createContacts(1, () => ({}));
    await adapter.updateContacts([{ id: id!, properties: { recruitment_score: '20' } }]);
    sandbox.account.advance(86_400_000);
    await adapter.updateContacts([{ id: id!, properties: { recruitment_score: '45' } }]);

    const history = await adapter.propertyHistory(id!, 'recruitment_score');

    expect(history).toEqual([
      { value: '45', timestamp: '2026-11-02T09:00:00.000Z', sourceType: 'INTEGRATION' },
      { value: '20', timestamp: '2026-11-01T09:00:00.000Z', sourceType: 'INTEGRATION' },
    ]);
  });

  it('pages through a search with filters and a sort', async () => {
    sandbox.account.contacts.clear();
    createContacts(7, (i) => ({ years_of_experience: String(i), country: i % 2 ? 'NL' : 'BE' }));
    const search = {
      filterGroups: [
        {
          filters: [
            { propertyName: 'years_of_experience', operator: 'GTE', value: '2' },
            { propertyName: 'country', operator: 'EQ', value: 'nl' },
          ],
        },
      ],
      sorts: [{ propertyName: 'years_of_experience', direction: 'DESCENDING' as const }],
      properties: ['years_of_experience'],
      limit: 1,
    };

    const first = await adapter.searchContacts(search);
    const second = await adapter.searchContacts({ ...search, after: first.after });

    expect(first.total).toBe(2);
    expect([first, second].map((page) => page.results[0]!.properties.years_of_experience)).toEqual([
      '5',
      '3',
    ]);
    expect(second.after).toBeUndefined();
  });

  it('finds the contacts of calls through the date-based associations API', async () => {
    const [a, b] = createContacts(2, () => ({}));
    sandbox.account.associate('calls', '9001', a!);
    sandbox.account.associate('calls', '9001', b!);
    sandbox.account.associate('calls', '9002', b!);

    const contacts = await adapter.contactsOfEngagements('CALL', ['9001', '9002', '9003']);

    expect(Object.fromEntries(contacts)).toEqual({ '9001': [a, b], '9002': [b], '9003': [] });
  });

  it('rides out a 5xx storm and a 429 with Retry-After', async () => {
    const [id] = createContacts(1, () => ({}));
    sandbox.account.failNext(503, 2);
    sandbox.account.failNext(429, 1, undefined, { 'Retry-After': '2' });

    await expect(adapter.readContacts([id!], [])).resolves.toHaveLength(1);

    expect(sandbox.account.requests.map((r) => r.status)).toEqual([503, 503, 429, 200]);
    expect(sleeps).toEqual([375, 750, 2000]);
  });

  it('gives up after five attempts', async () => {
    sandbox.account.failNext(500, 6);

    await expect(adapter.readContacts(['1'], [])).rejects.toMatchObject({ category: 'server' });
    expect(sandbox.account.requests).toHaveLength(5);
  });

  it('fails at once with a wrong token', async () => {
    const stranger = adapterFor({ token: 'pat-eu1-wrong' });

    await expect(stranger.readContacts(['1'], [])).rejects.toMatchObject({
      status: 401,
      category: 'auth',
    });
    expect(sandbox.account.requests).toHaveLength(1);
  });
});
