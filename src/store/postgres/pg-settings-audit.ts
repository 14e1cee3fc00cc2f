// PLACEHOLDER: replaced by the PostgreSQL implementation (issue 14). Never committed.
import type { SettingsAudit } from '../settings-audit.ts';
import type { PgDatabase } from './pg-database.ts';

export function createPgSettingsAudit(_db: PgDatabase): SettingsAudit {
  throw new Error('PostgreSQL SettingsAudit: not built yet');
}
