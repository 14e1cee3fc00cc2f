import { CONTACT_OBJECT_TYPE_ID } from '../../pipeline/engagement-types.ts';
import {
  toQueueStatus,
  type FailingRow,
  type QueueStatus,
  type StatusTotals,
} from '../queue-status.ts';
import type { QueueCounts } from '../work-queue.ts';
import type { Sql } from './pg-queue-table.ts';

/**
 * What the PostgreSQL queue holds, for an operator and `/readyz` (see ../queue-status.ts):
 * the same figures as the SQLite store's, from one database all instances share.
 */

const CONTACT = `'${CONTACT_OBJECT_TYPE_ID}'`;

/** Both queue tables as one: `contact` tells which a row is in. */
const QUEUED = `(SELECT TRUE AS contact, portal_id, queued_at, attempts, next_attempt_at, leased_until,
                   failed_at, last_error FROM pending_contacts
                 UNION ALL
                 SELECT FALSE, portal_id, queued_at, attempts, next_attempt_at, leased_until,
                   failed_at, last_error FROM pending_engagements)`;

export async function pgQueueStatus(
  sql: Sql,
  nowMs: number,
  failedSinceMs: number,
): Promise<QueueStatus> {
  // Due: its retry time passed and no lease holds it; due since the latest of its first
  // event, its retry time and its lease's end.
  const isDue = 'next_attempt_at <= $1 AND leased_until <= $1';
  const totals = await sql.query<StatusTotals>(
    `SELECT count(*) FILTER (WHERE contact)::int AS contacts,
            count(*) FILTER (WHERE NOT contact)::int AS engagements,
            min(queued_at) AS oldest,
            count(*) FILTER (WHERE attempts > 0)::int AS retrying,
            count(*) FILTER (WHERE ${isDue})::int AS due_rows,
            min(GREATEST(queued_at, next_attempt_at, leased_until)) FILTER (WHERE ${isDue})
              AS due_since,
            (SELECT count(*) FROM dead_letters WHERE object_type_id = ${CONTACT})::int
              AS dead_contacts,
            (SELECT count(*) FROM dead_letters WHERE object_type_id <> ${CONTACT})::int
              AS dead_engagements
     FROM ${QUEUED} queued`,
    [nowMs],
  );
  // The newest error of each account: among its failures, the one failed last.
  const failing = await sql.query<FailingRow>(
    `SELECT portal_id, (array_agg(last_error ORDER BY failed_at DESC, dead DESC))[1] AS last_error,
            max(failed_at) AS failed_at, count(*)::int AS rows,
            count(*) FILTER (WHERE dead)::int AS dead
     FROM (SELECT portal_id, failed_at, last_error, FALSE AS dead FROM ${QUEUED} queued
             WHERE failed_at >= $1
           UNION ALL SELECT portal_id, failed_at, last_error, TRUE FROM dead_letters) failures
     GROUP BY portal_id ORDER BY max(failed_at) DESC, portal_id`,
    [failedSinceMs],
  );
  return toQueueStatus(totals.rows[0]!, failing.rows);
}

/** When the earliest row not yet claimable becomes due; undefined when the queue is empty. */
export async function pgNextDueAt(sql: Sql): Promise<number | undefined> {
  const { rows } = await sql.query<{ due: number | null }>(
    `SELECT min(GREATEST(next_attempt_at, leased_until)) AS due FROM ${QUEUED} queued`,
  );
  return rows[0]!.due ?? undefined;
}

export async function pgQueueCounts(sql: Sql): Promise<QueueCounts> {
  const { rows } = await sql.query<QueueCounts>(
    `SELECT count(*) FILTER (WHERE contact)::int AS contacts,
            count(*) FILTER (WHERE NOT contact)::int AS engagements,
            count(*) FILTER (WHERE attempts > 0)::int AS retrying
     FROM ${QUEUED} queued`,
  );
  return rows[0]!;
}
