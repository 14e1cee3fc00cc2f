import { describe, expect, it } from 'vitest';
import { fetchAllContacts, propertiesToFetch } from '../../src/calibration/hubspot-contacts.ts';
import type { ContactSearch, ContactSearchPage, HubSpotPort } from '../../src/hubspot/index.ts';

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
