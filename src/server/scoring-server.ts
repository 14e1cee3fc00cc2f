import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createAccounts, type Accounts } from '../accounts/index.ts';
import { verifyCardSignature } from '../card-api/index.ts';
import type { HubSpotPort } from '../hubspot/hubspot-port.ts';
import { createAccountJobs, type AccountJobs } from '../jobs/index.ts';
import type { AccountAccess } from '../oauth/index.ts';
import type { ChangedSinceSummary, DueSweepSummary } from '../recalculation/index.ts';
import { DEFAULT_STALLED_AFTER_MS, judgeReadiness, type Readiness } from '../pipeline/readiness.ts';
import {
  createScoreWorker,
  DEFAULT_STOP_GRACE_MS,
  type ScoreWorker,
  type ScoreWorkerOptions,
} from '../pipeline/score-worker.ts';
import type { CompiledModel } from '../scoring/index.ts';
import type { AccountModels } from '../store/account-models.ts';
import { UNKNOWN_PORTAL } from '../store/changed-since-watermarks.ts';
import type { SettingsAudit } from '../store/settings-audit.ts';
import { openStore, type Store } from '../store/store.ts';
import type { WorkQueue } from '../store/work-queue.ts';
import { createPublishPermission, type SettingsPublishers } from '../settings-api/index.ts';
import { createAccountMode, type OAuthAccounts } from './account-mode.ts';
import { startAccountSweeps, sweepTargetsOf, type AccountSweeps } from './account-sweeps.ts';
import { createApp } from './app.ts';
import { createLogger, type Logger } from './logger.ts';

export interface ScoringServerOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** The URL HubSpot calls; by default this server's own local URL. */
  publicBaseUrl?: string | undefined;
  /** The app's client secret: it signs webhooks and the card's `hubspot.fetch` requests. */
  clientSecret: string;
  /** Static mode: the adapter over a private app's token. Give this or `oauth`. */
  hubspot?: HubSpotPort | undefined;
  /** Static mode: the account the token belongs to; others are refused. Unset: all served. */
  portalId?: number | undefined;
  /** OAuth mode (marketplace app): accounts come and go by install; tokens in the store. */
  oauth?: OAuthAccounts | undefined;
  /** The fallback model (SCORING_MODEL or the shipped one) of accounts with nothing published. */
  compiled: CompiledModel;
  /**
   * How often (at most) each account's published version is looked up in the store, so a
   * publish by `recruitment-score model publish` in another process is seen (default 2 s).
   */
  modelRefreshMs?: number;
  /**
   * Where everything is kept (DATABASE_URL): `sqlite:PATH`, `sqlite::memory:`, or
   * `postgres://...` when several instances share the work. Give this or `store`.
   */
  databaseUrl?: string | undefined;
  /** A store the caller opened (its rate windows may already serve the adapters); closed on close. */
  store?: Store | undefined;
  /** Who may publish on the settings page (SETTINGS_PUBLISHERS): super admins by default. */
  settingsPublishers?: SettingsPublishers | undefined;
  ownAppId?: string | undefined;
  logger?: Logger;
  /** The time scores are computed at; the real clock unless a test fixes it. */
  scoringClock?: () => number;
  /** Wall clock for the signature window. */
  now?: () => number;
  worker?: Pick<
    ScoreWorkerOptions,
    | 'concurrency'
    | 'gatherMs'
    | 'leaseMs'
    | 'retryBaseMs'
    | 'retryMaxMs'
    | 'onRescored'
    | 'batchDeadlineMs'
    | 'pollMs'
  >;
  /** Background jobs (recalculation after a publish, previews). */
  jobs?: {
    /** After HubSpot kept failing, a recalculation goes on after each pause (30 s ... 8 min). */
    retryDelaysMs?: readonly number[];
    /** Recalculations of different accounts at once (2). */
    maxRecalculations?: number;
  };
  /** `/readyz`: due work with no batch finished for this long is a stalled worker (5 min). */
  stalledAfterMs?: number;
  /** `/readyz` lists accounts with rows that failed within this window (15 min). */
  failingWindowMs?: number;
  /** On close, batches in flight get this long to finish (8 s); the rest stays queued. */
  shutdownGraceMs?: number;
  /** `close()` resolves within this time whatever HubSpot or a client does (9 s). */
  closeTimeoutMs?: number;
  maxBodyBytes?: number;
  /** The rescoring sweep of contacts whose review time passed; none when unset. */
  sweep?:
    | {
        intervalMs: number;
        /** Default 0: catch up at once on what fell due while the server was down. */
        firstSweepInMs?: number;
        onSweep?: (portalId: number | undefined, summary: DueSweepSummary) => void;
        /** After each account's changed-since pass (tests, benches). */
        onChangedSince?: (portalId: number | undefined, summary: ChangedSinceSummary) => void;
      }
    | undefined;
}

