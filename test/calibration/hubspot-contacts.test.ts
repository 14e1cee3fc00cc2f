import { describe, expect, it } from 'vitest';
import {
  attachPropertyHistory,
  discoveryProperties,
  fetchAllContacts,
  MAX_DISCOVERY_PROPERTIES,
  propertiesToFetch,
  readAccountCandidates,
} from '../../src/calibration/hubspot-contacts.ts';
import type {
  ContactPropertyInfo,
  ContactSearch,
  ContactSearchPage,
  HubSpotPort,
} from '../../src/hubspot/index.ts';

/** A port whose search answers like HubSpot: sorted by id, 10,000 results a query at most. */
function fakeAccount(count: number) {
  const ids = Array.from({ length: count }, (_, i) => String(i + 1));
  const searches: ContactSearch[] = [];
  const port = {
    async searchContacts(search: ContactSearch): Promise<ContactSearchPage> {
      searches.push(structuredClone(search));
      const above = Number(search.filterGroups[0]?.filters[0]?.value ?? 0);
      const matching = ids.filter((id) => Number(id) > above);
      const offset = Number(search.after ?? 0);
      if (offset >= 10_000) throw new Error('HubSpot: search queries are limited to 10000 results');
      const page = matching.slice(offset, offset + search.limit);
      const next = offset + page.length;
      return {
        total: matching.length,
        results: page.map((id) => ({ id, properties: { hs_object_id: id } })),
        ...(next < matching.length ? { after: String(next) } : {}),
      };
    },
  } as unknown as HubSpotPort;
  return { port, searches };
}

describe('reading every contact of the account', () => {
  it('pages through the search 200 at a time, sorted by id, with the properties needed', async () => {
    const { port, searches } = fakeAccount(450);
    const contacts = await fetchAllContacts(port, ['country', 'hs_lead_status']);
    expect(contacts).toHaveLength(450);
    expect(searches).toEqual([
      {
        filterGroups: [],
        sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
        properties: ['country', 'hs_lead_status'],
        limit: 200,
      },
      {
        filterGroups: [],
        sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
        properties: ['country', 'hs_lead_status'],
        limit: 200,
        after: '200',
      },
      {
        filterGroups: [],
        sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
        properties: ['country', 'hs_lead_status'],
        limit: 200,
        after: '400',
      },
    ]);
  });

  it('starts a new query above the last id after 10,000 results', async () => {
    const { port, searches } = fakeAccount(10_250);
    const contacts = await fetchAllContacts(port, ['country']);
    expect(contacts).toHaveLength(10_250);
    expect(new Set(contacts.map((c) => c.id)).size).toBe(10_250);
    expect(searches).toHaveLength(52);
    expect(searches[49]!.after).toBe('9800');
    expect(searches[50]).toEqual({
      filterGroups: [
        { filters: [{ propertyName: 'hs_object_id', operator: 'GT', value: '10000' }] },
      ],
      sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
      properties: ['country'],
      limit: 200,
    });
  });

  it('reports progress against the account total', async () => {
    const { port } = fakeAccount(450);
    const seen: string[] = [];
    await fetchAllContacts(port, ['country'], {
      start: (total) => seen.push(`start ${total}`),
      update: (n) => seen.push(`${n}`),
      stop: () => seen.push('stop'),
    });
    expect(seen).toEqual(['start 450', '200', '400', '450', 'stop']);
  });

  it('asks for the model properties, the outcome, the time and the content', () => {
    const properties = propertiesToFetch(['country', 'jobtitle'], ['candidate_status', undefined]);
    expect(properties).toEqual(
      expect.arrayContaining([
        'hs_object_id',
        'country',
        'candidate_status',
        'createdate',
        'recent_conversion_event_name',
        'first_conversion_event_name',
        'hs_email_last_email_name',
      ]),
    );
    expect(properties).toEqual([...new Set(properties)].sort());
  });
});

