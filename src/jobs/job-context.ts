import type { Accounts } from '../accounts/accounts.ts';
import type { CheckpointStore } from '../recalculation/checkpoint-store.ts';
import type { AccountJobStore } from '../store/account-job-store.ts';

/** What every background job needs: the store, the account home, the clocks, the log. */
export interface JobContext {
  store: AccountJobStore;
  checkpoints: CheckpointStore;
  accounts: Pick<Accounts, 'get' | 'preparedModelFor' | 'modelFor' | 'modelVersionFor' | 'refresh'>;
  /** Wall clock: the jobs' timestamps and rates. */
  now: () => number;
  /** The time contacts are scored at (the real clock unless a test fixes it). */
  scoringClock: () => number;
  logger: {
    info(message: string, details?: Record<string, unknown>): void;
    warn(message: string, details?: Record<string, unknown>): void;
    error(message: string, details?: Record<string, unknown>): void;
  };
  /**
   * A recalculation that HubSpot fails goes on from its checkpoint after each of these pauses
   * (the HubSpot caller has already retried each request); then the job fails.
   */
  retryDelaysMs: readonly number[];
}

/** The abort reason of a server stop (a newer job aborts with another). */
export const STOPPING = 'server-stopping';

/** The checkpoints' account key of a server job (a CLI run has its own, from its token). */
export const jobAccountKey = (portalId: number) => `portal:${portalId}`;

/** Waits `ms`, or less when the signal fires first. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    timer.unref();
    signal.addEventListener('abort', done, { once: true });
  });
}
