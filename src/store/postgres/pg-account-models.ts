// PLACEHOLDER: replaced by the PostgreSQL implementation (issue 14). Never committed.
import type { AccountModels } from '../account-models.ts';
import type { PgDatabase } from './pg-database.ts';

export function createPgAccountModels(
  _db: PgDatabase,
  _options?: { clock?: () => number },
): AccountModels {
  throw new Error('PostgreSQL AccountModels: not built yet');
}
