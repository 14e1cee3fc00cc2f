// PLACEHOLDER: replaced by the PostgreSQL implementation (issue 14). Never committed.
import type { TokenStore } from '../../oauth/token-store.ts';
import type { PgDatabase } from './pg-database.ts';

export function createPgTokenStore(
  _db: PgDatabase,
  _cipher: unknown,
  _now?: () => number,
): TokenStore {
  throw new Error('PostgreSQL TokenStore: not built yet');
}
