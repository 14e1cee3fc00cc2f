// PLACEHOLDER: replaced by the PostgreSQL implementation (issue 14). Never committed.
import type { ChangedSinceWatermarks } from '../changed-since-watermarks.ts';
import type { PgDatabase } from './pg-database.ts';

export function createPgWatermarks(_db: PgDatabase): ChangedSinceWatermarks {
  throw new Error('PostgreSQL ChangedSinceWatermarks: not built yet');
}
