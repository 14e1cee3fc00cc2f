import type pg from 'pg';
import { CONTACT_OBJECT_TYPE_ID } from '../../pipeline/engagement-types.ts';
import type { ContactKey, EngagementKey } from '../../pipeline/triage-events.ts';
import {
  DEAD_LETTER_UPSERT,
  isExhausted,
  type FailedRow,
  type RetryLimits,
} from '../dead-letters.ts';
import type { FailedAttempt, Retried } from '../work-queue.ts';

/**
 * The statements of one PostgreSQL queue table (pending_contacts or pending_engagements),
 * written once for both: a table is described by its key columns, what rows one claim may
 * mix (one account; engagements also one type) and how a row is named in dead_letters.
 * Every multi-row statement takes its rows as arrays (`unnest`), at most BATCH rows a time.
 */

/** A client inside a transaction, or the pool for a lone statement. */
export interface Sql {
  query<Row extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<Row>>;
}

export interface QueueTable<Key> {
  readonly name: 'pending_contacts' | 'pending_engagements';
  /** The primary key, portal_id first; the PostgreSQL type of each column. */
  readonly keyColumns: readonly string[];
  readonly keyTypes: readonly string[];
  keyOf(key: Key): (number | string)[];
  /** The columns all rows of one claim share. */
  readonly batchColumns: readonly string[];
  /** The row's object_type_id and object_id in dead_letters, as SQL over alias `a`. */
  deadLetterType(a: string): string;
  deadLetterId(a: string): string;
}

export const CONTACTS: QueueTable<ContactKey> = {
  name: 'pending_contacts',
  keyColumns: ['portal_id', 'contact_id'],
  keyTypes: ['bigint', 'text'],
  keyOf: (c) => [c.portalId, c.contactId],
  batchColumns: ['portal_id'],
  deadLetterType: () => `'${CONTACT_OBJECT_TYPE_ID}'`,
  deadLetterId: (a) => `${a}.contact_id`,
};

export const ENGAGEMENTS: QueueTable<EngagementKey> = {
  name: 'pending_engagements',
  keyColumns: ['portal_id', 'object_type_id', 'object_id'],
  keyTypes: ['bigint', 'text', 'text'],
  keyOf: (e) => [e.portalId, e.objectTypeId, e.objectId],
  batchColumns: ['portal_id', 'object_type_id'],
  deadLetterType: (a) => `${a}.object_type_id`,
  deadLetterId: (a) => `${a}.object_id`,
};

/** Rows per multi-row statement. */
export const BATCH = 100;

export function chunks<T>(items: readonly T[], size = BATCH): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

type KeyValues = (number | string)[];
/** A failed row after its retry update: its key columns, attempts and first queued time. */
type RetriedRow = FailedRow & Record<string, number | string>;

type DueFilter = { extra: string; match: Record<string, unknown> };

