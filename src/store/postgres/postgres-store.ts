import type { Store, OpenStoreOptions } from '../store.ts';
import { createPgAccountJobStore } from './pg-account-jobs.ts';
import { createPgAccountModels } from './pg-account-models.ts';
import { createPgCheckpointStore } from './pg-checkpoints.ts';
import { openPgDatabase } from './pg-database.ts';
import { createPgInstallStates } from './pg-install-states.ts';
import { createPgRateWindows } from './pg-rate-windows.ts';
import { createPgSettingsAudit } from './pg-settings-audit.ts';
import { createPgTaskLocks } from './pg-task-locks.ts';
import { createPgTokenStore } from './pg-tokens.ts';
import { createPgWatermarks } from './pg-watermarks.ts';
import { createPgWorkQueue } from './pg-work-queue.ts';

/** The store several instances share: one PostgreSQL database, this instance's pool. */
export async function openPostgresStore(
  url: string,
  description: string,
  options: OpenStoreOptions = {},
): Promise<Store> {
  const db = await openPgDatabase(url, { maxConnections: options.maxConnections ?? 20 });
  const locks = createPgTaskLocks(db);
  return {
    engine: 'postgres',
    description,
    shared: true,
    workQueue: (queueOptions) => createPgWorkQueue(db, queueOptions),
    accountModels: (modelOptions) => createPgAccountModels(db, modelOptions),
    accountJobs: () => createPgAccountJobStore(db),
    settingsAudit: () => createPgSettingsAudit(db),
    watermarks: () => createPgWatermarks(db),
    checkpoints: () => createPgCheckpointStore(db),
    tokens: (cipher, now) => createPgTokenStore(db, cipher, now),
    installStates: (key) => createPgInstallStates(db, key),
    rateWindows: () => createPgRateWindows(db),
    taskLocks: () => locks,
    isOpen: () => db.isOpen(),
    close: () => db.close(),
  };
}
