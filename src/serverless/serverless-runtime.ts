import { createAccounts, type Accounts } from '../accounts/index.ts';
import { forgetAccountData } from '../accounts/forget-account.ts';
import { verifyCardSignature } from '../card-api/card-signature.ts';
import { createAccountJobs } from '../jobs/job-runner.ts';
import type { AccountJobs } from '../jobs/account-jobs.ts';
import { budgetWithMargin, createHubSpotAdapter, createHubSpotClient } from '../hubspot/index.ts';
import { realClock, type AdapterClock } from '../hubspot/rate-budget.ts';
import { loadModelFile, parseModel } from '../model/index.ts';
import { createStaticAccountAccess, type AccountAccess } from '../oauth/account-access.ts';
import type { InstallFlowDeps } from '../oauth/install-handlers.ts';
import type { InstallCheckResult } from '../oauth/oauth-account-access.ts';
import { createOAuthMode, type OAuthModeOptions } from '../oauth/oauth-mode.ts';
import { compileModel, type CompiledModel } from '../scoring/index.ts';
import { createLogger, type Logger } from '../server/logger.ts';
import { createPublishPermission } from '../settings-api/settings-permission.ts';
import type { SettingsApiDeps } from '../settings-api/settings-handlers.ts';
import type { AccountModels } from '../store/account-models.ts';
import { UNKNOWN_PORTAL } from '../store/changed-since-watermarks.ts';
import { rateWindowsOfAccount } from '../store/rate-windows.ts';
import { openStore, type Store } from '../store/store.ts';
import { createProcessTaskLocks, type TaskLocks } from '../store/task-locks.ts';
import { invocationClock, withinDeadline } from './invocation-deadline.ts';
import { readServerlessConfig, type ServerlessConfig } from './serverless-config.ts';

/**
 * What a function instance builds once, at its cold start, and reuses while it stays warm:
 * configuration, the fallback model, the store's pool and the accounts (src/accounts: each
 * portal's HubSpot port and published model, as the server has them). The marketplace app
 * serves every account that installed it, with its tokens from the store; a private app's
 * token serves its one account. Each invocation runs `within` its deadline: the accounts'
 * adapters are kept warm, but a retry that would sleep past the invocation's end fails.
 */
export interface ServerlessRuntime {
  config: ServerlessConfig;
  /** What an account with nothing published scores with: SCORING_MODEL, or the bundled one. */
  fallbackModel: CompiledModel;
  logger: Logger;
  /** Wall clock (signature windows, deadlines). */
  now: () => number;
  /** The time scores are computed at. */
  scoringClock: () => number;
  /** The accounts served: `get(portalId)` gives an account's port and model, or undefined. */
  accounts: Accounts;
  /** Runs one invocation's work: HubSpot retries inside it end by `deadlineMs`. */
  within<T>(deadlineMs: number, work: () => Promise<T>): Promise<T>;
  /** The accounts a scheduled run sweeps: the installed ones, or the private app's one. */
  sweepPortals(): Promise<number[]>;
  /** Marketplace app: the install flow (`/oauth/install`, `/oauth/callback`). */
  installFlow: InstallFlowDeps | undefined;
  /** Marketplace app: is the app still installed there (install-check.ts)? Removes the gone. */
  checkInstalled: ((portalId: number) => Promise<InstallCheckResult>) | undefined;
  /**
   * With a store: the settings page's backend (`/api/settings/...`). Its jobs only queue; the
   * scheduled run runs them (`jobs.runWaiting`), as nothing may run after an answer.
   */
  settings: SettingsApiDeps | undefined;
  /** With a store: the accounts' background jobs, run by the scheduled invocation. */
  jobs: AccountJobs | undefined;
  /** Work that must run once per account across instances (the store's; else this process's). */
  locks: TaskLocks;
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
  /** Marketplace app, tests: the token endpoint's fetch. */
  fetch?: typeof fetch;
  /**
   * A schedule invokes this function (Lambda's EventBridge rule): only then is the settings
   * page served, as its jobs run in the scheduled run. A HubSpot app function has none.
   */
  scheduled?: boolean;
}

/** Two quick retries fit in a webhook's 4 s; HubSpot's own redelivery covers longer outages. */
export const SERVERLESS_MAX_RETRIES = 2;

/**
 * Connections per function instance: one invocation at a time needs a few (a task lock holds
 * one, the rate windows and the reads take others), and hundreds of warm instances must not
 * exhaust the database's connections.
 */
export const SERVERLESS_STORE_CONNECTIONS = 4;

/** No store: nothing is published, every account scores with the fallback model. */
const NOTHING_PUBLISHED: Pick<AccountModels, 'published' | 'publishedVersion'> = {
  published: async () => undefined,
  publishedVersion: async () => undefined,
};

