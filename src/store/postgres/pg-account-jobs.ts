import { accountJobsOver, type AccountJobStore } from '../account-job-store.ts';
import type { PgDatabase } from './pg-database.ts';

/** The accounts' background jobs in PostgreSQL; `seq` keeps SQLite's insertion order. */
export function createPgAccountJobStore(db: PgDatabase): AccountJobStore {
  const one = async (text: string, values: readonly unknown[]) =>
    (await db.query(text, values)).rows[0];
  return accountJobsOver({
    insert: (row) =>
      one(
        `INSERT INTO account_jobs (job_id, portal_id, kind, status, started_by, created_at,
           updated_at, model_version, input_json, progress_json, result_json, error)
         VALUES ($1, $2, $3, 'queued', $4, $5, $6, $7, $8, $9, NULL, NULL)
         RETURNING *`,
        [
          row.job_id,
          row.portal_id,
          row.kind,
          row.started_by,
          row.created_at,
          row.updated_at,
          row.model_version,
          row.input_json,
          row.progress_json,
        ],
      ),
    update: (jobId, changes) =>
      one(
        `UPDATE account_jobs SET ${changes.map(([column], i) => `${column} = $${i + 2}`).join(', ')}
         WHERE job_id = $1 RETURNING *`,
        [jobId, ...changes.map(([, value]) => value)],
      ),
    get: (jobId) => one('SELECT * FROM account_jobs WHERE job_id = $1', [jobId]),
    latest: (portalId, kind) =>
      one(
        `SELECT * FROM account_jobs WHERE portal_id = $1 AND kind = $2
         ORDER BY created_at DESC, seq DESC LIMIT 1`,
        [portalId, kind],
      ),
    async withStatus(statuses, kind) {
      const { rows } = await db.query(
        `SELECT * FROM account_jobs WHERE status = ANY($1::text[])
         ${kind ? 'AND kind = $2' : ''} ORDER BY created_at, seq`,
        kind ? [statuses, kind] : [statuses],
      );
      return rows;
    },
    async forget(portalId) {
      const { rowCount } = await db.query('DELETE FROM account_jobs WHERE portal_id = $1', [
        portalId,
      ]);
      return rowCount ?? 0;
    },
  });
}
