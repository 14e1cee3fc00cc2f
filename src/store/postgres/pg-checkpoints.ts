import { checkpointStoreOver, type CheckpointStore } from '../../recalculation/checkpoint-store.ts';
import type { PgDatabase } from './pg-database.ts';

/** Checkpoints of full recalculations in PostgreSQL; `seq` keeps SQLite's insertion order. */
export function createPgCheckpointStore(db: PgDatabase): CheckpointStore {
  const changed = async (text: string, values: readonly unknown[]) =>
    (await db.query(text, values)).rowCount ?? 0;
  return checkpointStoreOver({
    async latestUnfinished(accountKey, dryRun) {
      const { rows } = await db.query(
        `SELECT * FROM recalculation_runs
         WHERE account_key = $1 AND dry_run = $2 AND status IN ('running', 'interrupted')
         ORDER BY updated_at DESC, seq DESC LIMIT 1`,
        [accountKey, dryRun],
      );
      return rows[0];
    },
    abandon: (accountKey, dryRun, now) =>
      changed(
        `UPDATE recalculation_runs SET status = 'abandoned', updated_at = $1
         WHERE account_key = $2 AND dry_run = $3 AND status IN ('running', 'interrupted')`,
        [now, accountKey, dryRun],
      ),
    async insert(row) {
      const { rows } = await db.query(
        `INSERT INTO recalculation_runs (run_id, account_key, model_hash, dry_run, status,
           started_at, updated_at, last_contact_id, tally)
         VALUES ($1, $2, $3, $4, 'running', $5, $6, '0', $7) RETURNING *`,
        [
          row.run_id,
          row.account_key,
          row.model_hash,
          row.dry_run,
          row.started_at,
          row.updated_at,
          row.tally,
        ],
      );
      return rows[0];
    },
    async setStatus(runId, status, now) {
      await db.query(
        'UPDATE recalculation_runs SET status = $1, updated_at = $2 WHERE run_id = $3',
        [status, now, runId],
      );
    },
    savePosition: (runId, lastContactId, tally, now) =>
      changed(
        `UPDATE recalculation_runs SET last_contact_id = $1, tally = $2, updated_at = $3
         WHERE run_id = $4 AND status = 'running'`,
        [lastContactId, tally, now, runId],
      ),
  });
}
