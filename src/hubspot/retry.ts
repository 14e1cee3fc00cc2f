import { HubSpotError, toHubSpotError } from './hubspot-error.ts';
import type { AdapterClock } from './rate-budget.ts';

export interface HubSpotLogger {
  warn(message: string, details?: Record<string, unknown>): void;
  debug?(message: string, details?: Record<string, unknown>): void;
}

export interface RetryPolicy {
  /** Retries after the first attempt: 4 means at most 5 attempts. */
  maxRetries: number;
  clock: AdapterClock;
  logger?: HubSpotLogger | undefined;
  /** In [0, 1); injectable so tests can pin the jitter. */
  random?: () => number;
  baseDelayMs?: number;
  maxDelayMs?: number;
}

/** Exponential backoff with full jitter, so parallel workers do not retry in lockstep. */
export function backoffMs(retry: number, policy: RetryPolicy): number {
  const base = policy.baseDelayMs ?? 500;
  const cap = policy.maxDelayMs ?? 10_000;
  const ceiling = Math.min(cap, base * 2 ** retry);
  const random = policy.random ?? Math.random;
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Runs one HubSpot call, retrying rate limits (honouring `Retry-After`), 5xx, network errors
 * and missed deadlines. Auth, validation and not-found errors fail at once: retrying cannot fix them.
 */
export async function withRetries<T>(
  action: string,
  policy: RetryPolicy,
  attempt: () => Promise<T>,
): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await attempt();
    } catch (err) {
      const error = toHubSpotError(err, action);
      if (!error.retryable || retry >= policy.maxRetries) {
        throw retry === 0
          ? error
          : new HubSpotError(`${error.message} (after ${retry + 1} attempts)`, {
              status: error.status,
              category: error.category,
              retryAfterMs: error.retryAfterMs,
              hubspotCategory: error.hubspotCategory,
              policyName: error.policyName,
              correlationId: error.correlationId,
              cause: error.cause,
            });
      }
      const delay = error.retryAfterMs ?? backoffMs(retry, policy);
      policy.logger?.warn('HubSpot request will be retried', {
        action,
        status: error.status,
        category: error.category,
        attempt: retry + 1,
        delayMs: delay,
        correlationId: error.correlationId,
      });
      await policy.clock.sleep(delay);
    }
  }
}
