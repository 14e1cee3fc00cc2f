import { settingsAuditOver, type AuditRow, type SettingsAudit } from '../settings-audit.ts';
import type { PgDatabase } from './pg-database.ts';

/** The settings audit in PostgreSQL; `seq` orders records of the same millisecond. */
export function createPgSettingsAudit(db: PgDatabase): SettingsAudit {
  return settingsAuditOver({
    async insert(row) {
      await db.query(
        `INSERT INTO settings_audit (portal_id, at, user_id, action, model_version, details)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [row.portal_id, row.at, row.user_id, row.action, row.model_version, row.details],
      );
    },
    async list(portalId, limit) {
      const { rows } = await db.query<AuditRow>(
        `SELECT portal_id, at, user_id, action, model_version, details FROM settings_audit
         WHERE portal_id = $1 ORDER BY at DESC, seq DESC LIMIT $2`,
        [portalId, limit],
      );
      return rows;
    },
  });
}
