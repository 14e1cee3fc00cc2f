// PLACEHOLDER: replaced by the PostgreSQL implementation (issue 14). Never committed.
import type { WorkQueue } from '../work-queue.ts';
import type { PgDatabase } from './pg-database.ts';

export function createPgWorkQueue(_db: PgDatabase, _options?: unknown): WorkQueue {
  throw new Error('PostgreSQL WorkQueue: not built yet');
}
