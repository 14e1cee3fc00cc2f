import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { aBatchResponse, aContactObject, anAdapter, hubspot, ids } from './helpers.ts';

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => nock.cleanAll());

const READ = '/crm/objects/2026-03/contacts/batch/read';
const readBody = (batch: string[], properties: string[]) => ({
  inputs: batch.map((id) => ({ id })),
  properties,
  propertiesWithHistory: [],
});

describe('reading contacts', () => {
  it('splits 250 ids into batch reads of 100, 100 and 50', async () => {
    const all = ids(1, 250);
    const scope = hubspot();
    for (const batch of [all.slice(0, 100), all.slice(100, 200), all.slice(200)]) {
      scope
        .post(READ, readBody(batch, ['jobtitle']))
        .reply(200, aBatchResponse(batch.map((id) => aContactObject(id, { jobtitle: 'Dev' }))));
    }
    const { adapter } = anAdapter();

    const contacts = await adapter.readContacts(all, ['jobtitle']);

    scope.done();
    expect(contacts).toHaveLength(250);
    expect(contacts[249]).toEqual({
      id: '250',
      properties: { hs_object_id: '250', jobtitle: 'Dev' },
    });
  });

  it('reads property history in batches of 50, with every value and its time', async () => {
    const all = ids(1, 120);
    const scope = hubspot();
    const history = [
      { value: 'Newsletter', timestamp: '2026-11-20T10:00:00.000Z', sourceType: 'FORM' },
      { value: 'Salary guide', timestamp: '2026-10-01T10:00:00.000Z', sourceType: 'FORM' },
    ];
    for (const batch of [all.slice(0, 50), all.slice(50, 100), all.slice(100)]) {
      scope
        .post(READ, {
          inputs: batch.map((id) => ({ id })),
          properties: ['recent_conversion_event_name'],
          propertiesWithHistory: ['recent_conversion_event_name'],
        })
        .reply(
          200,
          aBatchResponse(
            batch.map((id) => ({
              ...aContactObject(id, { recent_conversion_event_name: 'Newsletter' }),
              propertiesWithHistory: { recent_conversion_event_name: history },
            })),
          ),
        );
    }
    const { adapter } = anAdapter();

    const contacts = await adapter.readContacts(all, ['recent_conversion_event_name'], {
      withHistory: ['recent_conversion_event_name'],
    });

    scope.done();
    expect(contacts).toHaveLength(120);
    expect(contacts[0]!.propertiesWithHistory).toEqual({ recent_conversion_event_name: history });
  });

  it('returns the contacts HubSpot found when it answers 207 for missing ids', async () => {
    const scope = hubspot()
      .post(READ, readBody(['1', '2', '3'], ['country']))
      .reply(
        207,
        aBatchResponse(
          [aContactObject('1', { country: 'NL' }), aContactObject('3', { country: null })],
          [
            {
              status: 'error',
              category: 'OBJECT_NOT_FOUND',
              message: 'Could not get some CONTACT objects, they may be deleted or not exist.',
              context: { ids: ['2'] },
              errors: [],
              links: {},
            },
          ],
        ),
      );
    const { adapter } = anAdapter();

    const contacts = await adapter.readContacts(['1', '2', '3'], ['country']);

    scope.done();
    expect(contacts.map((c) => c.id)).toEqual(['1', '3']);
    expect(contacts[1]!.properties.country).toBeNull();
  });

  it('asks for each id once, as HubSpot rejects duplicates in a batch', async () => {
    const scope = hubspot()
      .post(READ, readBody(['7', '8'], []))
      .reply(200, aBatchResponse([aContactObject('7'), aContactObject('8')]));
    const { adapter } = anAdapter();

    await adapter.readContacts(['7', '8', '7'], []);

    scope.done();
  });

  it('sends no request for no ids', async () => {
    const { adapter } = anAdapter();
    await expect(adapter.readContacts([], ['jobtitle'])).resolves.toEqual([]);
  });
});