const property = (over: Partial<ContactPropertyInfo>): ContactPropertyInfo => ({
  name: 'specialization',
  label: 'Specialization',
  type: 'string',
  fieldType: 'text',
  options: [],
  hubspotDefined: false,
  ...over,
});

describe('what discovery reads from the account', () => {
  it("reads the account's own properties, not HubSpot's bookkeeping, free text or our outputs", () => {
    const picked = discoveryProperties([
      property({ name: 'specialization' }),
      property({ name: 'notice_period', type: 'enumeration', fieldType: 'select' }),
      property({ name: 'hs_persona', hubspotDefined: true }),
      property({ name: 'motivation_letter', fieldType: 'textarea' }),
      property({ name: 'cv_upload', fieldType: 'file' }),
      property({ name: 'recruitment_score', type: 'number', fieldType: 'number' }),
      property({ name: 'phone_2', type: 'phone_number', fieldType: 'phonenumber' }),
    ]);
    expect(picked).toEqual({ properties: ['notice_period', 'specialization'], leftUnread: [] });
  });

  it(`reads at most ${MAX_DISCOVERY_PROPERTIES} of them and names the rest`, () => {
    const many = Array.from({ length: MAX_DISCOVERY_PROPERTIES + 3 }, (_, i) =>
      property({ name: `custom_${String(i).padStart(3, '0')}` }),
    );
    const picked = discoveryProperties(many);
    expect(picked.properties).toHaveLength(MAX_DISCOVERY_PROPERTIES);
    expect(picked.leftUnread).toEqual(['custom_100', 'custom_101', 'custom_102']);
  });

  it('searches with the discovered properties beside the model, then reads history with progress', async () => {
    const { port, searches } = fakeAccount(1_200);
    const reads: number[] = [];
    const withProperties = Object.assign(port, {
      listContactProperties: async () => [property({ name: 'specialization' })],
      readContacts: async (ids: readonly string[]) => {
        reads.push(ids.length);
        return ids.map((id) => ({
          id,
          properties: {},
          propertiesWithHistory: { hs_lead_status: [{ value: 'NEW', timestamp: '2026-01-01' }] },
        }));
      },
    });
    const progress: string[] = [];
    const reading = await readAccountCandidates(
      withProperties,
      {
        modelProperties: ['jobtitle'],
        historyProperties: [],
        outcomeProperty: 'hs_lead_status',
        discovery: true,
      },
      { history: (done, total) => progress.push(`${done}/${total}`) },
      { limit: 1_000 },
    );
    expect(reading.contacts).toHaveLength(1_000);
    expect(searches[0]!.properties).toEqual(
      expect.arrayContaining(['jobtitle', 'hs_lead_status', 'specialization']),
    );
    expect(searches).toHaveLength(5);
    expect(reads).toEqual([500, 500]);
    expect(progress).toEqual(['500/1000', '1000/1000']);
    expect(reading.contacts[999]!.propertiesWithHistory?.hs_lead_status).toHaveLength(1);
  });

  it('reads only the model and the profile without discovery, and stops when aborted', async () => {
    const { port, searches } = fakeAccount(450);
    const listed = Object.assign(port, {
      listContactProperties: async () => {
        throw new Error('discovery is off: the property list is not needed');
      },
    });
    const controller = new AbortController();
    controller.abort(new Error('stopped'));
    await expect(
      readAccountCandidates(
        listed,
        {
          modelProperties: ['jobtitle'],
          historyProperties: [],
          outcomeProperty: 'x',
          discovery: false,
        },
        {},
        { signal: controller.signal },
      ),
    ).rejects.toThrow('stopped');
    expect(searches).toHaveLength(0);
    await expect(
      attachPropertyHistory(listed, [{ id: '1', properties: {} }], ['x'], {
        signal: controller.signal,
      }),
    ).rejects.toThrow('stopped');
  });
});
