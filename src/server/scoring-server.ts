import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { HubSpotPort } from '../hubspot/hubspot-port.ts';
import {
  createScoreWorker,
  type ScoreWorker,
  type ScoreWorkerOptions,
} from '../pipeline/score-worker.ts';
import type { CompiledModel } from '../scoring/index.ts';
import { openStoreDatabase, type StoreDatabase } from '../store/database.ts';
import { createWorkQueue, type WorkQueue } from '../store/work-queue.ts';
import { createApp } from './app.ts';
import { createLogger, type Logger } from './logger.ts';

export interface ScoringServerOptions {
  /** 0 picks a free port. */
  port: number;
  host?: string;
  /** The URL HubSpot calls; by default this server's own local URL. */
  publicBaseUrl?: string | undefined;
  clientSecret: string;
  /** The HubSpot account (one static-auth token serves every portalId it receives). */
  hubspot: HubSpotPort;
  compiled: CompiledModel;
  /** SQLite file, or ':memory:'. */
  databasePath: string;
  ownAppId?: string | undefined;
  logger?: Logger;
  /** The time scores are computed at; the real clock unless a test fixes it. */
  scoringClock?: () => number;
  /** Wall clock for the signature window. */
  now?: () => number;
  worker?: Pick<
    ScoreWorkerOptions,
    'concurrency' | 'gatherMs' | 'leaseMs' | 'retryBaseMs' | 'retryMaxMs' | 'onRescored'
  >;
  maxBodyBytes?: number;
}

export interface ScoringServer {
  /** Where this process listens, e.g. http://127.0.0.1:54321. */
  localUrl: string;
  publicBaseUrl: string;
  queue: WorkQueue;
  worker: ScoreWorker;
  /** Resolves once the output properties exist in HubSpot and the worker runs. */
  ready: Promise<void>;
  /** Resolves when every queued event is scored (polls the queue; for tests, demos, benches). */
  drained(options?: { timeoutMs?: number }): Promise<void>;
  /** Stops taking requests, finishes the batches in flight, closes the store. */
  close(): Promise<void>;
}

/**
 * Builds and starts everything behind `npm start`: store, queue, worker, express app. It
 * listens first, so webhooks are stored while the output properties are being ensured.
 */
export async function startScoringServer(options: ScoringServerOptions): Promise<ScoringServer> {
  const logger = options.logger ?? createLogger({ secrets: [options.clientSecret] });
  const db: StoreDatabase = openStoreDatabase(options.databasePath);
  const queue = createWorkQueue(db);
  const worker = createScoreWorker({
    queue,
    accountFor: () => options.hubspot,
    compiled: options.compiled,
    scoringClock: options.scoringClock ?? Date.now,
    logger,
    ...options.worker,
  });
  let isReady = false;
  let closing = false;
  let publicBaseUrl = options.publicBaseUrl ?? '';

  const app = createApp({
    webhook: {
      clientSecret: options.clientSecret,
      get publicBaseUrl() {
        return publicBaseUrl;
      },
      triage: { modelProperties: new Set(options.compiled.properties), ownAppId: options.ownAppId },
      queue,
      worker,
      now: options.now ?? Date.now,
      logger,
      ...(options.maxBodyBytes === undefined ? {} : { maxBodyBytes: options.maxBodyBytes }),
    },
    isReady: () => isReady && !closing,
    queueCounts: () => queue.counts(),
  });

  const server = await listen(app, options.port, options.host ?? '127.0.0.1');
  const { port } = server.address() as AddressInfo;
  const localUrl = `http://${options.host ?? '127.0.0.1'}:${port}`;
  if (!publicBaseUrl) publicBaseUrl = localUrl;

  const ready = ensureOutputProperties(options, logger, () => closing).then(() => {
    if (closing) return;
    worker.start();
    isReady = true;
    logger.info('ready', { url: localUrl, publicBaseUrl, queued: queue.counts().contacts });
  });

  return {
    localUrl,
    publicBaseUrl,
    queue,
    worker,
    ready,
    async drained({ timeoutMs = 60_000 } = {}) {
      await ready;
      const deadline = Date.now() + timeoutMs;
      while (!worker.isIdle()) {
        if (Date.now() > deadline) {
          throw new Error(
            `the queue did not drain within ${timeoutMs} ms: ${JSON.stringify(queue.counts())}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async close() {
      if (closing) return;
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await closed;
      await worker.stop();
      db.close();
    },
  };
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
  options: ScoringServerOptions,
  logger: Logger,
  stopped: () => boolean,
): Promise<void> {
  for (let attempt = 0; !stopped(); attempt++) {
    try {
      await options.hubspot.ensureScoreProperties(options.compiled.tierNames);
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
