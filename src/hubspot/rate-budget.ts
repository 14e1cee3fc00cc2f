/**
 * HubSpot counts requests in a rolling window per installed account (110 per 10 s for
 * marketplace apps; 100 or 190 for private apps) and, separately, about 5 search requests per
 * second. Staying under the budget is cheaper than collecting 429s: HubSpot asks apps to keep
 * errors under 5% of requests.
 */

export interface RateLimit {
  requests: number;
  perMilliseconds: number;
}

/** Time as the adapter sees it; tests pass a fake one so that waiting costs nothing. */
export interface AdapterClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: AdapterClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export const DEFAULT_RATE_BUDGET: RateLimit = { requests: 110, perMilliseconds: 10_000 };
export const DEFAULT_SEARCH_RATE_BUDGET: RateLimit = { requests: 4, perMilliseconds: 1_000 };

/** A sliding-window limiter: callers wait, first come first served, until a slot is free. */
export class RateBudget {
  private readonly starts: number[] = [];
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly limit: RateLimit,
    private readonly clock: AdapterClock = realClock,
  ) {
    if (!(limit.requests >= 1) || !(limit.perMilliseconds > 0)) {
      throw new RangeError(`rate budget needs requests >= 1 and perMilliseconds > 0`);
    }
  }

  /** Resolves when one more request may start now. */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.waitForSlot());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private async waitForSlot(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      while (this.starts.length > 0 && this.starts[0]! <= now - this.limit.perMilliseconds) {
        this.starts.shift();
      }
      if (this.starts.length < this.limit.requests) {
        this.starts.push(now);
        return;
      }
      await this.clock.sleep(this.starts[0]! + this.limit.perMilliseconds - now);
    }
  }
}
