import type { InstallStates } from '../oauth/install-state.ts';
import type { TokenCipher } from '../oauth/token-cipher.ts';
import type { TokenStore } from '../oauth/token-store.ts';
import type { CheckpointStore } from '../recalculation/checkpoint-store.ts';
import type { AccountJobStore } from './account-job-store.ts';
import type { AccountModels } from './account-models.ts';
import type { ChangedSinceWatermarks } from './changed-since-watermarks.ts';
import { describeStoreLocation, storeLocationOf, type StoreLocation } from './database-url.ts';
import type { RetryLimits } from './dead-letters.ts';
import type { RateWindows } from './rate-windows.ts';
import type { SettingsAudit } from './settings-audit.ts';
import type { TaskLocks } from './task-locks.ts';
import type { WorkQueue } from './work-queue.ts';

/**
 * Everything the app keeps, behind one door: the work queue and its dead letters, the
 * accounts' models, jobs, audit records, watermarks and recalculation checkpoints, the OAuth
 * tokens and install states, the shared rate windows and task locks. Two engines: the
 * embedded SQLite file (one instance) and PostgreSQL (several instances on one database).
 * The rest of the app asks this, never a database handle.
 */
export interface Store {
  readonly engine: StoreLocation['engine'];
  /** Where it is, fit for logs (no password). */
  readonly description: string;
  /**
   * Other instances may use the same store (PostgreSQL): their leases are theirs, and work
   * that must run once per account takes a task lock.
   */
  readonly shared: boolean;
  workQueue(options?: { retryLimits?: RetryLimits }): WorkQueue;
  accountModels(options?: { clock?: () => number }): AccountModels;
  accountJobs(): AccountJobStore;
  settingsAudit(): SettingsAudit;
  watermarks(): ChangedSinceWatermarks;
  checkpoints(): CheckpointStore;
  tokens(cipher: TokenCipher, now?: () => number): TokenStore;
  installStates(key: Uint8Array): InstallStates;
  rateWindows(): RateWindows;
  taskLocks(): TaskLocks;
  isOpen(): boolean;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** PostgreSQL: connections of this instance's pool (default 20). */
  maxConnections?: number;
}

/** Opens (and migrates) the store `DATABASE_URL` names. */
export async function openStore(
  databaseUrl: string | StoreLocation,
  options: OpenStoreOptions = {},
): Promise<Store> {
  const location = typeof databaseUrl === 'string' ? storeLocationOf(databaseUrl) : databaseUrl;
  const description = describeStoreLocation(location);
  if (location.engine === 'sqlite') {
    const { openSqliteStore } = await import('./sqlite-store.ts');
    return openSqliteStore(location.path, description);
  }
  const { openPostgresStore } = await import('./postgres/postgres-store.ts');
  return openPostgresStore(location.url, description, options);
}
