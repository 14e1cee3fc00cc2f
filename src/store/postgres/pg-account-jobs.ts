// PLACEHOLDER: replaced by the PostgreSQL implementation (issue 14). Never committed.
import type { AccountJobStore } from '../account-job-store.ts';
import type { PgDatabase } from './pg-database.ts';

export function createPgAccountJobStore(_db: PgDatabase): AccountJobStore {
  throw new Error('PostgreSQL AccountJobStore: not built yet');
}
