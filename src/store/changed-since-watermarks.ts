import type { StoreDatabase } from './database.ts';

/**
 * How far the "changed since" pass got in each account: every contact whose `lastmodifieddate`
 * is at or before an account's watermark has been rescored (or was our own write). Kept in the
 * store so that a restart neither rereads the whole account nor skips what changed while the
 * server was down. A watermark only moves forward: a late save of an older point is ignored.
 */

/** The static account whose portal id the token does not tell. */
export const UNKNOWN_PORTAL = 0;

export interface ChangedSinceWatermarks {
  /** Epoch ms, or undefined before the account's first pass. */
  get(portalId: number | undefined): Promise<number | undefined>;
  save(portalId: number | undefined, watermarkMs: number, now: number): Promise<void>;
  /** An account removed (uninstall): its watermark goes with the rest of its data. */
  forget(portalId: number): Promise<boolean>;
}

const keyOf = (portalId: number | undefined) => portalId ?? UNKNOWN_PORTAL;

/** What one engine (or memory) keeps; `save` must keep the greater of the old and new mark. */
export interface WatermarkRows {
  get(key: number): Promise<number | undefined>;
  saveForward(key: number, watermarkMs: number, now: number): Promise<void>;
  forget(key: number): Promise<boolean>;
}

/** The watermarks over one engine's rows: the unknown account's key, the check of a mark. */
export function watermarksOver(rows: WatermarkRows): ChangedSinceWatermarks {
  return {
    get: (portalId) => rows.get(keyOf(portalId)),
    async save(portalId, watermarkMs, now) {
      if (!Number.isSafeInteger(watermarkMs)) {
        throw new RangeError(`a watermark must be whole epoch milliseconds, not ${watermarkMs}`);
      }
      await rows.saveForward(keyOf(portalId), watermarkMs, now);
    },
    forget: (portalId) => rows.forget(portalId),
  };
}

export function createChangedSinceWatermarks(db: StoreDatabase): ChangedSinceWatermarks {
  const select = db.prepare<[number], { watermark_ms: number }>(
    'SELECT watermark_ms FROM changed_since_watermarks WHERE portal_id = ?',
  );
  const upsert = db.prepare<[number, number, number]>(
    `INSERT INTO changed_since_watermarks (portal_id, watermark_ms, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (portal_id) DO UPDATE SET
       watermark_ms = MAX(watermark_ms, excluded.watermark_ms),
       updated_at = excluded.updated_at`,
  );
  const remove = db.prepare<[number]>('DELETE FROM changed_since_watermarks WHERE portal_id = ?');
  return watermarksOver({
    get: async (key) => select.get(key)?.watermark_ms,
    async saveForward(key, watermarkMs, now) {
      upsert.run(key, watermarkMs, now);
    },
    forget: async (key) => remove.run(key).changes > 0,
  });
}

/** The same in memory: a server without a store file, and tests. Lost at restart. */
export function createMemoryWatermarks(): ChangedSinceWatermarks {
  const watermarks = new Map<number, number>();
  return watermarksOver({
    get: async (key) => watermarks.get(key),
    async saveForward(key, watermarkMs) {
      watermarks.set(key, Math.max(watermarks.get(key) ?? watermarkMs, watermarkMs));
    },
    forget: async (key) => watermarks.delete(key),
  });
}
