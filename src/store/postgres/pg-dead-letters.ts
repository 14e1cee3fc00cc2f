import { CONTACT_OBJECT_TYPE_ID } from '../../pipeline/engagement-types.ts';
import {
  toDeadLetter,
  type DeadLetter,
  type DeadLetterCounts,
  type DeadLetterRow,
} from '../dead-letters.ts';
import type { Sql } from './pg-queue-table.ts';

/**
 * The dead letters in PostgreSQL (see ../dead-letters.ts for what they are): requeue, list
 * and an account's removal. Burying is the queue tables' (pg-queue-table.ts).
 */

const CONTACT = `'${CONTACT_OBJECT_TYPE_ID}'`;

/**
 * Back into the queue with fresh attempts, oldest failure first; a row queued meanwhile keeps
 * its place. One statement: the dead letters it deletes are exactly the ones it queues, even
 * while another instance buries more.
 */
export async function requeueDeadLetters(
  sql: Sql,
  nowMs: number,
  portalId: number | undefined,
): Promise<DeadLetterCounts> {
  const { rows } = await sql.query<DeadLetterCounts>(
    `WITH gone AS (
       DELETE FROM dead_letters WHERE $2::bigint IS NULL OR portal_id = $2 RETURNING *),
     contacts AS (
       INSERT INTO pending_contacts (portal_id, contact_id, queued_at)
       SELECT portal_id, object_id, $1 FROM gone WHERE object_type_id = ${CONTACT}
       ORDER BY failed_at, portal_id, object_id COLLATE "C"
       ON CONFLICT (portal_id, contact_id) DO UPDATE SET version = pending_contacts.version + 1),
     engagements AS (
       INSERT INTO pending_engagements (portal_id, object_type_id, object_id, queued_at)
       SELECT portal_id, object_type_id, object_id, $1 FROM gone WHERE object_type_id <> ${CONTACT}
       ORDER BY failed_at, portal_id, object_type_id, object_id COLLATE "C"
       ON CONFLICT (portal_id, object_type_id, object_id)
         DO UPDATE SET version = pending_engagements.version + 1)
     SELECT count(*) FILTER (WHERE object_type_id = ${CONTACT})::int AS contacts,
            count(*) FILTER (WHERE object_type_id <> ${CONTACT})::int AS engagements
     FROM gone`,
    [nowMs, portalId ?? null],
  );
  return rows[0]!;
}

/** Newest first. */
export async function listDeadLetters(
  sql: Sql,
  options: { portalId?: number | undefined; limit?: number | undefined } = {},
): Promise<DeadLetter[]> {
  const { rows } = await sql.query<DeadLetterRow>(
    `SELECT * FROM dead_letters WHERE $1::bigint IS NULL OR portal_id = $1
     ORDER BY failed_at DESC, portal_id, object_type_id, object_id LIMIT $2`,
    [options.portalId ?? null, options.limit ?? null],
  );
  return rows.map(toDeadLetter);
}

export async function forgetPortalDeadLetters(sql: Sql, portalId: number): Promise<void> {
  await sql.query('DELETE FROM dead_letters WHERE portal_id = $1', [portalId]);
}
