import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { scorePropertyDefinitions, SCORE_PROPERTY_GROUP } from '../../src/hubspot/index.ts';
import { anAdapter, anError, hubspot } from './helpers.ts';

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => nock.cleanAll());

const TIERS = ['hot', 'warm', 'cold'];
const definitions = scorePropertyDefinitions(TIERS.map((name) => ({ name })));
const tierDefinition = definitions.find((d) => d.name === 'recruitment_tier')!;
const exists = (what: string) => anError('OBJECT_ALREADY_EXISTS', `${what} already exists`);

function asProperty(definition: (typeof definitions)[number], options = definition.options ?? []) {
  return { ...definition, options, hidden: false, displayOrder: -1, archived: false };
}

describe('ensuring the score properties', () => {
  it('creates the group and every output property on a fresh account', async () => {
    const scope = hubspot()
      .get('/crm/properties/2026-03/contacts')
      .reply(200, { results: [] })
      .post('/crm/properties/2026-03/contacts/groups', { ...SCORE_PROPERTY_GROUP })
      .reply(201, { ...SCORE_PROPERTY_GROUP, archived: false });
    for (const definition of definitions) {
      scope
        .post('/crm/properties/2026-03/contacts', { ...definition })
        .reply(201, asProperty(definition));
    }
    const { adapter } = anAdapter();

    await adapter.ensureScoreProperties(TIERS);

    scope.done();
  });

  it('accepts 409 for what exists and patches tier options that differ from the model', async () => {
    const scope = hubspot()
      .get('/crm/properties/2026-03/contacts')
      .reply(200, { results: [] })
      .post('/crm/properties/2026-03/contacts/groups')
      .reply(409, exists('group'));
    for (const definition of definitions) {
      scope
        .post('/crm/properties/2026-03/contacts', { ...definition })
        .reply(409, exists(definition.name));
    }
    scope
      .get('/crm/properties/2026-03/contacts/recruitment_tier')
      .reply(
        200,
        asProperty(tierDefinition, [
          { label: 'Hot', value: 'hot', displayOrder: 0, hidden: false },
          { label: 'Lukewarm', value: 'lukewarm', displayOrder: 1, hidden: false },
          { label: 'Cold', value: 'cold', displayOrder: 2, hidden: false },
        ]),
      )
      .patch('/crm/properties/2026-03/contacts/recruitment_tier', {
        options: [
          { label: 'Hot', value: 'hot', displayOrder: 0, hidden: false },
          { label: 'Warm', value: 'warm', displayOrder: 1, hidden: false },
          { label: 'Cold', value: 'cold', displayOrder: 2, hidden: false },
          // Contacts may still carry the old value: keep it valid, out of sight.
          { label: 'Lukewarm', value: 'lukewarm', displayOrder: 3, hidden: true },
        ],
      })
      .reply(200, asProperty(tierDefinition));
    const { adapter } = anAdapter();

    await adapter.ensureScoreProperties(TIERS);

    scope.done();
  });

  it('leaves tier options alone when they already match the model', async () => {
    const scope = hubspot()
      .get('/crm/properties/2026-03/contacts')
      .reply(200, { results: [] })
      .post('/crm/properties/2026-03/contacts/groups')
      .reply(409, exists('group'));
    for (const definition of definitions) {
      scope
        .post('/crm/properties/2026-03/contacts', { ...definition })
        .reply(409, exists(definition.name));
    }
    scope
      .get('/crm/properties/2026-03/contacts/recruitment_tier')
      .reply(200, asProperty(tierDefinition));
    const { adapter } = anAdapter();

    await adapter.ensureScoreProperties(TIERS);

    scope.done();
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('makes one request when everything is in place, as after the first time', async () => {
    const scope = hubspot()
      .get('/crm/properties/2026-03/contacts')
      .reply(200, { results: definitions.map((definition) => asProperty(definition)) });
    const { adapter } = anAdapter();

    await adapter.ensureScoreProperties(TIERS);

    scope.done();
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('writes only what differs: the options of a listed tier property, nothing created', async () => {
    const others = definitions.filter((d) => d !== tierDefinition).map((d) => asProperty(d));
    const scope = hubspot()
      .get('/crm/properties/2026-03/contacts')
      .reply(200, {
        results: [
          ...others,
          asProperty(tierDefinition, [
            { label: 'Hot', value: 'hot', displayOrder: 0, hidden: false },
            { label: 'Cold', value: 'cold', displayOrder: 1, hidden: false },
          ]),
        ],
      })
      .patch('/crm/properties/2026-03/contacts/recruitment_tier', {
        options: tierDefinition.options,
      })
      .reply(200, asProperty(tierDefinition));
    const { adapter } = anAdapter();

    await adapter.ensureScoreProperties(TIERS);

    scope.done();
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('fails on a refusal other than "exists"', async () => {
    hubspot()
      .get('/crm/properties/2026-03/contacts')
      .reply(200, { results: [] })
      .post('/crm/properties/2026-03/contacts/groups')
      .reply(403, anError('MISSING_SCOPES', 'This app lacks crm.schemas.contacts.write'));
    const { adapter } = anAdapter();

    await expect(adapter.ensureScoreProperties(TIERS)).rejects.toMatchObject({
      status: 403,
      category: 'auth',
    });
  });
});
