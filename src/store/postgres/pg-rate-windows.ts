import type { RateWindows } from '../rate-windows.ts';
import type { PgDatabase } from './pg-database.ts';

/**
 * The shared rate windows in PostgreSQL. One transaction per request taken, serialised per
 * account and budget by a transaction advisory lock, so two instances never both take the
 * last free slot; other accounts are not held up.
 */
export function createPgRateWindows(db: PgDatabase): RateWindows {
  return {
    take: (portalId, budget, limit, asked) =>
      db.transaction(async (client) => {
        await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
          `rate:${budget}:${portalId}`,
        ]);
        const newest = await client.query<{ at: number | null }>(
          'SELECT max(at) AS at FROM rate_requests WHERE portal_id = $1 AND budget = $2',
          [portalId, budget],
        );
        const nowMs = Math.max(asked, newest.rows[0]?.at ?? asked);
        await client.query(
          'DELETE FROM rate_requests WHERE portal_id = $1 AND budget = $2 AND at <= $3',
          [portalId, budget, nowMs - limit.perMilliseconds],
        );
        // The limit-th newest request: once it leaves the window, one more fits.
        const { rows } = await client.query<{ at: number }>(
          `SELECT at FROM rate_requests WHERE portal_id = $1 AND budget = $2
           ORDER BY at DESC LIMIT 1 OFFSET $3`,
          [portalId, budget, limit.requests - 1],
        );
        if (rows.length > 0) {
          return { taken: false, retryAtMs: rows[0]!.at + limit.perMilliseconds };
        }
        await client.query(
          'INSERT INTO rate_requests (portal_id, budget, at) VALUES ($1, $2, $3)',
          [portalId, budget, nowMs],
        );
        return { taken: true, atMs: nowMs };
      }),
    async forget(portalId) {
      await db.query('DELETE FROM rate_requests WHERE portal_id = $1', [portalId]);
    },
  };
}