export interface ScoringServer {
  /** Where this process listens, e.g. http://127.0.0.1:54321. */
  localUrl: string;
  publicBaseUrl: string;
  queue: WorkQueue;
  worker: ScoreWorker;
  /** Which HubSpot accounts are served, with which token. */
  accounts: AccountAccess;
  /** Each account's port and published model (what the worker, card and sweeps ask). */
  accountRegistry: Accounts;
  /** The store of the accounts' model versions (publish, rollback, history, draft). */
  accountModels: AccountModels;
  /** Who published, rolled back or was refused on the settings page. */
  settingsAudit: SettingsAudit;
  /** The accounts' background jobs: recalculations after a publish, previews. */
  jobs: AccountJobs;
  /** Resolves once the output properties exist in HubSpot and the worker runs. */
  ready: Promise<void>;
  /** Resolves when every queued event is scored (polls the queue; for tests, demos, benches). */
  drained(options?: { timeoutMs?: number }): Promise<void>;
  /** What `/readyz` answers now. */
  readiness(): Promise<Readiness>;
  /**
   * Stops taking requests and claiming work, gives the batches in flight a grace period, then
   * closes the store, within `closeTimeoutMs`; unfinished rows stay queued for the next start.
   */
  close(): Promise<void>;
}

/**
 * Builds and starts everything behind `npm start`: store (one database, shared by the queue
 * and the OAuth tokens), accounts, worker, express app, rescoring sweep. It listens first, so
 * webhooks are stored while the output properties are being ensured.
 */
