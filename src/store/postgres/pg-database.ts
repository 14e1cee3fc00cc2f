import pg from 'pg';
import { PG_MIGRATIONS } from './pg-migrations.ts';

/**
 * The PostgreSQL store's connection pool. BIGINT columns (epoch milliseconds, portal ids,
 * sequence numbers) come back as JavaScript numbers: every value we store is far below 2^53.
 * The type parsers are this pool's own, so nothing else in the process changes.
 */
export interface PgDatabase {
  readonly pool: pg.Pool;
  /** One statement on any pooled connection. */
  query<Row extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: readonly unknown[],
  ): Promise<pg.QueryResult<Row>>;
  /** `fn` in one transaction on one connection (rolled back if it throws). */
  transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T>;
  isOpen(): boolean;
  close(): Promise<void>;
}

export interface PgDatabaseOptions {
  /** Connections per instance (default 10). */
  maxConnections?: number;
  /** A connection that cannot be had within this time fails the request (default 10 s). */
  connectTimeoutMs?: number;
  /** A statement running longer is cancelled by the server (default 30 s). */
  statementTimeoutMs?: number;
}

const BIGINT_OID = 20;
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === BIGINT_OID && format !== 'binary') return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** The advisory lock every instance takes while it applies migrations (an arbitrary key). */
const MIGRATION_LOCK = 0x5245_4353; // 'RECS'

export async function openPgDatabase(
  url: string,
  options: PgDatabaseOptions = {},
): Promise<PgDatabase> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    statement_timeout: options.statementTimeoutMs ?? 30_000,
    idleTimeoutMillis: 30_000,
    types,
  });
  // An idle connection that breaks (the server restarted) must not crash the process.
  pool.on('error', () => undefined);
  let open = true;
  const db: PgDatabase = {
    pool,
    query: (text, values) => pool.query(text, values as unknown[]),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(client);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    isOpen: () => open,
    async close() {
      if (!open) return;
      open = false;
      await pool.end();
    },
  };
  try {
    await migrate(pool);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

/**
 * Applies the versions not yet applied, each in its own transaction, under a session advisory
 * lock: a second instance starting at the same moment waits, then finds nothing left to do.
 */
async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY,
        applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
      )`);
      const { rows } = await client.query<{ version: number }>(
        'SELECT coalesce(max(version), 0)::int AS version FROM schema_migrations',
      );
      const current = rows[0]!.version;
      if (current > PG_MIGRATIONS.length) {
        throw new Error(
          `the PostgreSQL store is at schema version ${current}, newer than this app knows (${PG_MIGRATIONS.length}): run the newer app version`,
        );
      }
      for (let version = current; version < PG_MIGRATIONS.length; version++) {
        await client.query('BEGIN');
        try {
          await client.query(PG_MIGRATIONS[version]!);
          await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version + 1]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw error;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
}
