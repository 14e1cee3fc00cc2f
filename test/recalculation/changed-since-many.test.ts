import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCORE_PROPERTIES } from '../../src/hubspot/index.ts';
import { SEARCH_INDEX_LAG_MS, type ChangedSinceSummary } from '../../src/recalculation/index.ts';
import { createMemoryWatermarks } from '../../src/store/changed-since-watermarks.ts';
import { INTERVAL_MS, MINUTE_MS, passAt, PORTAL_ID } from './changed-since-fixtures.ts';
import {
  NOW,
  occurrences,
  readIds,
  requestsTo,
  startRecalculationSandbox,
  writtenIds,
  type RecalculationSandbox,
} from './recalculation-fixtures.ts';

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterAll(() => nock.enableNetConnect());

/** `count` contacts modified at `times` distinct moments from `from` on, a second apart. */
function seedModified(env: RecalculationSandbox, count: number, from: number, times: number) {
  return Array.from({ length: count }, (_, i) =>
    env.account.createContact(
      { hs_language: i % 2 === 0 ? 'nl' : 'en' },
      { at: from + (i % times) * 1_000 },
    ),
  );
}

interface SearchBody {
  after?: unknown;
  limit: number;
  filterGroups: { filters: { propertyName: string; operator: string }[] }[];
}

describe('a changed-since pass over more modified contacts than one search can return', () => {
  // 10,200 contacts over 40 moments: 255 share each one, more than a page of 200 holds.
  const MODIFIED = 10_200;
  let env: RecalculationSandbox;
  let modified: string[];
  let before: string[];
  let tooRecent: string[];
  let summary: ChangedSinceSummary;

  beforeAll(async () => {
    env = await startRecalculationSandbox();
    const since = NOW - INTERVAL_MS;
    before = seedModified(env, 50, since - 5 * MINUTE_MS, 5);
    modified = seedModified(env, MODIFIED, since + MINUTE_MS, 40);
    // Modified inside the search index's lag: the next pass takes them.
    tooRecent = seedModified(env, 50, NOW - SEARCH_INDEX_LAG_MS + 1, 5);
    env.account.reset();
    summary = await passAt(env.account, env.port, createMemoryWatermarks());
  }, 60_000);
  afterAll(() => env.close());

  it('rescores every contact of the window exactly once, and none outside it', () => {
    expect(summary).toMatchObject({ found: MODIFIED, read: MODIFIED, written: MODIFIED });
    const read = occurrences(readIds(env.account));
    expect(read.size).toBe(MODIFIED);
    expect([...read.values()].every((times) => times === 1)).toBe(true);
    expect(modified.every((id) => read.has(id))).toBe(true);
    const written = new Set(writtenIds(env.account));
    expect([...before, ...tooRecent].filter((id) => written.has(id))).toEqual([]);
    expect(modified.every((id) => env.account.contacts.get(id)![SCORE_PROPERTIES.tier])).toBe(true);
  });

  it('never pages a query past 10,000 results: every page is a fresh query', () => {
    const searches = requestsTo(env.account, '/search');
    expect(searches.every((r) => r.status === 200)).toBe(true);
    const bodies = searches.map((r) => r.body as SearchBody);
    expect(bodies.every((body) => body.after === undefined && body.limit === 200)).toBe(true);
    // Moments shared by more contacts than a page are walked by id.
    const byId = bodies.filter((body) =>
      body.filterGroups[0]!.filters.some((f) => f.propertyName === 'hs_object_id'),
    );
    expect(byId.length).toBeGreaterThan(0);
    expect(summary.requests.searches).toBe(searches.length);
    // At least one search per 200; the ties cost a few more, not one per contact.
    expect(searches.length).toBeGreaterThanOrEqual(MODIFIED / 200);
    expect(searches.length).toBeLessThan(3 * (MODIFIED / 200));
  });

  it('moves the watermark to the end of the window, short of the contacts still in the lag', () => {
    expect(summary.watermarkMs).toBe(summary.untilMs);
    expect(summary.untilMs).toBe(NOW - SEARCH_INDEX_LAG_MS);
  });
});

describe('a changed-since pass with small pages', () => {
  it('walks a moment shared by more contacts than a page holds, each once', async () => {
    const env = await startRecalculationSandbox();
    try {
      const watermarks = createMemoryWatermarks();
      const at = NOW - 5 * MINUTE_MS;
      const crowd = seedModified(env, 23, at, 1);
      const later = seedModified(env, 7, at + 1_000, 7);
      env.account.reset();
      const pass = await passAt(env.account, env.port, watermarks, { pageSize: 5 });
      expect(pass).toMatchObject({ found: 30, read: 30, written: 30 });
      expect(occurrences(readIds(env.account)).size).toBe(30);
      expect(new Set(readIds(env.account))).toEqual(new Set([...crowd, ...later]));
      expect(await watermarks.get(PORTAL_ID)).toBe(pass.untilMs);
    } finally {
      await env.close();
    }
  });
});
