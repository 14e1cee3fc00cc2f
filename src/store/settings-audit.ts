import type { StoreDatabase } from './database.ts';

/**
 * Who changed an account's scoring settings, and who was refused: one row per publish,
 * rollback, template choice, draft save or refusal, never updated. The HubSpot user id comes
 * from the signed request (the settings page) or is 'cli'.
 */

export type AuditAction = 'publish' | 'rollback' | 'template' | 'draft' | 'calibrate' | 'refused';

export interface AuditRecord {
  portalId: number;
  /** Epoch ms. */
  at: number;
  userId: string;
  action: AuditAction;
  modelVersion?: number | undefined;
  details?: string | undefined;
}

export interface SettingsAudit {
  record(entry: AuditRecord): Promise<void>;
  /** Newest first. */
  list(portalId: number, limit?: number): Promise<AuditRecord[]>;
}

interface AuditRow {
  portal_id: number;
  at: number;
  user_id: string;
  action: AuditAction;
  model_version: number | null;
  details: string | null;
}

export function createSettingsAudit(db: StoreDatabase): SettingsAudit {
  const insert = db.prepare(
    `INSERT INTO settings_audit (portal_id, at, user_id, action, model_version, details)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const select = db.prepare(
    `SELECT portal_id, at, user_id, action, model_version, details FROM settings_audit
     WHERE portal_id = ? ORDER BY at DESC, rowid DESC LIMIT ?`,
  );
  return {
    async record(entry) {
      insert.run(
        entry.portalId,
        entry.at,
        entry.userId,
        entry.action,
        entry.modelVersion ?? null,
        entry.details ?? null,
      );
    },
    async list(portalId, limit = 100) {
      return (select.all(portalId, limit) as AuditRow[]).map((row) => ({
        portalId: row.portal_id,
        at: row.at,
        userId: row.user_id,
        action: row.action,
        ...(row.model_version === null ? {} : { modelVersion: row.model_version }),
        ...(row.details === null ? {} : { details: row.details }),
      }));
    },
  };
}
