import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, seedLatentCandidates, type Sandbox } from '../../src/sandbox/index.ts';
import { matchesFilter, sortContacts } from '../../src/sandbox/contact-search.ts';
import { SandboxAccount } from '../../src/sandbox/sandbox-account.ts';

const NOW = Date.UTC(2026, 10, 1);
let sandbox: Sandbox | undefined;

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(async () => {
  await sandbox?.close();
  sandbox = undefined;
});

async function post(path: string, body: unknown) {
  const response = await fetch(`${sandbox!.baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer pat-eu1-rules' },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

describe('search filters', () => {
  const definitions = new SandboxAccount({ now: NOW }).propertyDefinitions;
  const contact = {
    years_of_experience: '7',
    country: 'Nederland',
    jobtitle: 'Senior Java Developer',
    hs_email_last_open_date: '2026-10-20T08:00:00.000Z',
  };
  const matches = (filter: Parameters<typeof matchesFilter>[2]) =>
    matchesFilter(definitions, contact, filter);

  it('compares numbers as numbers, not as text', () => {
    expect(matches({ propertyName: 'years_of_experience', operator: 'GT', value: '10' })).toBe(
      false,
    );
    expect(matches({ propertyName: 'years_of_experience', operator: 'LT', value: '10' })).toBe(
      true,
    );
    expect(
      matches({
        propertyName: 'years_of_experience',
        operator: 'BETWEEN',
        value: '3',
        highValue: '7',
      }),
    ).toBe(true);
  });

  it('compares datetimes given as epoch milliseconds with stored ISO values', () => {
    const oct21 = String(Date.UTC(2026, 9, 21));
    expect(matches({ propertyName: 'hs_email_last_open_date', operator: 'LT', value: oct21 })).toBe(
      true,
    );
    expect(
      matches({ propertyName: 'hs_email_last_open_date', operator: 'GTE', value: oct21 }),
    ).toBe(false);
  });

  it('matches text without regard to case, and tokens inside it', () => {
    expect(matches({ propertyName: 'country', operator: 'EQ', value: 'nederland' })).toBe(true);
    expect(matches({ propertyName: 'country', operator: 'IN', values: ['nl', 'nederland'] })).toBe(
      true,
    );
    expect(matches({ propertyName: 'jobtitle', operator: 'CONTAINS_TOKEN', value: 'java' })).toBe(
      true,
    );
    expect(matches({ propertyName: 'jobtitle', operator: 'CONTAINS_TOKEN', value: 'jav' })).toBe(
      false,
    );
  });

  it('lets negative filters and NOT_HAS_PROPERTY match contacts without the value', () => {
    expect(matches({ propertyName: 'city', operator: 'NEQ', value: 'Utrecht' })).toBe(true);
    expect(matches({ propertyName: 'city', operator: 'NOT_HAS_PROPERTY' })).toBe(true);
    expect(matches({ propertyName: 'city', operator: 'HAS_PROPERTY' })).toBe(false);
    expect(matches({ propertyName: 'city', operator: 'EQ', value: '' })).toBe(false);
  });

  it('sorts contacts without the value last', () => {
    const sorted = sortContacts(
      definitions,
      [
        ['1', {}],
        ['2', { years_of_experience: '12' }],
        ['3', { years_of_experience: '3' }],
      ],
      { propertyName: 'years_of_experience', direction: 'ASCENDING' },
    );
    expect(sorted.map(([id]) => id)).toEqual(['3', '2', '1']);
  });
});

describe('HubSpot rules the sandbox enforces', () => {
  it('answers 429 with the rolling-limit body and headers once the budget is spent', async () => {
    sandbox = await startSandbox({ rateLimit: { requests: 2, perMilliseconds: 60_000 } });
    const read = { inputs: [], properties: [], propertiesWithHistory: [] };
    const first = await post('/crm/objects/2026-03/contacts/batch/read', read);
    await post('/crm/objects/2026-03/contacts/batch/read', read);
    const third = await post('/crm/objects/2026-03/contacts/batch/read', read);

    expect(first.headers.get('x-hubspot-ratelimit-remaining')).toBe('1');
    expect(third.status).toBe(429);
    expect(third.body).toMatchObject({
      status: 'error',
      message: 'You have reached your ten_secondly_rolling limit.',
      errorType: 'RATE_LIMIT',
      policyName: 'TEN_SECONDLY_ROLLING',
    });
    expect(third.headers.get('x-hubspot-ratelimit-max')).toBe('2');
    expect(third.headers.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('60000');
  });

  it('refuses writes to values HubSpot calculates, unknown properties and duplicate ids', async () => {
    sandbox = await startSandbox({ rateLimit: false, now: NOW });
    const id = sandbox.account.createContact({ jobtitle: 'Tester' });
    const update = (properties: Record<string, string>, ids = [id]) =>
      post('/crm/objects/2026-03/contacts/batch/update', {
        inputs: ids.map((i) => ({ id: i, properties })),
      });

    expect((await update({ hs_email_open: '3' })).body.message).toContain('READ_ONLY_VALUE');
    expect((await update({ recruitment_score: '3' })).body.message).toContain(
      'PROPERTY_DOESNT_EXIST',
    );
    expect((await update({ jobtitle: 'QA' }, [id, id])).status).toBe(400);
    expect(sandbox.account.contacts.get(id)!.jobtitle).toBe('Tester');
  });

  it('caps a search page at 200 and refuses more than one sort', async () => {
    sandbox = await startSandbox({ rateLimit: false });
    expect((await post('/crm/objects/2026-03/contacts/search', { limit: 201 })).status).toBe(400);
    const twoSorts = { limit: 10, sorts: ['createdate', '-hs_object_id'] };
    expect((await post('/crm/objects/2026-03/contacts/search', twoSorts)).status).toBe(400);
  });

  it('records a change in the history only when the value changes', () => {
    const account = new SandboxAccount({ now: NOW });
    const id = account.createContact({ recruitment_tier: 'warm' });
    account.advance(1000);
    account.setProperty(id, 'recruitment_tier', 'warm');
    account.setProperty(id, 'recruitment_tier', 'hot', { sourceType: 'INTEGRATION' });

    expect(account.historyOf(id, 'recruitment_tier')).toEqual([
      { value: 'hot', timestamp: '2026-11-01T00:00:01.000Z', sourceType: 'INTEGRATION' },
      { value: 'warm', timestamp: '2026-11-01T00:00:00.000Z', sourceType: 'CRM_UI' },
    ]);
  });
});

describe('latent candidates', () => {
  it('are the same for the same seed, with string values and ISO dates', () => {
    const a = seedLatentCandidates(42, 50, NOW);
    expect(seedLatentCandidates(42, 50, NOW)).toEqual(a);
    expect(seedLatentCandidates(43, 50, NOW)).not.toEqual(a);
    for (const candidate of a) {
      for (const value of Object.values(candidate)) expect(typeof value).toBe('string');
      expect(new Date(candidate.createdate!).toISOString()).toBe(candidate.createdate);
      expect(Date.parse(candidate.createdate!)).toBeLessThanOrEqual(NOW);
    }
  });

  it('mix candidates in the Netherlands and abroad, and never carry a protected attribute', () => {
    const candidates = seedLatentCandidates(1, 200, NOW);
    const countries = new Set(candidates.map((c) => c.country));
    expect(countries.has('Netherlands') || countries.has('NL')).toBe(true);
    expect([...countries].some((c) => ['Germany', 'India', 'Spain', 'Poland'].includes(c!))).toBe(
      true,
    );
    const names = new Set(candidates.flatMap((c) => Object.keys(c)));
    for (const protectedName of [
      'gender',
      'age',
      'date_of_birth',
      'nationality',
      'marital_status',
    ]) {
      expect(names.has(protectedName)).toBe(false);
    }
  });
});
