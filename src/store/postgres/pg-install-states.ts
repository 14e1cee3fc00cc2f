// PLACEHOLDER: replaced by the PostgreSQL implementation (issue 14). Never committed.
import type { InstallStates } from '../../oauth/install-state.ts';
import type { PgDatabase } from './pg-database.ts';

export function createPgInstallStates(_db: PgDatabase, _key: Uint8Array): InstallStates {
  throw new Error('PostgreSQL InstallStates: not built yet');
}
