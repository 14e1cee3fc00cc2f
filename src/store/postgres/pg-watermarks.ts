import { watermarksOver, type ChangedSinceWatermarks } from '../changed-since-watermarks.ts';
import type { PgDatabase } from './pg-database.ts';

/**
 * The changed-since watermarks in PostgreSQL. One upsert that keeps the GREATEST of the stored
 * and the saved mark: instances saving at once (the row lock orders them) never move it back.
 */
export function createPgWatermarks(db: PgDatabase): ChangedSinceWatermarks {
  return watermarksOver({
    async get(key) {
      const { rows } = await db.query<{ watermark_ms: number }>(
        'SELECT watermark_ms FROM changed_since_watermarks WHERE portal_id = $1',
        [key],
      );
      return rows[0]?.watermark_ms;
    },
    async saveForward(key, watermarkMs, now) {
      await db.query(
        `INSERT INTO changed_since_watermarks (portal_id, watermark_ms, updated_at)
         VALUES ($1, $2, $3)
         ON CONFLICT (portal_id) DO UPDATE SET
           watermark_ms = GREATEST(changed_since_watermarks.watermark_ms, excluded.watermark_ms),
           updated_at = excluded.updated_at`,
        [key, watermarkMs, now],
      );
    },
    async forget(key) {
      const { rowCount } = await db.query(
        'DELETE FROM changed_since_watermarks WHERE portal_id = $1',
        [key],
      );
      return (rowCount ?? 0) > 0;
    },
  });
}
