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

/**
 * The share of the account's limit we plan to use. Our window and HubSpot's never line up
 * exactly (latency, clock, other apps of the account): a budget of 110 per 10 s drew 7% 429s on
 * an account of 100. Ten per cent below the limit keeps room for that.
 */
export const RATE_BUDGET_MARGIN = 0.9;

/** The account limit HubSpot gives marketplace apps, when none is configured. */
export const DEFAULT_ACCOUNT_RATE_LIMIT: RateLimit = { requests: 110, perMilliseconds: 10_000 };

/** What we spend of an account's limit: the margin below it, at least one request. */
export function budgetWithMargin(accountLimit: RateLimit): RateLimit {
  return {
    requests: Math.max(1, Math.floor(accountLimit.requests * RATE_BUDGET_MARGIN)),
    perMilliseconds: accountLimit.perMilliseconds,
  };
}

export const DEFAULT_RATE_BUDGET: RateLimit = budgetWithMargin(DEFAULT_ACCOUNT_RATE_LIMIT);
export const DEFAULT_SEARCH_RATE_BUDGET: RateLimit = { requests: 4, perMilliseconds: 1_000 };

/** HubSpot's `X-HubSpot-RateLimit-*` headers of one answer (search answers carry none). */
export interface RateLimitHeaders {
  max: number;
  remaining: number;
  intervalMs: number;
}

export function readRateLimitHeaders(headers: Headers): RateLimitHeaders | undefined {
  const number = (name: string) => {
    const value = headers.get(`x-hubspot-ratelimit-${name}`);
    const parsed = value === null || value.trim() === '' ? NaN : Number(value);
    return Number.isFinite(parsed) && parsed >= 0 ? parsed : undefined;
  };
  const max = number('max');
  const remaining = number('remaining');
  const intervalMs = number('interval-milliseconds');
  if (max === undefined || remaining === undefined || intervalMs === undefined) return undefined;
  if (max < 1 || intervalMs <= 0) return undefined;
  return { max, remaining, intervalMs };
}

/**
 * A sliding-window limiter: callers wait, first come first served, until a slot is free.
 * `observe` follows what HubSpot reports: a lower limit than ours shrinks the budget (with the
 * margin), and a nearly spent window (someone else uses the account too) pauses new requests
 * until, at an even pace, enough of the window should have freed.
 */
export class RateBudget {
  private readonly starts: number[] = [];
  private queue: Promise<void> = Promise.resolve();
  protected limit: RateLimit;
  protected pausedUntil = 0;

  constructor(
    limit: RateLimit,
    protected readonly clock: AdapterClock = realClock,
  ) {
    if (!(limit.requests >= 1) || !(limit.perMilliseconds > 0)) {
      throw new RangeError(`rate budget needs requests >= 1 and perMilliseconds > 0`);
    }
    this.limit = { ...limit };
  }

  /** The budget in force now (smaller than configured once HubSpot reported a lower limit). */
  get current(): RateLimit {
    return { ...this.limit };
  }

  /** Resolves when one more request may start now. */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.waitForSlot());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  observe(headers: RateLimitHeaders | undefined): void {
    if (!headers) return;
    const reported = budgetWithMargin({
      requests: headers.max,
      perMilliseconds: headers.intervalMs,
    });
    // Compare rates, as HubSpot may count over another interval than we were configured with.
    if (
      reported.requests / reported.perMilliseconds <
      this.limit.requests / this.limit.perMilliseconds
    ) {
      this.limit = reported;
    }
    // The margin is the room we leave; less than that remaining means others spend it too.
    const reserve = headers.max - reported.requests;
    if (headers.remaining < reserve) {
      const slotMs = headers.intervalMs / headers.max;
      const until = this.clock.now() + Math.ceil((reserve - headers.remaining) * slotMs);
      this.pausedUntil = Math.max(this.pausedUntil, until);
    }
  }

  protected async waitForSlot(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      if (now < this.pausedUntil) {
        await this.clock.sleep(this.pausedUntil - now);
        continue;
      }
      while (this.starts.length > 0 && this.starts[0]! <= now - this.limit.perMilliseconds) {
        this.starts.shift();
      }
      if (this.starts.length < this.limit.requests) {
        this.starts.push(now);
        return;
      }
      // Shrinking can leave more starts than the new budget allows: wait for the surplus too.
      const oldest = this.starts[this.starts.length - this.limit.requests]!;
      await this.clock.sleep(oldest + this.limit.perMilliseconds - now);
    }
  }
}

/** Where the requests of all instances are counted (the store's rate windows). */
export interface SharedWindows {
  take(
    limit: RateLimit,
    nowMs: number,
  ): Promise<{ taken: true; atMs: number } | { taken: false; retryAtMs: number }>;
}

/**
 * The same budget when several instances serve the account: the window is the store's
 * (src/store/rate-windows.ts), counted over every instance, so together they stay under the
 * account's limit. What HubSpot's headers tell still shrinks or pauses this instance's share.
 * Within one instance, callers still take their turns first come first served.
 */
export class SharedRateBudget extends RateBudget {
  constructor(
    limit: RateLimit,
    private readonly windows: SharedWindows,
    clock: AdapterClock = realClock,
  ) {
    super(limit, clock);
  }

  protected override async waitForSlot(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      if (now < this.pausedUntil) {
        await this.clock.sleep(this.pausedUntil - now);
        continue;
      }
      const answer = await this.windows.take(this.limit, now);
      if (answer.taken) return;
      await this.clock.sleep(Math.max(1, answer.retryAtMs - now));
    }
  }
}
