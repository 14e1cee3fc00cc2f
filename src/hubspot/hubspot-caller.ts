import {
  DEFAULT_RATE_BUDGET,
  DEFAULT_SEARCH_RATE_BUDGET,
  RateBudget,
  realClock,
  type AdapterClock,
  type RateLimit,
} from './rate-budget.ts';
import { withRetries, type HubSpotLogger, type RetryPolicy } from './retry.ts';

export interface CallerOptions {
  rateBudget?: RateLimit | undefined;
  searchRateBudget?: RateLimit | undefined;
  maxRetries?: number | undefined;
  logger?: HubSpotLogger | undefined;
  clock?: AdapterClock | undefined;
  random?: (() => number) | undefined;
}

/** Retries after the first attempt, so five attempts in all. */
export const DEFAULT_MAX_RETRIES = 4;

/**
 * Every HubSpot request goes through here: wait for the rate budget (and the search budget for
 * searches), send, retry what is worth retrying. Each attempt spends budget, as HubSpot counts it.
 */
export function createCaller(options: CallerOptions) {
  const clock = options.clock ?? realClock;
  const budget = new RateBudget(options.rateBudget ?? DEFAULT_RATE_BUDGET, clock);
  const searchBudget = new RateBudget(
    options.searchRateBudget ?? DEFAULT_SEARCH_RATE_BUDGET,
    clock,
  );
  const policy: RetryPolicy = {
    maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
    clock,
    logger: options.logger,
    random: options.random,
  };
  return function call<T>(
    action: string,
    send: () => Promise<T>,
    kind: 'crm' | 'search' = 'crm',
  ): Promise<T> {
    return withRetries(action, policy, async () => {
      if (kind === 'search') await searchBudget.take();
      await budget.take();
      options.logger?.debug?.('HubSpot request', { action });
      return send();
    });
  };
}

export type HubSpotCall = ReturnType<typeof createCaller>;
