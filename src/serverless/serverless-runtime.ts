import {
  budgetWithMargin,
  createHubSpotAdapter,
  createHubSpotClient,
  type HubSpotClient,
} from '../hubspot/index.ts';
import type { HubSpotPort } from '../hubspot/hubspot-port.ts';
import { realClock, type AdapterClock } from '../hubspot/rate-budget.ts';
import { loadModelFile, parseModel } from '../model/index.ts';
import { compileModel, type CompiledModel } from '../scoring/index.ts';
import { createLogger, type Logger } from '../server/logger.ts';
import { UNKNOWN_PORTAL } from '../store/changed-since-watermarks.ts';
import { rateWindowsOfAccount } from '../store/rate-windows.ts';
import { openStore, type Store } from '../store/store.ts';
import { deadlineClock } from './invocation-deadline.ts';
import { readServerlessConfig, type ServerlessConfig } from './serverless-config.ts';

/**
 * What a function instance builds once, at its cold start, and reuses while it stays warm:
 * configuration, the compiled model and the SDK client. Nothing else is kept between
 * invocations; each invocation gets its own adapter, whose retries end at its deadline.
 */
export interface ServerlessRuntime {
  config: ServerlessConfig;
  compiled: CompiledModel;
  logger: Logger;
  /** Wall clock (signature windows, deadlines). */
  now: () => number;
  /** The time scores are computed at. */
  scoringClock: () => number;
  /** The account's adapter for one invocation: a retry that would sleep past `deadlineMs` fails. */
  hubspotUntil(deadlineMs: number): HubSpotPort;
  /** The shared store (DATABASE_URL), kept while the instance is warm; undefined without one. */
  store: Store | undefined;
}

export interface ServerlessRuntimeOptions {
  env: NodeJS.ProcessEnv;
  /** The model's YAML bundled into the function: used unless SCORING_MODEL names a file. */
  modelText?: string | undefined;
  logger?: Logger;
  now?: () => number;
  scoringClock?: () => number;
  /** The clock retries sleep on (tests pass a fake one). */
  retryClock?: AdapterClock;
  /** Retries after the first attempt; few, as HubSpot retries a failed delivery anyway. */
  maxRetries?: number;
  random?: () => number;
}

/** Two quick retries fit in a webhook's 4 s; HubSpot's own redelivery covers longer outages. */
export const SERVERLESS_MAX_RETRIES = 2;

export async function createServerlessRuntime(
  options: ServerlessRuntimeOptions,
): Promise<ServerlessRuntime> {
  const config = readServerlessConfig(options.env);
  const logger =
    options.logger ?? createLogger({ secrets: [config.clientSecret, config.accessToken] });
  const model =
    options.modelText === undefined || options.env.SCORING_MODEL?.trim()
      ? await loadModelFile(config.scoringModelPath)
      : parseModel(options.modelText, 'bundled model');
  const compiled = compileModel(model);
  const client: HubSpotClient = createHubSpotClient({
    accessToken: config.accessToken,
    basePath: config.apiBaseUrl,
    timeoutMs: config.requestTimeoutMs,
  });
  const now = options.now ?? Date.now;
  const retryClock = options.retryClock ?? realClock;
  // The account's limit less the margin HubSpot's error guidance needs (rate-budget.ts).
  const rateBudget = budgetWithMargin({
    requests: config.rateLimitPer10s,
    perMilliseconds: 10_000,
  });
  // Opened once per cold start; its pool lives as long as the instance.
  const store = config.databaseUrl === undefined ? undefined : await openStore(config.databaseUrl);
  const sharedBudget = store
    ? rateWindowsOfAccount(store.rateWindows(), config.portalId ?? UNKNOWN_PORTAL)
    : undefined;
  return {
    config,
    compiled,
    logger,
    store,
    now,
    scoringClock: options.scoringClock ?? now,
    hubspotUntil: (deadlineMs) =>
      createHubSpotAdapter({
        client,
        rateBudget,
        ...(sharedBudget ? { sharedBudget } : {}),
        clock: deadlineClock(deadlineMs, retryClock),
        maxRetries: options.maxRetries ?? SERVERLESS_MAX_RETRIES,
        logger,
        ...(options.random === undefined ? {} : { random: options.random }),
      }),
  };
}
