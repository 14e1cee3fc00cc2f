import { withTaskStarts, type TaskLocks } from '../task-locks.ts';
import type { PgDatabase } from './pg-database.ts';

/**
 * Task locks as PostgreSQL session advisory locks: the holder keeps one pooled connection for
 * the task's length, and a killed instance's connection closes, which frees its locks; the
 * next instance to try takes the task up. The 64-bit key is a hash of the task's key. When
 * each periodic task last started is kept in `task_starts`, read and written under the lock.
 */
export function createPgTaskLocks(db: PgDatabase): TaskLocks {
  return withTaskStarts(
    async (key, task) => {
      const client = await db.pool.connect();
      let locked = false;
      let broken = false;
      // The held connection may end while the task runs (server restart, terminated): then the
      // lock is gone with it, and the connection is not given back to the pool.
      const lost = () => (broken = true);
      client.on('error', lost);
      try {
        const { rows } = await client.query<{ locked: boolean }>(
          'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked',
          [key],
        );
        locked = rows[0]!.locked;
        if (!locked) return { ran: false };
        return { ran: true, value: await task() };
      } finally {
        if (locked) {
          await client
            .query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [key])
            .catch(() => (broken = true));
        }
        client.off('error', lost);
        // A connection that could not unlock is closed: its session's locks end with it.
        client.release(broken);
      }
    },
    {
      async last(key) {
        const { rows } = await db.query<{ started_at: number }>(
          'SELECT started_at FROM task_starts WHERE task_key = $1',
          [key],
        );
        return rows[0]?.started_at;
      },
      async record(key, at) {
        await db.query(
          `INSERT INTO task_starts (task_key, started_at) VALUES ($1, $2)
           ON CONFLICT (task_key) DO UPDATE SET started_at = excluded.started_at`,
          [key, at],
        );
      },
    },
  );
}
