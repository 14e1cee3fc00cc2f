import { describe, expect, it } from 'vitest';
import { SharedRateBudget, type AdapterClock } from '../../src/hubspot/rate-budget.ts';
import { rateWindowsOfAccount } from '../../src/store/rate-windows.ts';
import { storeEngines } from '../store/store-engines.ts';

/**
 * Two instances' budgets for one account over one store: taken together they never exceed
 * the account's limit in any window, and each instance's callers still take turns. The clock
 * is shared and fake (sleeping moves it), so the test waits for nothing.
 */
function sharedClock(start = Date.UTC(2026, 11, 2)) {
  let now = start;
  const clock: AdapterClock = {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
  };
  return clock;
}

const LIMIT = { requests: 5, perMilliseconds: 10_000 };

describe.each(storeEngines)('the shared rate budget ($engine)', ({ open }) => {
  it('keeps two instances together under the account’s limit in every window', async () => {
    const store = await open();
    const clock = sharedClock();
    const windows = rateWindowsOfAccount(store.rateWindows(), 4711);
    // When the store granted each request: what HubSpot would count.
    const starts: number[] = [];
    const instance = () =>
      new SharedRateBudget(
        LIMIT,
        {
          take: async (limit, nowMs) => {
            const answer = await windows.take('requests', limit, nowMs);
            if (answer.taken) starts.push(answer.atMs);
            return answer;
          },
        },
        clock,
      );
    const [a, b] = [instance(), instance()];
    const caller = async (budget: SharedRateBudget, requests: number) => {
      for (let i = 0; i < requests; i++) await budget.take();
    };
    await Promise.all([caller(a, 8), caller(b, 7), caller(a, 5)]);
    expect(starts).toHaveLength(20);
    const sorted = [...starts].sort((x, y) => x - y);
    for (let i = LIMIT.requests; i < sorted.length; i++) {
      // The request LIMIT places earlier started at least a whole window before this one.
      expect(sorted[i]! - sorted[i - LIMIT.requests]!).toBeGreaterThanOrEqual(
        LIMIT.perMilliseconds,
      );
    }
  });

  it('keeps another account’s budget apart', async () => {
    const store = await open();
    const clock = sharedClock();
    const budgetOf = (portalId: number) => {
      const windows = rateWindowsOfAccount(store.rateWindows(), portalId);
      return new SharedRateBudget(
        LIMIT,
        { take: (limit, nowMs) => windows.take('requests', limit, nowMs) },
        clock,
      );
    };
    const busy = budgetOf(1);
    for (let i = 0; i < LIMIT.requests; i++) await busy.take();
    const before = clock.now();
    await budgetOf(2).take();
    expect(clock.now()).toBe(before);
  });

  it('still follows HubSpot’s headers: a nearly spent window pauses this instance', async () => {
    const store = await open();
    const clock = sharedClock();
    const windows = rateWindowsOfAccount(store.rateWindows(), 9);
    const budget = new SharedRateBudget(
      { requests: 90, perMilliseconds: 10_000 },
      { take: (limit, nowMs) => windows.take('requests', limit, nowMs) },
      clock,
    );
    await budget.take();
    // HubSpot says 100 a 10 s and only 2 left: others use the account too.
    budget.observe({ max: 100, remaining: 2, intervalMs: 10_000 });
    const before = clock.now();
    await budget.take();
    expect(clock.now() - before).toBe(800);
  });
});
