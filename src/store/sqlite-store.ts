import { createInstallStates } from '../oauth/install-state.ts';
import { createTokenStore } from '../oauth/token-store.ts';
import { createCheckpointStore } from '../recalculation/checkpoint-store.ts';
import { createAccountJobStore } from './account-job-store.ts';
import { createAccountModels } from './account-models.ts';
import { createChangedSinceWatermarks } from './changed-since-watermarks.ts';
import { openStoreDatabase, type StoreDatabase } from './database.ts';
import { createSqliteRateWindows } from './rate-windows.ts';
import { createSettingsAudit } from './settings-audit.ts';
import type { Store } from './store.ts';
import { createProcessTaskLocks } from './task-locks.ts';
import { createWorkQueue } from './work-queue.ts';

/** The embedded store: one SQLite file (or memory) that one instance owns. */
export function openSqliteStore(path: string, description = `sqlite:${path}`): Store {
  return sqliteStoreOf(openStoreDatabase(path), description);
}

/** The store over a database already open (tests that look into its tables too). */
export function sqliteStoreOf(db: StoreDatabase, description = 'sqlite'): Store {
  const locks = createProcessTaskLocks();
  return {
    engine: 'sqlite',
    description,
    shared: false,
    workQueue: (options) => createWorkQueue(db, options),
    accountModels: (options) => createAccountModels(db, options),
    accountJobs: () => createAccountJobStore(db),
    settingsAudit: () => createSettingsAudit(db),
    watermarks: () => createChangedSinceWatermarks(db),
    checkpoints: () => createCheckpointStore(db),
    tokens: (cipher, now) => createTokenStore(db, cipher, now),
    installStates: (key) => createInstallStates(db, key),
    rateWindows: () => createSqliteRateWindows(db),
    taskLocks: () => locks,
    isOpen: () => db.open,
    async close() {
      if (db.open) db.close();
    },
  };
}