export async function startScoringServer(options: ScoringServerOptions): Promise<ScoringServer> {
  const logger = options.logger ?? createLogger({ secrets: [options.clientSecret] });
  const now = options.now ?? Date.now;
  if ((options.store === undefined) === (options.databaseUrl === undefined)) {
    throw new TypeError('startScoringServer needs exactly one of `databaseUrl` or `store`');
  }
  const store: Store = options.store ?? (await openStore(options.databaseUrl!));
  const queue = store.workQueue();
  // Several instances on one store: work that must run once per account takes a task lock.
  const taskLocks = store.shared ? store.taskLocks() : undefined;
  let mode: Awaited<ReturnType<typeof createAccountMode>>;
  try {
    mode = await createAccountMode({
      hubspot: options.hubspot
        ? { hubspot: options.hubspot, portalId: options.portalId }
        : undefined,
      oauth: options.oauth,
      // `registry` is built below; the install hook that asks it runs once requests come in.
      modelFor: (portalId) => registry.modelFor(portalId),
      store,
      queue,
      forgetJobs: (portalId) => jobs.forget(portalId),
      logger,
      now,
    });
  } catch (error) {
    await store.close();
    throw error;
  }
  const { accounts } = mode;
  const accountModels = store.accountModels();
  const settingsAudit = store.settingsAudit();
  const registry: Accounts = createAccounts({
    access: accounts,
    models: accountModels,
    fallbackModel: options.compiled,
    ...(options.modelRefreshMs === undefined ? {} : { refreshMs: options.modelRefreshMs }),
    logger,
    // A new version's tiers and profiles become options of the account's output properties
    // before the worker writes a score with them.
    onModelChanged: async (portalId, model, version) => {
      const port = await accounts.hubspotForPortal(portalId);
      if (!port) return;
      await port.ensureScoreProperties(model.tierNames, model.profiles);
      logger.info('an account’s published model is in use', {
        portalId,
        version,
        model: model.model.name,
      });
    },
  });
  const jobs = createAccountJobs({
    store: store.accountJobs(),
    checkpoints: store.checkpoints(),
    ...(taskLocks ? { locks: taskLocks } : {}),
    accounts: registry,
    now,
    scoringClock: options.scoringClock ?? Date.now,
    logger,
    retryDelaysMs: options.jobs?.retryDelaysMs ?? [30_000, 60_000, 120_000, 240_000, 480_000],
    ...(options.jobs?.maxRecalculations
      ? { maxRecalculations: options.jobs.maxRecalculations }
      : {}),
  });
  const worker = createScoreWorker({
    queue,
    accountFor: (portalId) => accounts.hubspotForPortal(portalId),
    modelFor: (portalId) => registry.preparedModelFor(portalId),
    scoringClock: options.scoringClock ?? Date.now,
    logger,
    ...options.worker,
  });
  let isReady = false;
  let closing = false;
  let closed: Promise<void> | undefined;
  const readiness = async (): Promise<Readiness> => {
    const at = now();
    let status;
    try {
      status = await queue.status(at, at - (options.failingWindowMs ?? 15 * 60_000));
    } catch (error) {
      status = error instanceof Error ? error : new Error(String(error));
    }
    return judgeReadiness({
      queue: status,
      progress: worker.progress(),
      phase: closing ? 'stopping' : isReady ? 'serving' : 'starting',
      nowMs: at,
      stalledAfterMs: options.stalledAfterMs ?? DEFAULT_STALLED_AFTER_MS,
    });
  };
  let sweeps: AccountSweeps | undefined;
  let publicBaseUrl = options.publicBaseUrl ?? '';
  const verifySignature = verifyCardSignature({
    clientSecret: options.clientSecret,
    get publicBaseUrl() {
      return publicBaseUrl;
    },
    now,
  });

  const app = createApp({
    webhook: {
      clientSecret: options.clientSecret,
      get publicBaseUrl() {
        return publicBaseUrl;
      },
      triage: {
        modelPropertiesFor: async (portalId) => propertiesOf(await registry.modelFor(portalId)),
        ownAppId: options.ownAppId,
      },
      queue,
      worker,
      now,
      logger,
      servesPortal: mode.servesPortal,
      ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    },
    card: {
      compiledFor: (portalId) => registry.modelFor(Number(portalId)),
      verifySignature,
      // The portal id comes from the signed URL: one account never reads another's contacts.
      hubspotForPortal: (portalId) => accounts.hubspotForPortal(Number(portalId)),
      now,
      logger,
    },
    settings: {
      verifySignature,
      hubspotForPortal: async (portalId) => accounts.hubspotForPortal(portalId),
      models: accountModels,
      audit: settingsAudit,
      permission: createPublishPermission(options.settingsPublishers ?? 'super-admins', now),
      modelKeyFor: (portalId) => registry.modelKeyFor(portalId),
      refreshAccount: (portalId) => registry.refresh(portalId),
      jobs,
      now,
    },
    installFlow: mode.installFlow,
    isReady: () => isReady && !closing,
    phase: () => (closing ? 'stopping' : isReady ? 'ok' : 'starting'),
    queueCounts: () => queue.counts(),
    readiness,
  });

  const server = await listen(app, options.port, options.host ?? '127.0.0.1');
  const { port } = server.address() as AddressInfo;
  const localUrl = `http://${options.host ?? '127.0.0.1'}:${port}`;
  if (!publicBaseUrl) publicBaseUrl = localUrl;

  // OAuth accounts get their output properties when they install, not here.
  const staticAccount = mode.staticAccount;
  const propertiesReady = staticAccount
    ? registry
        .modelFor(staticAccount.portalId ?? UNKNOWN_PORTAL)
        .then((model) => ensureOutputProperties(staticAccount.port, model, logger, () => closing))
    : Promise.resolve();
  const ready = propertiesReady.then(async () => {
    if (closing) return;
    await worker.start();
    // Recalculations a stop or crash interrupted go on from their checkpoints.
    await jobs.resumeUnfinished();
    if (options.sweep) {
      sweeps = startAccountSweeps({
        targets: sweepTargetsOf(accounts, mode.staticAccount, logger),
        modelFor: (portalId) => registry.preparedModelFor(portalId ?? UNKNOWN_PORTAL),
        intervalMs: options.sweep.intervalMs,
        firstSweepInMs: options.sweep.firstSweepInMs ?? 0,
        clock: options.scoringClock ?? Date.now,
        logger,
        // Kept in the store: after a restart the changed-since pass resumes where it stopped.
        watermarks: store.watermarks(),
        ...(taskLocks ? { locks: taskLocks } : {}),
        ...(options.sweep.onSweep ? { onSweep: options.sweep.onSweep } : {}),
        ...(options.sweep.onChangedSince ? { onChangedSince: options.sweep.onChangedSince } : {}),
      });
    }
    isReady = true;
    logger.info('ready', {
      url: localUrl,
      publicBaseUrl,
      accounts: accounts.mode,
      queued: (await queue.counts()).contacts,
      sweepEveryMinutes: options.sweep ? options.sweep.intervalMs / 60_000 : 'off',
    });
  });

  return {
    localUrl,
    publicBaseUrl,
    queue,
    worker,
    accounts,
    accountRegistry: registry,
    accountModels,
    settingsAudit,
    jobs,
    ready,
    async drained({ timeoutMs = 60_000 } = {}) {
      await ready;
      const deadline = Date.now() + timeoutMs;
      while (!(await worker.isIdle())) {
        if (Date.now() > deadline) {
          throw new Error(
            `the queue did not drain within ${timeoutMs} ms: ${JSON.stringify(await queue.counts())}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    readiness,
    close() {
      closed ??= closeWithin(options.closeTimeoutMs ?? 9_000);
      return closed;
    },
  };

  /**
   * Bounded whatever HubSpot does: stop listening and claiming; batches in flight get the grace
   * period; then open connections are cut and the store closed. Work not finished stays queued
   * (its leases are released when the worker starts again).
   */
  async function closeWithin(timeoutMs: number): Promise<void> {
    closing = true;
    const backgroundStopped = mode.stop();
    const deadline = Date.now() + timeoutMs;
    const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    const graceMs = Math.min(options.shutdownGraceMs ?? DEFAULT_STOP_GRACE_MS, timeoutMs);
    const [, work] = await Promise.all([
      within(Promise.all([sweeps?.stop(), backgroundStopped, jobs.stop()]), graceMs),
      worker.stop({ graceMs }),
    ]);
    if (work.abandoned > 0) {
      logger.warn('stopped with batches still in flight; their contacts stay queued', {
        batches: work.abandoned,
      });
    }
    server.closeAllConnections();
    await within(stopped, Math.max(0, deadline - Date.now()));
    // Work this instance claimed and did not finish is free at once for the others (a
    // restart with a shared store need not wait for the leases to run out).
    await within(queue.releaseLeases(), Math.max(0, deadline - Date.now()));
    await store.close();
  }
}

const propertySets = new WeakMap<CompiledModel, ReadonlySet<string>>();

/** The set of a model's properties, built once per compiled model (the triage asks per event). */
function propertiesOf(model: CompiledModel): ReadonlySet<string> {
  let properties = propertySets.get(model);
  if (!properties) {
    properties = new Set(model.properties);
    propertySets.set(model, properties);
  }
  return properties;
}

/** Waits for the promise, or for `ms`, whichever comes first. */
async function within(promise: Promise<unknown> | undefined, ms: number): Promise<void> {
  if (promise === undefined) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    promise.catch(() => undefined),
    new Promise((resolve) => (timer = setTimeout(resolve, ms))),
  ]);
  clearTimeout(timer);
}

function listen(app: ReturnType<typeof createApp>, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}

/** Retried with backoff: HubSpot may be briefly unavailable while webhooks already arrive. */
async function ensureOutputProperties(
  port: HubSpotPort,
  compiled: CompiledModel,
  logger: Logger,
  stopped: () => boolean,
): Promise<void> {
  for (let attempt = 0; !stopped(); attempt++) {
    try {
      await port.ensureScoreProperties(compiled.tierNames, compiled.profiles);
      return;
    } catch (error) {
      const delay = Math.min(60_000, 1_000 * 2 ** attempt);
      logger.error('could not ensure the recruitment score properties in HubSpot; retrying', {
        error,
        retryInMs: delay,
      });
      await new Promise((resolve) => setTimeout(resolve, delay).unref());
    }
  }
}