export async function createServerlessRuntime(
  options: ServerlessRuntimeOptions,
): Promise<ServerlessRuntime> {
  const config = readServerlessConfig(options.env);
  const logger = options.logger ?? createLogger({ secrets: config.secrets });
  const model =
    options.modelText === undefined || options.env.SCORING_MODEL?.trim()
      ? await loadModelFile(config.scoringModelPath)
      : parseModel(options.modelText, 'bundled model');
  const fallbackModel = compileModel(model);
  const now = options.now ?? Date.now;
  // The account's limit less the margin HubSpot's error guidance needs (rate-budget.ts).
  const rateBudget = budgetWithMargin({
    requests: config.rateLimitPer10s,
    perMilliseconds: 10_000,
  });
  const retries = {
    clock: invocationClock(options.retryClock ?? realClock),
    maxRetries: options.maxRetries ?? SERVERLESS_MAX_RETRIES,
    ...(options.random === undefined ? {} : { random: options.random }),
  };
  // Opened once per cold start; its pool lives as long as the instance.
  const store =
    config.databaseUrl === undefined
      ? undefined
      : await openStore(config.databaseUrl, { maxConnections: SERVERLESS_STORE_CONNECTIONS });
  const locks = store ? store.taskLocks() : createProcessTaskLocks();

  // The OAuth install asks the accounts' home (built below, over the access) for the model.
  const modelFor = (portalId: number) => accounts.modelFor(portalId);
  let access: AccountAccess;
  let installFlow: InstallFlowDeps | undefined;
  let checkInstalled: ServerlessRuntime['checkInstalled'];
  let sweepPortals: ServerlessRuntime['sweepPortals'];
  if (config.access.mode === 'oauth') {
    const mode = await createOAuthMode({
      config: config.access.oauth,
      store: store!,
      logger,
      now,
      apiBaseUrl: config.apiBaseUrl,
      rateBudget,
      adapter: retries,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      // No timer in a function: the scheduled run checks the installs (`checkInstalled`).
      installCheck: false,
      onInstalled: async (portalId, port) => {
        const model = await modelFor(portalId);
        await port.ensureScoreProperties(model.tierNames, model.profiles);
      },
      // Its jobs go through the runner (it also drops their checkpoints).
      onAccountRemoved: (portalId, reason) =>
        forgetRemoved(store!, logger, (id) => jobs!.forget(id))(portalId, reason),
    } satisfies OAuthModeOptions);
    access = mode.accounts;
    installFlow = mode.installFlow;
    checkInstalled = (portalId) => mode.accounts.checkInstalled(portalId);
    sweepPortals = () => mode.accounts.portals();
  } else {
    const { portalId } = config.access;
    const client = createHubSpotClient({
      accessToken: config.access.accessToken,
      basePath: config.apiBaseUrl,
      timeoutMs: config.requestTimeoutMs,
    });
    const sharedBudget = store
      ? rateWindowsOfAccount(store.rateWindows(), portalId ?? UNKNOWN_PORTAL)
      : undefined;
    const port = createHubSpotAdapter({
      client,
      rateBudget,
      ...(sharedBudget ? { sharedBudget } : {}),
      logger,
      ...retries,
    });
    access = createStaticAccountAccess({ port, portalId });
    sweepPortals = async () => [portalId ?? UNKNOWN_PORTAL];
  }
  const accounts: Accounts = createAccounts({
    access,
    models: store ? store.accountModels() : NOTHING_PUBLISHED,
    fallbackModel,
    logger,
    // A published version's tiers and profiles become options of the output properties
    // before a score is written with them (once per version and warm instance).
    onModelChanged: async (portalId, model) => {
      const port = await access.hubspotForPortal(portalId);
      await port?.ensureScoreProperties(model.tierNames, model.profiles);
    },
  });
  const jobs = store
    ? createAccountJobs({
        store: store.accountJobs(),
        checkpoints: store.checkpoints(),
        accounts,
        now,
        scoringClock: options.scoringClock ?? now,
        logger,
        // Short pauses: a run ends at its deadline, and the next run goes on from the checkpoint.
        retryDelaysMs: [5_000, 10_000],
        locks,
        inBackground: false,
      })
    : undefined;
  const settings: SettingsApiDeps | undefined =
    store && jobs && (options.scheduled ?? true)
      ? {
          verifySignature: verifyCardSignature({
            clientSecret: config.clientSecret,
            publicBaseUrl: config.publicBaseUrl,
            now,
          }),
          hubspotForPortal: (portalId) => access.hubspotForPortal(portalId),
          models: store.accountModels(),
          audit: store.settingsAudit(),
          permission: createPublishPermission(config.settingsPublishers, now),
          modelKeyFor: (portalId) => accounts.modelKeyFor(portalId),
          refreshAccount: (portalId) => accounts.refresh(portalId),
          jobs,
          now,
        }
      : undefined;
  return {
    config,
    fallbackModel,
    settings,
    jobs,
    logger,
    store,
    now,
    scoringClock: options.scoringClock ?? now,
    accounts,
    within: withinDeadline,
    sweepPortals,
    installFlow,
    checkInstalled,
    locks,
  };
}

/** An uninstalled account's stored data goes as its tokens do (the server does the same). */
function forgetRemoved(
  store: Store,
  logger: Logger,
  forgetJobs: (portalId: number) => Promise<void>,
) {
  return async (portalId: number, reason: string) => {
    const forgotten = await forgetAccountData(store, portalId, { forgetJobs });
    logger.warn('dropped the stored data of a removed HubSpot account', {
      portalId,
      reason,
      ...forgotten,
    });
  };
}