describe('writing scores', () => {
  it('updates 150 contacts in two batches of 100 and 50', async () => {
    const updates = ids(1, 150).map((id) => ({ id, properties: { recruitment_score: id } }));
    const scope = hubspot();
    for (const batch of [updates.slice(0, 100), updates.slice(100)]) {
      scope
        .post('/crm/objects/2026-03/contacts/batch/update', { inputs: batch })
        .reply(200, aBatchResponse(batch.map((u) => aContactObject(u.id, u.properties))));
    }
    const { adapter } = anAdapter();

    await adapter.updateContacts(updates);

    scope.done();
  });

  it('merges two updates of one contact into one input, later values winning', async () => {
    const scope = hubspot()
      .post('/crm/objects/2026-03/contacts/batch/update', {
        inputs: [{ id: '5', properties: { recruitment_score: '70', recruitment_tier: 'hot' } }],
      })
      .reply(200, aBatchResponse([aContactObject('5')]));
    const { adapter } = anAdapter();

    await adapter.updateContacts([
      { id: '5', properties: { recruitment_score: '40', recruitment_tier: 'hot' } },
      { id: '5', properties: { recruitment_score: '70' } },
    ]);

    scope.done();
  });

  it('rejects a batch HubSpot refused for invalid values', async () => {
    hubspot()
      .post('/crm/objects/2026-03/contacts/batch/update')
      .reply(
        207,
        aBatchResponse(
          [],
          [{ status: 'error', category: 'VALIDATION_ERROR', message: 'bad option', context: {} }],
        ),
      );
    const { adapter } = anAdapter();

    await expect(
      adapter.updateContacts([{ id: '1', properties: { recruitment_tier: 'lukewarm' } }]),
    ).rejects.toMatchObject({ name: 'HubSpotError', hubspotCategory: 'VALIDATION_ERROR' });
  });
});

describe('searching contacts', () => {
  it('sends the filter groups and hands back the paging cursor', async () => {
    const search = {
      filterGroups: [
        {
          filters: [
            { propertyName: 'recruitment_next_review_at', operator: 'LTE', value: '1762000000000' },
          ],
        },
      ],
      sorts: [{ propertyName: 'recruitment_next_review_at', direction: 'ASCENDING' as const }],
      properties: ['jobtitle'],
      limit: 2,
    };
    const scope = hubspot()
      .post('/crm/objects/2026-03/contacts/search', search)
      .reply(200, {
        total: 3,
        results: [aContactObject('1'), aContactObject('2')],
        paging: { next: { after: '2', link: '?after=2' } },
      })
      .post('/crm/objects/2026-03/contacts/search', { ...search, after: '2' })
      .reply(200, { total: 3, results: [aContactObject('3')] });
    const { adapter } = anAdapter();

    const first = await adapter.searchContacts(search);
    const second = await adapter.searchContacts({ ...search, after: first.after });

    scope.done();
    expect(first).toMatchObject({ total: 3, after: '2' });
    expect(second.after).toBeUndefined();
    expect(second.results.map((c) => c.id)).toEqual(['3']);
  });
});

describe('property history', () => {
  it('reads the history of one property with ISO timestamps, newest first', async () => {
    const scope = hubspot()
      .get('/crm/objects/2026-03/contacts/42')
      .query({ properties: 'recruitment_score', propertiesWithHistory: 'recruitment_score' })
      .reply(200, {
        ...aContactObject('42', { recruitment_score: '61' }),
        propertiesWithHistory: {
          recruitment_score: [
            { value: '61', timestamp: '2026-10-20T08:00:00.000Z', sourceType: 'INTEGRATION' },
            { value: '38', timestamp: '2026-09-01T08:00:00.000Z', sourceType: 'INTEGRATION' },
          ],
        },
      });
    const { adapter } = anAdapter();

    const history = await adapter.propertyHistory('42', 'recruitment_score');

    scope.done();
    expect(history).toEqual([
      { value: '61', timestamp: '2026-10-20T08:00:00.000Z', sourceType: 'INTEGRATION' },
      { value: '38', timestamp: '2026-09-01T08:00:00.000Z', sourceType: 'INTEGRATION' },
    ]);
  });
});

describe('contacts of engagements', () => {
  it('finds the contacts of meetings, following a per-meeting paging cursor', async () => {
    const page = (from: string, to: number[], after?: string) => ({
      from: { id: from },
      to: to.map((id) => ({
        toObjectId: id,
        associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 200, label: null }],
      })),
      ...(after ? { paging: { next: { after, link: 'x' } } } : {}),
    });
    const scope = hubspot()
      .post('/crm/associations/2026-03/meetings/contacts/batch/read', {
        inputs: [{ id: 'm1' }, { id: 'm2' }, { id: 'm3' }],
      })
      .reply(200, {
        status: 'COMPLETE',
        results: [page('m1', [101]), page('m2', [201, 202], 'cursor-1')],
        startedAt: '2026-11-01T00:00:00Z',
        completedAt: '2026-11-01T00:00:01Z',
      })
      .post('/crm/associations/2026-03/meetings/contacts/batch/read', {
        inputs: [{ id: 'm2', after: 'cursor-1' }],
      })
      .reply(200, {
        status: 'COMPLETE',
        results: [page('m2', [203])],
        startedAt: '2026-11-01T00:00:00Z',
        completedAt: '2026-11-01T00:00:01Z',
      });
    const { adapter } = anAdapter();

    const contacts = await adapter.contactsOfEngagements('MEETING_EVENT', ['m1', 'm2', 'm3']);

    scope.done();
    expect(Object.fromEntries(contacts)).toEqual({
      m1: ['101'],
      m2: ['201', '202', '203'],
      m3: [],
    });
  });
});
