import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  budgetWithMargin,
  DEFAULT_RATE_BUDGET,
  RATE_BUDGET_MARGIN,
  RateBudget,
  readRateLimitHeaders,
} from '../../src/hubspot/index.ts';
import { aBatchResponse, aContactObject, anAdapter, fakeClock, hubspot } from './helpers.ts';

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => nock.cleanAll());

const READ = '/crm/objects/2026-03/contacts/batch/read';
const TEN_SECONDS = 10_000;
const rateHeaders = (max: number, remaining: number, intervalMs = TEN_SECONDS) => ({
  'X-HubSpot-RateLimit-Max': String(max),
  'X-HubSpot-RateLimit-Remaining': String(remaining),
  'X-HubSpot-RateLimit-Interval-Milliseconds': String(intervalMs),
});

/** Takes `count` slots and returns when each one was granted, on the fake clock. */
async function grantTimes(budget: RateBudget, clock: { now(): number }, count: number) {
  const start = clock.now();
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    await budget.take();
    times.push(clock.now() - start);
  }
  return times;
}

describe('the rate budget leaves a margin below the account limit', () => {
  it('spends 90% of the configured limit, at least one request', () => {
    expect(RATE_BUDGET_MARGIN).toBe(0.9);
    expect(budgetWithMargin({ requests: 100, perMilliseconds: TEN_SECONDS })).toEqual({
      requests: 90,
      perMilliseconds: TEN_SECONDS,
    });
    expect(budgetWithMargin({ requests: 190, perMilliseconds: TEN_SECONDS }).requests).toBe(171);
    expect(budgetWithMargin({ requests: 1, perMilliseconds: TEN_SECONDS }).requests).toBe(1);
    expect(DEFAULT_RATE_BUDGET).toEqual({ requests: 99, perMilliseconds: TEN_SECONDS });
  });

  it('holds the request over 90% of an account limit of 10 until the window moved on', async () => {
    const scope = hubspot()
      .post(READ)
      .times(10)
      .reply(200, aBatchResponse([aContactObject('1')]));
    const { adapter, sleeps } = anAdapter({
      accountRateLimit: { requests: 10, perMilliseconds: TEN_SECONDS },
    });

    for (let i = 0; i < 10; i++) await adapter.readContacts(['1'], []);

    scope.done();
    expect(sleeps).toEqual([TEN_SECONDS]);
  });
});

describe("following HubSpot's rate-limit headers", () => {
  it('reads the three headers, and nothing when one is missing or not a number', () => {
    expect(readRateLimitHeaders(new Headers(rateHeaders(100, 37)))).toEqual({
      max: 100,
      remaining: 37,
      intervalMs: TEN_SECONDS,
    });
    const partial = new Headers(rateHeaders(100, 37));
    partial.delete('X-HubSpot-RateLimit-Remaining');
    expect(readRateLimitHeaders(partial)).toBeUndefined();
    expect(
      readRateLimitHeaders(
        new Headers({ ...rateHeaders(100, 3), 'X-HubSpot-RateLimit-Max': 'lots' }),
      ),
    ).toBeUndefined();
  });

  it('shrinks to the margin below a lower Max than it was configured with', async () => {
    const { clock } = fakeClock();
    const budget = new RateBudget({ requests: 99, perMilliseconds: TEN_SECONDS }, clock);

    budget.observe({ max: 10, remaining: 9, intervalMs: TEN_SECONDS });

    expect(budget.current).toEqual({ requests: 9, perMilliseconds: TEN_SECONDS });
    expect(await grantTimes(budget, clock, 10)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, TEN_SECONDS]);
  });

  it('never grows past the configured budget when HubSpot reports a higher Max', () => {
    const { clock } = fakeClock();
    const budget = new RateBudget({ requests: 45, perMilliseconds: TEN_SECONDS }, clock);

    budget.observe({ max: 190, remaining: 180, intervalMs: TEN_SECONDS });

    expect(budget.current).toEqual({ requests: 45, perMilliseconds: TEN_SECONDS });
  });

  it('after shrinking, waits until the surplus of earlier requests has left the window', async () => {
    const { clock } = fakeClock();
    const budget = new RateBudget({ requests: 20, perMilliseconds: TEN_SECONDS }, clock);
    await grantTimes(budget, clock, 10);

    budget.observe({ max: 5, remaining: 5, intervalMs: TEN_SECONDS });

    // Ten starts at 0 and a budget of 4 now: the next one waits until all ten have aged out.
    expect(await grantTimes(budget, clock, 1)).toEqual([TEN_SECONDS]);
  });

  it('pauses when others spend the window: Remaining below the margin we leave', async () => {
    const { clock } = fakeClock();
    const budget = new RateBudget({ requests: 90, perMilliseconds: TEN_SECONDS }, clock);

    // Max 100 and our budget 90 leave 10; with 4 left, 6 slots must free at 100 ms each.
    budget.observe({ max: 100, remaining: 4, intervalMs: TEN_SECONDS });

    expect(await grantTimes(budget, clock, 2)).toEqual([600, 600]);
  });

  it('does not pause while Remaining keeps the margin free', async () => {
    const { clock } = fakeClock();
    const budget = new RateBudget({ requests: 90, perMilliseconds: TEN_SECONDS }, clock);

    budget.observe({ max: 100, remaining: 10, intervalMs: TEN_SECONDS });

    expect(await grantTimes(budget, clock, 3)).toEqual([0, 0, 0]);
  });

  it("takes the headers from HubSpot's answers: a lower Max slows the adapter down", async () => {
    const scope = hubspot()
      .post(READ)
      .reply(200, aBatchResponse([aContactObject('1')]), rateHeaders(3, 2))
      .post(READ)
      .times(3)
      .reply(200, aBatchResponse([aContactObject('1')]), rateHeaders(3, 2));
    // Max 3 with the margin is a budget of 2 a window (floor of 2.7).
    const { adapter, sleeps } = anAdapter();

    for (let i = 0; i < 4; i++) await adapter.readContacts(['1'], []);

    scope.done();
    expect(sleeps).toEqual([TEN_SECONDS]);
  });
});

describe('the search budget', () => {
  it('stays at 4 searches a second, next to the account budget', async () => {
    const search = { filterGroups: [], properties: [], limit: 1 };
    const scope = hubspot()
      .post('/crm/objects/2026-03/contacts/search', { ...search, sorts: [] })
      .times(5)
      .reply(200, { total: 0, results: [] });
    const { adapter, sleeps } = anAdapter();

    for (let i = 0; i < 5; i++) await adapter.searchContacts(search);

    scope.done();
    expect(sleeps).toEqual([1000]);
  });
});