export function queueTableStatements<Key>(table: QueueTable<Key>) {
  const { name, keyColumns } = table;
  const columns = keyColumns.join(', ');
  const of = (a: string) => keyColumns.map((c) => `${a}.${c}`).join(', ');
  const sameKey = (a: string, b: string) =>
    keyColumns.map((c) => `${a}.${c} = ${b}.${c}`).join(' AND ');
  /**
   * `unnest($from::bigint[], ...) AS k(columns..., more...)` and the key columns' values (the
   * caller adds the values of `more`).
   */
  const unnestKeys = (keys: readonly Key[], from: number, more: [string, string][] = []) =>
    unnestValues(keys.map(table.keyOf), from, more);
  const unnestValues = (
    keys: readonly KeyValues[],
    from: number,
    more: [string, string][] = [],
  ) => {
    const types = [...table.keyTypes, ...more.map(([, type]) => type)];
    const names = [...keyColumns, ...more.map(([column]) => column)];
    const arrays = types.map((type, i) => `$${from + i}::${type}[]`).join(', ');
    return {
      sql: `unnest(${arrays}) AS k(${names.join(', ')})`,
      values: keyColumns.map((_, i) => keys.map((key) => key[i])),
    };
  };
  // Rows are locked in key order ("C" collation, as JavaScript compares the ids), so two
  // transactions that touch the same rows wait for each other instead of deadlocking.
  const lockOrder = keyColumns.map((c) => (c === 'portal_id' ? c : `${c} COLLATE "C"`)).join(', ');
  const inKeyOrder = <K extends Key>(keys: readonly K[]) =>
    [...keys].sort((a, b) => compareKeys(table.keyOf(a), table.keyOf(b)));
  const due = (filter: DueFilter, from: number) => {
    const matches = Object.keys(filter.match).map((column, i) => `${column} = $${from + i}`);
    return {
      sql: [filter.extra, ...matches, 'next_attempt_at <= $1', 'leased_until <= $1'].join(' AND '),
      values: Object.values(filter.match),
    };
  };
  const deadLetterKey = (a: string) =>
    `d.portal_id = ${a}.portal_id AND d.object_type_id = ${table.deadLetterType(a)}
     AND d.object_id = ${table.deadLetterId(a)}`;
  const buryFrom = (using: string, where: string, attempts: string, error: string) =>
    `WITH gone AS (DELETE FROM ${name} p ${using} WHERE ${where} RETURNING p.*)
     INSERT INTO dead_letters
       (portal_id, object_type_id, object_id, attempts, first_queued_at, failed_at, last_error)
     SELECT g.portal_id, ${table.deadLetterType('g')}, ${table.deadLetterId('g')}, ${attempts},
       g.queued_at, $1, ${error} FROM gone g ${DEAD_LETTER_UPSERT}`;

  return {
    /**
     * Queues the keys (a new event each): a new row is served in the order of its first event
     * (seq), a queued one gets a newer version; a key named twice counts twice.
     */
    async queue(sql: Sql, keys: readonly Key[], nowMs: number): Promise<void> {
      if (keys.length === 0) return;
      const events = new Map<string, { key: KeyValues; events: number; seq: number }>();
      for (const key of keys) {
        const values = table.keyOf(key);
        const id = JSON.stringify(values);
        const known = events.get(id);
        if (known) known.events++;
        else events.set(id, { key: values, events: 1, seq: 0 });
      }
      // Seqs in the order of first events; the rows are then written (locked) in key order
      // across all chunks, so concurrent deliveries of the same contacts never deadlock.
      const { rows } = await sql.query<{ seq: number }>(
        `SELECT nextval(pg_get_serial_sequence('${name}', 'seq')) AS seq
         FROM generate_series(1, $1)`,
        [events.size],
      );
      const seqs = rows.map((row) => row.seq).sort((x, y) => x - y);
      const rowsToWrite = [...events.values()];
      rowsToWrite.forEach((row, i) => (row.seq = seqs[i]!));
      rowsToWrite.sort((x, y) => compareKeys(x.key, y.key));
      for (const chunk of chunks(rowsToWrite)) {
        const k = unnestValues(
          chunk.map((row) => row.key),
          2,
          [
            ['events', 'int'],
            ['seq', 'bigint'],
          ],
        );
        await sql.query(
          `INSERT INTO ${name} (${columns}, version, seq, queued_at)
           SELECT ${columns}, events, seq, $1 FROM ${k.sql} ORDER BY ${lockOrder}
           ON CONFLICT (${columns}) DO UPDATE SET version = ${name}.version + excluded.version`,
          [nowMs, ...k.values, chunk.map((row) => row.events), chunk.map((row) => row.seq)],
        );
      }
    },

    /** The claim columns of the oldest due row no one holds, locked; undefined if none. */
    async oldestDue(
      sql: Sql,
      nowMs: number,
      extra: string,
    ): Promise<Record<string, unknown> | undefined> {
      const { rows } = await sql.query(
        `SELECT ${table.batchColumns.join(', ')} FROM ${name}
         WHERE ${due({ extra, match: {} }, 2).sql}
         ORDER BY seq LIMIT 1 FOR UPDATE SKIP LOCKED`,
        [nowMs],
      );
      return rows[0];
    },

    /**
     * Leases up to `limit` due rows that match, oldest first, to `instanceId`. Rows another
     * transaction is leasing right now are skipped, not waited for; a row whose lease was
     * just committed no longer matches (PostgreSQL checks its newest version).
     */
    async lease<Row extends pg.QueryResultRow>(
      sql: Sql,
      filter: DueFilter,
      lease: { nowMs: number; limit: number; leaseMs: number; instanceId: string },
    ): Promise<Row[]> {
      const where = due(filter, 5);
      const { rows } = await sql.query<Row & { seq: number }>(
        `WITH picked AS (
           SELECT ${columns} FROM ${name} WHERE ${where.sql}
           ORDER BY seq LIMIT $2 FOR UPDATE SKIP LOCKED)
         UPDATE ${name} p SET leased_until = $3, leased_by = $4 FROM picked
         WHERE ${sameKey('p', 'picked')}
         RETURNING ${of('p')}, p.version, p.attempts, p.seq`,
        [lease.nowMs, lease.limit, lease.nowMs + lease.leaseMs, lease.instanceId, ...where.values],
      );
      return rows.sort((a, b) => a.seq - b.seq);
    },

    /**
     * Deletes each claimed row whose version is unchanged; a row a newer event touched stays,
     * and this instance's lease on it ends so it runs again.
     */
    async finish(
      sql: Sql,
      claims: readonly (Key & { version: number })[],
      instanceId: string,
    ): Promise<void> {
      for (const chunk of chunks(inKeyOrder(claims))) {
        const k = unnestKeys(chunk, 1, [['version', 'int']]);
        await sql.query(
          `DELETE FROM ${name} p USING ${k.sql} WHERE ${sameKey('p', 'k')} AND p.version = k.version`,
          [...k.values, chunk.map((c) => c.version)],
        );
        const held = unnestKeys(chunk, 2);
        await sql.query(
          `UPDATE ${name} p SET leased_until = 0, leased_by = NULL FROM ${held.sql}
           WHERE ${sameKey('p', 'k')} AND p.leased_by = $1`,
          [instanceId, ...held.values],
        );
      }
    },

    /**
     * Counts a failed attempt and sets the retry time (and `set`'s columns); the rows that
     * used up their attempts or their day (isExhausted, as in SQLite) go to the dead letters.
     */
    async retry(
      sql: Sql,
      keys: readonly Key[],
      failure: FailedAttempt & { limits: RetryLimits },
      set: Record<string, unknown> = {},
    ): Promise<Retried> {
      const exhausted: KeyValues[] = [];
      const more = Object.keys(set).map((column, i) => `, ${column} = $${4 + i}`);
      for (const chunk of chunks(inKeyOrder(keys))) {
        const k = unnestKeys(chunk, 4 + more.length);
        const { rows } = await sql.query<RetriedRow>(
          `UPDATE ${name} p SET attempts = p.attempts + 1, next_attempt_at = $1,
             leased_until = 0, leased_by = NULL, last_error = $2, failed_at = $3${more.join('')}
           FROM ${k.sql} WHERE ${sameKey('p', 'k')}
           RETURNING ${of('p')}, p.attempts, p.queued_at`,
          [failure.retryAtMs, failure.error, failure.nowMs, ...Object.values(set), ...k.values],
        );
        for (const row of rows) {
          if (isExhausted(row, failure.limits, failure.nowMs)) {
            exhausted.push(keyColumns.map((column) => row[column]!));
          }
        }
      }
      let deadLettered = 0;
      for (const chunk of chunks(exhausted.sort(compareKeys))) {
        const k = unnestValues(chunk, 2);
        const result = await sql.query(
          buryFrom(`USING ${k.sql}`, sameKey('p', 'k'), 'g.attempts', "COALESCE(g.last_error, '')"),
          [failure.nowMs, ...k.values],
        );
        deadLettered += result.rowCount ?? 0;
      }
      return { deadLettered };
    },

    /** All the account's queued rows to the dead letters, one error for all. */
    async buryPortal(sql: Sql, portalId: number, error: string, nowMs: number): Promise<number> {
      const result = await sql.query(buryFrom('', 'p.portal_id = $2', 'g.attempts + 1', '$3'), [
        nowMs,
        portalId,
        error,
      ]);
      return result.rowCount ?? 0;
    },

    /** Deletes the queued rows of these keys. */
    async delete(sql: Sql, keys: readonly Key[]): Promise<void> {
      for (const chunk of chunks(inKeyOrder(keys))) {
        const k = unnestKeys(chunk, 1);
        await sql.query(
          `DELETE FROM ${name} p USING ${k.sql} WHERE ${sameKey('p', 'k')}`,
          k.values,
        );
      }
    },

    /** Deletes the dead letters of these keys (queued again, or deleted). */
    async forgetDeadLetters(sql: Sql, keys: readonly Key[]): Promise<void> {
      for (const chunk of chunks(inKeyOrder(keys))) {
        const k = unnestKeys(chunk, 1);
        await sql.query(
          `DELETE FROM dead_letters d USING ${k.sql} WHERE ${deadLetterKey('k')}`,
          k.values,
        );
      }
    },

    async deletePortal(sql: Sql, portalId: number): Promise<number> {
      return (
        (await sql.query(`DELETE FROM ${name} WHERE portal_id = $1`, [portalId])).rowCount ?? 0
      );
    },
  };
}

/** Portal ids as numbers, ids as "C" collation compares them (code units, for our ids). */
function compareKeys(x: KeyValues, y: KeyValues): number {
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return 0;
}
