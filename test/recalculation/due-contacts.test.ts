import { describe, expect, it } from 'vitest';
import type { ContactSearch, HubSpotContact, HubSpotPort } from '../../src/hubspot/index.ts';
import { SCORE_PROPERTIES } from '../../src/hubspot/index.ts';
import { runDueSweep } from '../../src/recalculation/index.ts';
import { matchesSearch, sortContacts } from '../../src/sandbox/contact-search.ts';
import type { SandboxProperty } from '../../src/sandbox/index.ts';
import { defaultModel, NOW } from './recalculation-fixtures.ts';

const REVIEW = SCORE_PROPERTIES.nextReviewAt;
const definitions = new Map([
  [REVIEW, { type: 'datetime' } as SandboxProperty],
  ['hs_object_id', { type: 'number' } as SandboxProperty],
]);

/**
 * An account whose search index never catches up with writes (HubSpot's lags by seconds):
 * search answers from the data as it was, reads and writes see the live data. Contacts the
 * sweep rescored thus stay "due" in search, the worst case for a sweep that must end.
 */
function accountWithStaleSearch(reviewTimes: readonly number[]) {
  const indexed = reviewTimes.map((at, i): [string, Record<string, string>] => [
    String(1001 + i),
    { hs_object_id: String(1001 + i), [REVIEW]: new Date(at).toISOString() },
  ]);
  const live = new Map(
    indexed.map(([id, p]): [string, Record<string, string>] => [
      id,
      { ...p, jobtitle: 'Java Developer' },
    ]),
  );
  const searches: ContactSearch[] = [];
  const reads: string[] = [];
  const writes: string[] = [];
  const port: HubSpotPort = {
    async searchContacts(search) {
      searches.push(search);
      const matching = indexed.filter(([, p]) =>
        matchesSearch(definitions, p, search.filterGroups),
      );
      const sorted = sortContacts(definitions, matching, search.sorts?.[0]);
      const page = sorted.slice(0, search.limit);
      return {
        total: sorted.length,
        results: page.map(([id, p]) => ({ id, properties: { ...p } })),
        ...(sorted.length > page.length ? { after: String(page.length) } : {}),
      };
    },
    async readContacts(ids, properties) {
      reads.push(...ids);
      return ids.map((id): HubSpotContact => ({
        id,
        properties: Object.fromEntries(properties.map((p) => [p, live.get(id)![p] ?? null])),
      }));
    },
    async updateContacts(updates) {
      for (const { id, properties } of updates) {
        writes.push(id);
        Object.assign(live.get(id)!, properties);
      }
    },
    contactsOfEngagements: async () => new Map(),
    propertyHistory: async () => [],
    ensureScoreProperties: async () => undefined,
    listContactProperties: async () => [],
    findUser: async () => undefined,
  };
  return { port, searches, reads, writes };
}

const HOUR = 3_600_000;

describe('finding due contacts when search lags behind the writes', () => {
  it('rescores each due contact once and ends, though rescored contacts still look due', async () => {
    // 450 share one review time (more than a page), the rest spread over 30 others.
    const times = [
      ...Array.from({ length: 450 }, () => NOW - 5 * HOUR),
      ...Array.from({ length: 600 }, (_, i) => NOW - (i % 30) * HOUR),
      ...Array.from({ length: 50 }, (_, i) => NOW + (i + 1) * HOUR),
    ];
    const account = accountWithStaleSearch(times);
    const summary = await runDueSweep({ port: account.port, compiled: defaultModel, now: NOW });

    expect(summary.due).toBe(1_050);
    expect(new Set(account.reads).size).toBe(1_050);
    expect(account.reads).toHaveLength(1_050);
    expect(account.writes).toHaveLength(1_050);
    // Every query hands out a new contact or moves past a review time: a handful more than
    // the 6 pages the contacts fill, never a loop.
    expect(account.searches.length).toBeLessThan(40);
  });

  it('walks a review time shared by more contacts than a page by id, then moves past it', async () => {
    const account = accountWithStaleSearch(Array.from({ length: 700 }, () => NOW - HOUR));
    const summary = await runDueSweep({ port: account.port, compiled: defaultModel, now: NOW });

    expect(summary.due).toBe(700);
    expect(new Set(account.writes).size).toBe(700);
    const byId = account.searches.filter((s) => s.sorts?.[0]?.propertyName === 'hs_object_id');
    expect(byId.map((s) => s.filterGroups[0]!.filters[1]!.value)).toEqual([
      '0',
      '1200',
      '1400',
      '1600',
    ]);
    const last = account.searches.at(-1)!;
    expect(last.filterGroups[0]!.filters).toContainEqual({
      propertyName: REVIEW,
      operator: 'GT',
      value: String(NOW - HOUR),
    });
  });

  it('asks search only for what finds the contacts; reading is batch reads of current data', async () => {
    const account = accountWithStaleSearch([NOW - HOUR, NOW - 2 * HOUR]);
    await runDueSweep({ port: account.port, compiled: defaultModel, now: NOW });
    expect(account.searches[0]).toEqual({
      filterGroups: [{ filters: [{ propertyName: REVIEW, operator: 'LTE', value: String(NOW) }] }],
      sorts: [{ propertyName: REVIEW, direction: 'ASCENDING' }],
      properties: [REVIEW],
      limit: 200,
    });
    expect(account.reads).toEqual(['1002', '1001']);
  });
});
