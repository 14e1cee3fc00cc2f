import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  OUTPUT_PROPERTY_NAMES,
  PROFILE_PROPERTY,
  scoreOutputValues,
  scorePropertyDefinitions,
  SCORE_PROPERTY_GROUP,
  SCORE_PROPERTY_NAMES,
} from '../../src/hubspot/index.ts';
import { outputsUnchanged } from '../../src/pipeline/score-outputs.ts';
import { readProperties } from '../../src/pipeline/rescore-contacts.ts';
import { triageDelivery } from '../../src/pipeline/triage-events.ts';
import { scoreContact } from '../../src/scoring/index.ts';
import { aContact, defaultModel, NOW } from '../helpers/scoring-fixtures.ts';
import { profilesModel } from '../scoring/profile-fixtures.ts';
import { anAdapter, anError, hubspot } from './helpers.ts';

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => nock.cleanAll());

const TIERS = ['hot', 'cold', 'disqualified'];
const PROFILES = [
  { id: 'developer', label: 'Software developer' },
  { id: 'nurse', label: 'Nurse' },
];
const definitions = scorePropertyDefinitions(
  TIERS.map((name) => ({ name })),
  PROFILES,
);
const profileDefinition = definitions.find((d) => d.name === PROFILE_PROPERTY)!;
const exists = (what: string) => anError('OBJECT_ALREADY_EXISTS', `${what} already exists`);
const asProperty = (
  definition: (typeof definitions)[number],
  options = definition.options ?? [],
) => ({
  ...definition,
  options,
  hidden: false,
  displayOrder: -1,
  archived: false,
});

describe('the recruitment_profile output property', () => {
  it('is an enumeration of the profiles, created with the others for a model with profiles', async () => {
    expect(profileDefinition).toMatchObject({
      type: 'enumeration',
      fieldType: 'select',
      groupName: SCORE_PROPERTY_GROUP.name,
      options: [
        { label: 'Software developer', value: 'developer', displayOrder: 0, hidden: false },
        { label: 'Nurse', value: 'nurse', displayOrder: 1, hidden: false },
      ],
    });
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

    await adapter.ensureScoreProperties(TIERS, PROFILES);

    scope.done();
    expect(definitions.map((d) => d.name)).toEqual(OUTPUT_PROPERTY_NAMES);
  });

  it('is not created for a model without profiles', () => {
    const names = scorePropertyDefinitions(TIERS.map((name) => ({ name }))).map((d) => d.name);
    expect(names).toEqual(SCORE_PROPERTY_NAMES);
    expect(names).not.toContain(PROFILE_PROPERTY);
  });

  it('follows the model: new profiles shown, retired ones hidden, like the tiers', async () => {
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
    const tierDefinition = definitions.find((d) => d.name === 'recruitment_tier')!;
    scope
      .get('/crm/properties/2026-03/contacts/recruitment_tier')
      .reply(200, asProperty(tierDefinition))
      .get('/crm/properties/2026-03/contacts/recruitment_profile')
      .reply(
        200,
        asProperty(profileDefinition, [
          { label: 'Software developer', value: 'developer', displayOrder: 0, hidden: false },
          { label: 'Truck driver', value: 'driver', displayOrder: 1, hidden: false },
        ]),
      )
      .patch('/crm/properties/2026-03/contacts/recruitment_profile', {
        options: [
          { label: 'Software developer', value: 'developer', displayOrder: 0, hidden: false },
          { label: 'Nurse', value: 'nurse', displayOrder: 1, hidden: false },
          { label: 'Truck driver', value: 'driver', displayOrder: 2, hidden: true },
        ],
      })
      .reply(200, asProperty(profileDefinition));
    const { adapter, logs } = anAdapter();

    await adapter.ensureScoreProperties(TIERS, PROFILES);

    scope.done();
    expect(logs.map((l) => l.message)).toContain(
      'updating the options of recruitment_profile to the model',
    );
  });

  it('is written with the other outputs for a model with profiles, never without', () => {
    const withProfiles = scoreOutputValues(
      scoreContact(profilesModel, { jobtitle: 'Nurse', country: 'NL' }, NOW),
    );
    expect(withProfiles[PROFILE_PROPERTY]).toBe('nurse');
    const without = scoreOutputValues(scoreContact(defaultModel, aContact(), NOW));
    expect(Object.keys(without)).not.toContain(PROFILE_PROPERTY);
  });

  it('makes a write needed when only the counting profile changed', () => {
    const outputs = scoreOutputValues(
      scoreContact(profilesModel, { jobtitle: 'Nurse', country: 'NL' }, NOW),
    );
    expect(outputsUnchanged({ ...outputs }, outputs, NOW)).toBe(true);
    expect(outputsUnchanged({ ...outputs, [PROFILE_PROPERTY]: 'developer' }, outputs, NOW)).toBe(
      false,
    );
    expect(outputsUnchanged({ ...outputs, [PROFILE_PROPERTY]: null }, outputs, NOW)).toBe(false);
  });

  it('is read back before writing only for a model with profiles', () => {
    expect(readProperties(profilesModel)).toContain(PROFILE_PROPERTY);
    expect(readProperties(defaultModel)).not.toContain(PROFILE_PROPERTY);
  });

  it('never triggers rescoring when it changes: it is our own output', () => {
    const work = triageDelivery(
      [
        {
          type: 'contact.propertyChange',
          portalId: 62515,
          appId: 54321,
          occurredAt: 1_700_000_000_000,
          objectId: '101',
          objectTypeId: undefined,
          propertyName: PROFILE_PROPERTY,
          changeSource: 'CRM_UI',
          sourceId: 'userId:1',
          primaryObjectId: undefined,
          newObjectId: undefined,
          mergedObjectIds: [],
        },
      ],
      { modelProperties: new Set(['jobtitle', PROFILE_PROPERTY]) },
    );
    expect(work.rescore).toEqual([]);
    expect(work.ignored).toEqual({ 'own output property': 1 });
  });
});
