import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpotAdapter, createHubSpotClient } from '../../src/hubspot/index.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { checkRequest, checkResponse, loadSpec } from './openapi-check.ts';
import { usersSpec } from './users-spec.ts';

const contactsSpec = loadSpec('contacts-2026-03.json');
const propertiesSpec = loadSpec('properties-2026-03.json');
const userSpec = usersSpec();
const TOKEN = 'pat-eu1-shapes';
let sandbox: Sandbox;

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  sandbox = await startSandbox({
    now: Date.UTC(2026, 10, 1),
    rateLimit: false,
    seed: 7,
    contacts: 5,
  });
});
afterAll(() => sandbox.close());

async function call(method: string, path: string, body?: unknown, token: string | null = TOKEN) {
  const response = await fetch(`${sandbox.baseUrl}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as unknown };
}

const specFor = (path: string) =>
  path.startsWith('/settings/users/')
    ? userSpec
    : path.includes('/properties/')
      ? propertiesSpec
      : contactsSpec;

async function expectDocumented(
  method: string,
  path: string,
  body?: unknown,
  token?: string | null,
) {
  const response = await call(method, path, body, token);
  const problems = checkResponse(
    specFor(path),
    method,
    path.split('?')[0]!,
    response.status,
    response.body,
  );
  expect(problems, `${method} ${path} → ${response.status}`).toEqual([]);
  return response;
}

const someIds = () => [...sandbox.account.contacts.keys()];

describe('sandbox answers match HubSpot OpenAPI schemas', () => {
  it('batch read: 200 all found, 207 with OBJECT_NOT_FOUND errors, with history', async () => {
    const ids = someIds().slice(0, 2);
    const ok = await expectDocumented('POST', '/crm/objects/2026-03/contacts/batch/read', {
      inputs: ids.map((id) => ({ id })),
      properties: ['jobtitle', 'nonexistent_property'],
      propertiesWithHistory: ['jobtitle'],
    });
    expect(ok.status).toBe(200);
    const partial = await expectDocumented('POST', '/crm/objects/2026-03/contacts/batch/read', {
      inputs: [{ id: ids[0] }, { id: '424242' }],
      properties: ['jobtitle'],
      propertiesWithHistory: [],
    });
    expect(partial).toMatchObject({
      status: 207,
      body: {
        numErrors: 1,
        errors: [{ category: 'OBJECT_NOT_FOUND', context: { ids: ['424242'] } }],
      },
    });
  });

  it('search, a single contact with history, and the documented error body', async () => {
    const search = await expectDocumented('POST', '/crm/objects/2026-03/contacts/search', {
      filterGroups: [{ filters: [{ propertyName: 'createdate', operator: 'HAS_PROPERTY' }] }],
      sorts: [{ propertyName: 'createdate', direction: 'DESCENDING' }],
      properties: ['jobtitle'],
      limit: 2,
    });
    expect(search.body).toMatchObject({ total: 5, paging: { next: { after: '2' } } });
    const [id] = someIds();
    await expectDocumented(
      'GET',
      `/crm/objects/2026-03/contacts/${id}?properties=jobtitle,country&propertiesWithHistory=jobtitle`,
    );
    const missing = await expectDocumented('GET', '/crm/objects/2026-03/contacts/424242');
    expect(missing.status).toBe(404);
    const beyond = await expectDocumented('POST', '/crm/objects/2026-03/contacts/search', {
      filterGroups: [],
      properties: [],
      limit: 10,
      after: '10000',
    });
    expect(beyond.status).toBe(400);
  });

  it('207 with the good contacts and an error naming the ids that failed', async () => {
    const ids = someIds().slice(0, 3);
    sandbox.account.partialBatchRead({ ids: [ids[1]!], times: 1 });
    const partial = await expectDocumented('POST', '/crm/objects/2026-03/contacts/batch/read', {
      inputs: ids.map((id) => ({ id })),
      properties: ['jobtitle'],
      propertiesWithHistory: [],
    });
    expect(partial).toMatchObject({
      status: 207,
      body: {
        numErrors: 1,
        errors: [{ category: 'VALIDATION_ERROR', context: { ids: [ids[1]] } }],
      },
    });
    expect((partial.body as { results: { id: string }[] }).results.map((r) => r.id)).toEqual([
      ids[0],
      ids[2],
    ]);
  });

  it('refuses the numbered APIs loudly: the app must not call them any more', async () => {
    const response = await call('POST', '/crm/v3/objects/contacts/batch/read', {
      inputs: [],
      properties: [],
      propertiesWithHistory: [],
    });
    expect(response.status).toBe(404);
    expect((response.body as { message: string }).message).toContain('numbered CRM APIs');
  });

  it('401 without a bearer token, in the documented error shape', async () => {
    const response = await expectDocumented(
      'POST',
      '/crm/objects/2026-03/contacts/batch/read',
      { inputs: [], properties: [], propertiesWithHistory: [] },
      null,
    );
    expect(response).toMatchObject({ status: 401, body: { category: 'INVALID_AUTHENTICATION' } });
  });

  it('property group and property create, 409 when they exist, read and patch', async () => {
    const group = { name: 'shape_group', label: 'Shape group', displayOrder: -1 };
    expect(
      (await expectDocumented('POST', '/crm/properties/2026-03/contacts/groups', group)).status,
    ).toBe(201);
    expect(
      (await expectDocumented('POST', '/crm/properties/2026-03/contacts/groups', group)).status,
    ).toBe(409);
    const property = {
      name: 'shape_tier',
      label: 'Shape tier',
      type: 'enumeration',
      fieldType: 'select',
      groupName: 'shape_group',
      options: [{ label: 'Hot', value: 'hot', displayOrder: 0, hidden: false }],
    };
    expect(
      (await expectDocumented('POST', '/crm/properties/2026-03/contacts', property)).status,
    ).toBe(201);
    const again = await expectDocumented('POST', '/crm/properties/2026-03/contacts', property);
    expect(again).toMatchObject({
      status: 409,
      body: { status: 'error', category: 'OBJECT_ALREADY_EXISTS' },
    });
    await expectDocumented('GET', '/crm/properties/2026-03/contacts/shape_tier');
    await expectDocumented('GET', '/crm/properties/2026-03/contacts');
    await expectDocumented('PATCH', '/crm/properties/2026-03/contacts/shape_tier', {
      options: [{ label: 'Warm', value: 'warm', displayOrder: 0, hidden: false }],
    });
  });
  it('users: a super admin, a recruiter, and 404 for an id that is no user of the account', async () => {
    const admin = await expectDocumented('GET', '/settings/users/2026-03/1');
    expect(admin).toMatchObject({ status: 200, body: { id: '1', superAdmin: true } });
    const recruiter = await expectDocumented('GET', '/settings/users/2026-03/2');
    expect(recruiter).toMatchObject({ status: 200, body: { id: '2', superAdmin: false } });
    const stranger = await expectDocumented('GET', '/settings/users/2026-03/3');
    expect(stranger).toMatchObject({ status: 404, body: { category: 'OBJECT_NOT_FOUND' } });
  });
});

describe("the adapter's requests match HubSpot OpenAPI schemas", () => {
  it('sends documented bodies for every call it makes', async () => {
    const adapter = createHubSpotAdapter({
      client: createHubSpotClient({ accessToken: TOKEN, basePath: sandbox.baseUrl }),
    });
    sandbox.account.reset();
    const ids = someIds();

    await adapter.ensureScoreProperties(['hot', 'warm']);
    await adapter.ensureScoreProperties(['hot', 'warm', 'cold']);
    await adapter.readContacts(ids, ['jobtitle']);
    await adapter.updateContacts(
      ids.map((id) => ({ id, properties: { recruitment_score: '50' } })),
    );
    await adapter.searchContacts({
      filterGroups: [
        { filters: [{ propertyName: 'recruitment_score', operator: 'GT', value: '10' }] },
      ],
      properties: ['recruitment_score'],
      limit: 10,
    });
    await adapter.propertyHistory(ids[0]!, 'recruitment_score');

    const crmRequests = sandbox.account.requests.filter((r) => r.path.startsWith('/crm/'));
    expect(crmRequests.length).toBeGreaterThan(10);
    for (const request of crmRequests) {
      const spec = specFor(request.path);
      const problems = checkRequest(spec, request.method, request.path, request.body);
      // The spec marks a search's `after` and `sorts` required; HubSpot's search guide and the
      // API itself treat both as optional, and the first page has no cursor to send.
      const real = problems.filter((p) => !/missing required (after|sorts)$/.test(p));
      expect(real, `${request.method} ${request.path}`).toEqual([]);
      expect(request.status, `${request.method} ${request.path}`).toBeLessThan(500);
    }
  });
});

describe('the schema checker', () => {
  it('flags a missing required field, a wrong type and a value outside the enum', () => {
    const problems = checkResponse(
      contactsSpec,
      'POST',
      '/crm/objects/2026-03/contacts/batch/read',
      200,
      {
        status: 'DONE',
        results: [
          { id: 5, properties: {}, createdAt: 'yesterday', updatedAt: '2026-01-01T00:00:00Z' },
        ],
        startedAt: '2026-01-01T00:00:00Z',
      },
    );
    expect(problems).toEqual([
      '$: missing required completedAt',
      '$.status: "DONE" is not one of ["CANCELED","COMPLETE","PENDING","PROCESSING"]',
      '$.results[0]: missing required archived',
      '$.results[0].id: expected string, got integer',
      '$.results[0].createdAt: yesterday is not a date-time',
    ]);
  });
});
