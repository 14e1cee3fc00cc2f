import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realClock, SCORE_PROPERTIES } from '../../src/hubspot/index.ts';
import { contactsPerRead, HUBSPOT_BATCH_SIZE } from '../../src/pipeline/rescore-contacts.ts';
import { describeSweep, runDueSweep } from '../../src/recalculation/index.ts';
import {
  defaultModel,
  NOW,
  occurrences,
  readIds,
  requestsTo,
  seedDueContacts,
  seedNotDueContacts,
  startRecalculationSandbox,
  writtenIds,
  type RecalculationSandbox,
} from './recalculation-fixtures.ts';

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterAll(() => nock.enableNetConnect());

describe('the rescoring sweep with more due contacts than one search can return', () => {
  // One search query stops at 10,000 results: 10,200 due contacts need the keyset to get past it.
  const DUE = 10_200;
  // Pages of 200 are read 50 at a time (the model reads history) and written 100 at a time.
  const READS = DUE / contactsPerRead(defaultModel);
  const WRITES = DUE / HUBSPOT_BATCH_SIZE;
  let env: RecalculationSandbox;
  let due: string[];
  let notDue: string[];
  let summary: Awaited<ReturnType<typeof runDueSweep>>;
  const progress: number[] = [];

  beforeAll(async () => {
    env = await startRecalculationSandbox();
    due = seedDueContacts(env.account, DUE, { reviewTimes: 40 });
    notDue = seedNotDueContacts(env.account, 200);
    env.account.reset();
    summary = await runDueSweep({
      port: env.port,
      compiled: defaultModel,
      now: NOW,
      onProgress: (s) => progress.push(s.due),
    });
  }, 60_000);
  afterAll(() => env.close());

  it('rescores and writes every due contact exactly once', () => {
    expect(summary.due).toBe(DUE);
    expect(summary.read).toBe(DUE);
    expect(summary.written).toBe(DUE);
    const written = occurrences(writtenIds(env.account));
    expect(written.size).toBe(DUE);
    expect([...written.values()].every((times) => times === 1)).toBe(true);
    expect(due.every((id) => written.has(id))).toBe(true);
    expect(occurrences(readIds(env.account)).size).toBe(DUE);
  });

  it('moves every review time ahead of the sweep, so the next sweep finds none of them', () => {
    const stillDue = due.filter((id) => {
      const review = env.account.contacts.get(id)![SCORE_PROPERTIES.nextReviewAt] ?? '';
      return review !== '' && Date.parse(review) <= NOW;
    });
    expect(stillDue).toEqual([]);
    expect(summary.stillDue).toBe(0);
  });

  it('leaves contacts that are not due alone', () => {
    const written = new Set(writtenIds(env.account));
    expect(notDue.filter((id) => written.has(id))).toEqual([]);
  });

  it('never pages a query past 10,000 results, one search per 200 contacts, one read per 50', () => {
    const searches = requestsTo(env.account, '/search');
    expect(searches.every((r) => r.status === 200)).toBe(true);
    expect(searches.every((r) => (r.body as { after?: unknown }).after === undefined)).toBe(true);
    expect(searches.every((r) => (r.body as { limit: number }).limit === 200)).toBe(true);
    expect(searches.length).toBe(Math.ceil(DUE / 200));
    expect([READS, WRITES]).toEqual([204, 102]);
    expect(summary.requests).toEqual({ searches: 51, reads: READS, writes: WRITES });
    expect(requestsTo(env.account, '/batch/read')).toHaveLength(READS);
    expect(requestsTo(env.account, '/batch/update')).toHaveLength(WRITES);
  });

  it('reports progress after every page and a one-line summary', () => {
    expect(progress).toHaveLength(51);
    expect(progress.at(-1)).toBe(DUE);
    expect(describeSweep(summary)).toMatch(
      /^rescored 10200 due contact\(s\): 10200 read, 10200 changed, 10200 written \(51 searches, 204 reads, 102 writes\)$/,
    );
  });

  it('finds nothing left on a second sweep at the same moment', async () => {
    env.account.reset();
    const again = await runDueSweep({ port: env.port, compiled: defaultModel, now: NOW });
    expect(again.due).toBe(0);
    expect(env.account.requests.map((r) => r.path)).toEqual([
      '/crm/objects/2026-03/contacts/search',
    ]);
  });
});

describe('the rescoring sweep within the rate limit', () => {
  it('keeps under the account budget and the search limit: HubSpot never answers 429', async () => {
    // The sandbox limits as HubSpot does (here 20 a second, and 5 searches a second); the
    // adapter keeps a little under, as an app should. Unpaced, these ~35 calls come in < 1 s.
    const env = await startRecalculationSandbox({
      rateLimit: { requests: 20, perMilliseconds: 1_000, searchPerSecond: 5 },
      adapter: {
        rateBudget: { requests: 18, perMilliseconds: 1_000 },
        searchRateBudget: { requests: 4, perMilliseconds: 1_000 },
        clock: realClock,
      },
    });
    try {
      seedDueContacts(env.account, 1_300, { reviewTimes: 5 });
      env.account.reset();
      const summary = await runDueSweep({ port: env.port, compiled: defaultModel, now: NOW });
      expect(summary.due).toBe(1_300);
      expect(summary.written).toBe(1_300);
      expect(env.account.requests.filter((r) => r.status === 429)).toEqual([]);
      expect(env.account.requests.length).toBeGreaterThan(20);
    } finally {
      await env.close();
    }
  });
});

describe('the sweep stopped by a signal', () => {
  it('finishes the page in flight and says it stopped', async () => {
    const env = await startRecalculationSandbox();
    try {
      seedDueContacts(env.account, 500);
      env.account.reset();
      const stop = new AbortController();
      const summary = await runDueSweep({
        port: env.port,
        compiled: defaultModel,
        now: NOW,
        signal: stop.signal,
        onProgress: () => stop.abort(),
      });
      expect(summary).toMatchObject({ stopped: true, due: 200, written: 200 });
      expect(writtenIds(env.account)).toHaveLength(200);
    } finally {
      await env.close();
    }
  });
});
