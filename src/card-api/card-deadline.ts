/**
 * The card's backend answers within a deadline of its own. HubSpot's `hubspot.fetch` gives up
 * after 15 s, and the adapter behind the port may wait out a 429's `Retry-After` and try again
 * (one card request took 40 s that way). The port has no cancel option, so a request is raced
 * against the deadline and abandoned when it loses: the adapter's own per-request deadline ends
 * the HTTP call, and anything it throws later is swallowed here, never unhandled.
 */

/** Well inside `hubspot.fetch`'s 15 s, leaving room for HubSpot's proxy and the answer's trip. */
export const DEFAULT_CARD_DEADLINE_MS = 9_000;

/** What the card is told to wait before trying again after a slow HubSpot. */
export const SLOW_HUBSPOT_RETRY_AFTER_S = 10;

/** HubSpot did not answer the card's calls before the card's deadline. */
export class CardDeadlineError extends Error {
  constructor(readonly deadlineMs: number) {
    super(`HubSpot did not answer within the card's ${deadlineMs} ms deadline`);
    this.name = 'CardDeadlineError';
  }
}

export interface CardTimer {
  /** Calls `fire` after `ms`; the returned function cancels it. */
  start(ms: number, fire: () => void): () => void;
}

export const realTimer: CardTimer = {
  start(ms, fire) {
    const handle = setTimeout(fire, ms);
    return () => clearTimeout(handle);
  },
};

/** One request's deadline, shared by every HubSpot call the request makes. */
export interface CardDeadline {
  /** `work`'s result, or CardDeadlineError once the deadline has passed. */
  race<T>(work: Promise<T>): Promise<T>;
  /** Stops the timer once the request is answered. */
  done(): void;
}

export function startDeadline(ms: number, timer: CardTimer = realTimer): CardDeadline {
  let expired = false;
  const waiting = new Set<(error: CardDeadlineError) => void>();
  const cancel = timer.start(ms, () => {
    expired = true;
    for (const reject of waiting) reject(new CardDeadlineError(ms));
    waiting.clear();
  });
  return {
    race<T>(work: Promise<T>): Promise<T> {
      // The abandoned call may still fail later; that failure has no one left to tell.
      work.catch(() => undefined);
      if (expired) return Promise.reject(new CardDeadlineError(ms));
      return new Promise<T>((resolve, reject) => {
        waiting.add(reject);
        work.then(
          (value) => {
            waiting.delete(reject);
            resolve(value);
          },
          (error: unknown) => {
            waiting.delete(reject);
            reject(error instanceof Error ? error : new Error(String(error)));
          },
        );
      });
    },
    done: cancel,
  };
}
