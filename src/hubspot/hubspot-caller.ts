import { httpError } from './hubspot-error.ts';
import {
  budgetWithMargin,
  DEFAULT_RATE_BUDGET,
  DEFAULT_SEARCH_RATE_BUDGET,
  RateBudget,
  readRateLimitHeaders,
  SharedRateBudget,
  realClock,
  type AdapterClock,
  type RateLimit,
} from './rate-budget.ts';
import { withRetries, type HubSpotLogger, type RetryPolicy } from './retry.ts';

export interface CallerOptions {
  /**
   * The account's limit (HUBSPOT_RATE_LIMIT per 10 s): the adapter spends RATE_BUDGET_MARGIN of
   * it. Without it or `rateBudget`, the marketplace limit of 110 per 10 s is assumed.
   */
  accountRateLimit?: RateLimit | undefined;
  /** The exact budget to spend, margin included (the recalculation's share, tests). */
  rateBudget?: RateLimit | undefined;
  searchRateBudget?: RateLimit | undefined;
  /**
   * Several instances serve the account: both budgets are counted in the store over all of
   * them (the account's rate windows), not in this process alone.
   */
  sharedBudget?: SharedBudgetWindows | undefined;
  maxRetries?: number | undefined;
  logger?: HubSpotLogger | undefined;
  clock?: AdapterClock | undefined;
  random?: (() => number) | undefined;
}

/** One account's rate windows in the store (src/store/rate-windows.ts, bound to the account). */
export interface SharedBudgetWindows {
  take(
    budget: 'requests' | 'searches',
    limit: RateLimit,
    nowMs: number,
  ): Promise<{ taken: true; atMs: number } | { taken: false; retryAtMs: number }>;
}

/** Retries after the first attempt, so five attempts in all. */
export const DEFAULT_MAX_RETRIES = 4;

/** What an openapi-fetch call resolves to: data on 2xx, HubSpot's error body otherwise. */
export interface HubSpotAnswer<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

export function rateBudgetOf(options: CallerOptions): RateLimit {
  if (options.rateBudget) return options.rateBudget;
  if (options.accountRateLimit) return budgetWithMargin(options.accountRateLimit);
  return DEFAULT_RATE_BUDGET;
}

/**
 * Every HubSpot request goes through here: wait for the rate budget (and the search budget for
 * searches), send, follow HubSpot's rate-limit headers, turn a refusal into a HubSpotError,
 * retry what is worth retrying. Each attempt spends budget, as HubSpot counts it.
 */
export function createCaller(options: CallerOptions) {
  const clock = options.clock ?? realClock;
  const shared = options.sharedBudget;
  const budgetOf = (limit: RateLimit, name: 'requests' | 'searches') =>
    shared
      ? new SharedRateBudget(limit, { take: (l, nowMs) => shared.take(name, l, nowMs) }, clock)
      : new RateBudget(limit, clock);
  const budget = budgetOf(rateBudgetOf(options), 'requests');
  const searchBudget = budgetOf(options.searchRateBudget ?? DEFAULT_SEARCH_RATE_BUDGET, 'searches');
  const policy: RetryPolicy = {
    maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
    clock,
    logger: options.logger,
    random: options.random,
  };
  function call<T>(
    action: string,
    send: () => Promise<HubSpotAnswer<T>>,
    kind: 'crm' | 'search' = 'crm',
  ): Promise<T> {
    return withRetries(action, policy, async () => {
      if (kind === 'search') await searchBudget.take();
      await budget.take();
      options.logger?.debug?.('HubSpot request', { action });
      const { data, error, response } = await send();
      budget.observe(readRateLimitHeaders(response.headers));
      if (!response.ok) throw httpError(action, response.status, response.headers, error);
      return data as T;
    });
  }
  return Object.assign(call, { policy, budget });
}

export type HubSpotCall = ReturnType<typeof createCaller>;
