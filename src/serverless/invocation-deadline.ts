import { AsyncLocalStorage } from 'node:async_hooks';
import { HubSpotError } from '../hubspot/hubspot-error.ts';
import { realClock, type AdapterClock } from '../hubspot/rate-budget.ts';

/**
 * A serverless invocation has a hard end: HubSpot stops waiting for a webhook answer after 5 s
 * (and retries), `hubspot.fetch` after 15 s, Lambda kills the function at its timeout. A retry
 * that would sleep past that end only burns the time in which we could still answer 5xx, so
 * HubSpot's own retry takes over instead.
 */
export class InvocationDeadlineError extends HubSpotError {
  constructor(
    readonly deadlineMs: number,
    wantedSleepMs: number,
  ) {
    // A timeout, so retryable: work that outlives invocations (a recalculation job) pauses and
    // goes on from its checkpoint in the next one instead of failing.
    super(
      `out of time: waiting ${wantedSleepMs} ms for HubSpot would pass the invocation's deadline`,
      { status: 0, category: 'timeout' },
    );
    this.name = 'InvocationDeadlineError';
  }
}

/** The adapter's clock for one invocation: sleeping past `deadlineMs` throws instead of waiting. */
export function deadlineClock(deadlineMs: number, base: AdapterClock = realClock): AdapterClock {
  return {
    now: () => base.now(),
    async sleep(ms) {
      if (base.now() + ms > deadlineMs) throw new InvocationDeadlineError(deadlineMs, ms);
      await base.sleep(ms);
    },
  };
}

/** The deadline of the invocation whose work is running (see `withinDeadline`). */
const invocationDeadline = new AsyncLocalStorage<number>();

/**
 * Runs one invocation's work with its deadline: every adapter built on `invocationClock` (the
 * accounts' adapters, kept while the function instance is warm) fails a retry that would sleep
 * past it. Work outside any invocation has no deadline.
 */
export function withinDeadline<T>(deadlineMs: number, work: () => Promise<T>): Promise<T> {
  return invocationDeadline.run(deadlineMs, work);
}

/** The adapters' clock in a function instance: `deadlineClock` of the invocation running now. */
export function invocationClock(base: AdapterClock = realClock): AdapterClock {
  const current = () => deadlineClock(invocationDeadline.getStore() ?? Infinity, base);
  return { now: () => base.now(), sleep: (ms) => current().sleep(ms) };
}

/** How long each kind of request may take, counted from when the invocation started. */
export const INVOCATION_BUDGETS_MS = {
  /** HubSpot's 5 s for a webhook answer, less time to send the answer back. */
  webhook: 4_000,
  /** `hubspot.fetch` waits 15 s for the card's backend. */
  card: 12_000,
  /**
   * The install callback: the code exchange, the token info and the new account's output
   * properties, while the admin waits (API Gateway answers 503 after 30 s).
   */
  install: 25_000,
} as const;
