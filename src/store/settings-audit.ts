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

/** A row of settings_audit, as both engines write and read it. */
export interface AuditRow {
  portal_id: number;
  at: number;
  user_id: string;
  action: AuditAction;
  model_version: number | null;
  details: string | null;
}

/** What one engine does in SQL for the audit. */
export interface AuditRows {
  insert(row: AuditRow): Promise<void>;
  /** Newest first: by `at`, then the later insert first. */
  list(portalId: number, limit: number): Promise<AuditRow[]>;
}

/** The audit over one engine's rows. */
export function settingsAuditOver(rows: AuditRows): SettingsAudit {
  return {
    record: (entry) =>
      rows.insert({
        portal_id: entry.portalId,
        at: entry.at,
        user_id: entry.userId,
        action: entry.action,
        model_version: entry.modelVersion ?? null,
        details: entry.details ?? null,
      }),
    async list(portalId, limit = 100) {
      return (await rows.list(portalId, limit)).map((row) => ({
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

/** The SQLite store's audit. */
export function createSettingsAudit(db: StoreDatabase): SettingsAudit {
  const insert = db.prepare<[AuditRow]>(
    `INSERT INTO settings_audit (portal_id, at, user_id, action, model_version, details)
     VALUES (@portal_id, @at, @user_id, @action, @model_version, @details)`,
  );
  const select = db.prepare<[number, number], AuditRow>(
    `SELECT portal_id, at, user_id, action, model_version, details FROM settings_audit
     WHERE portal_id = ? ORDER BY at DESC, rowid DESC LIMIT ?`,
  );
  return settingsAuditOver({
    async insert(row) {
      insert.run(row);
    },
    list: async (portalId, limit) => select.all(portalId, limit),
  });
}
