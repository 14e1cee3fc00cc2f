import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HubSpotError } from '../../src/hubspot/index.ts';
import { anAdapter, anError, hubspot } from './helpers.ts';

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => nock.cleanAll());

const PROPERTIES = '/crm/properties/2026-03/contacts';

function aProperty(name: string, overrides: Record<string, unknown> = {}) {
  return {
    name,
    label: `Label of ${name}`,
    type: 'string',
    fieldType: 'text',
    groupName: 'contactinformation',
    description: '',
    options: [],
    hubspotDefined: true,
    hidden: false,
    archived: false,
    ...overrides,
  };
}

describe('listing the contact properties for the settings page', () => {
  it('maps each property and its visible options, in their display order', async () => {
    const scope = hubspot()
      .get(PROPERTIES)
      .reply(200, {
        results: [
          aProperty('jobtitle', { label: 'Job Title' }),
          aProperty('specialization', {
            type: 'enumeration',
            fieldType: 'select',
            groupName: 'recruitment',
            hubspotDefined: false,
            options: [
              { value: 'nursing', label: 'Nursing', displayOrder: 1, hidden: false },
              { value: 'retired', label: 'Retired', displayOrder: 0, hidden: true },
              { value: 'it', label: 'IT', displayOrder: 0, hidden: false },
            ],
          }),
        ],
      });
    const { adapter } = anAdapter();

    const properties = await adapter.listContactProperties();

    scope.done();
    expect(properties).toEqual([
      {
        name: 'jobtitle',
        label: 'Job Title',
        type: 'string',
        fieldType: 'text',
        groupName: 'contactinformation',
        options: [],
        hubspotDefined: true,
      },
      {
        name: 'specialization',
        label: 'Label of specialization',
        type: 'enumeration',
        fieldType: 'select',
        groupName: 'recruitment',
        options: [
          { value: 'it', label: 'IT' },
          { value: 'nursing', label: 'Nursing' },
        ],
        hubspotDefined: false,
      },
    ]);
  });

  it('leaves hidden and archived properties out', async () => {
    const scope = hubspot()
      .get(PROPERTIES)
      .reply(200, {
        results: [
          aProperty('city'),
          aProperty('hs_internal_thing', { hidden: true }),
          aProperty('old_field', { archived: true }),
        ],
      });
    const { adapter } = anAdapter();

    const names = (await adapter.listContactProperties()).map((p) => p.name);

    scope.done();
    expect(names).toEqual(['city']);
  });

  it('retries a 502 through the same caller as every other call', async () => {
    const scope = hubspot()
      .get(PROPERTIES)
      .reply(502, anError('INTERNAL_ERROR', 'Bad gateway'))
      .get(PROPERTIES)
      .reply(200, { results: [aProperty('country')] });
    const { adapter, sleeps } = anAdapter();

    const names = (await adapter.listContactProperties()).map((p) => p.name);

    scope.done();
    expect(names).toEqual(['country']);
    expect(sleeps).toHaveLength(1);
  });
});

describe('finding a user of the account', () => {
  it('reads the super-admin flag and roles from the users API', async () => {
    const scope = hubspot()
      .get('/settings/users/2026-03/7001')
      .reply(200, {
        id: '7001',
        email: 'admin@agency.example',
        roleIds: ['12'],
        primaryTeamId: '3',
        superAdmin: true,
        sendWelcomeEmail: false,
      });
    const { adapter } = anAdapter();

    const user = await adapter.findUser('7001');

    scope.done();
    expect(user).toEqual({
      id: '7001',
      email: 'admin@agency.example',
      superAdmin: true,
      roleIds: ['12'],
    });
  });

  it('treats a user without the flag as no super admin', async () => {
    const scope = hubspot()
      .get('/settings/users/2026-03/7002')
      .reply(200, { id: '7002', email: 'recruiter@agency.example', roleIds: [] });
    const { adapter } = anAdapter();

    const user = await adapter.findUser('7002');

    scope.done();
    expect(user?.superAdmin).toBe(false);
  });

  it('answers undefined for an id that is not a user of the account, without retrying', async () => {
    const scope = hubspot()
      .get('/settings/users/2026-03/999')
      .reply(404, anError('OBJECT_NOT_FOUND', 'User not found'));
    const { adapter, sleeps } = anAdapter();

    const user = await adapter.findUser('999');

    scope.done();
    expect(user).toBeUndefined();
    expect(sleeps).toEqual([]);
  });

  it('fails with a HubSpotError when the token lacks settings.users.read', async () => {
    const scope = hubspot()
      .get('/settings/users/2026-03/7001')
      .reply(403, anError('MISSING_SCOPES', 'This app lacks settings.users.read'));
    const { adapter } = anAdapter();

    const failure = await adapter.findUser('7001').catch((err: unknown) => err);

    scope.done();
    expect(failure).toBeInstanceOf(HubSpotError);
    expect((failure as HubSpotError).status).toBe(403);
  });
});
