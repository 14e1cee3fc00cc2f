import type { StoreDatabase } from './database.ts';
import type { DeadLetterCounts } from './dead-letters.ts';

/**
 * What an operator (and `/readyz`) needs to know about the queue, from real queries: how much
 * is waiting, for how long, what is failing for which account, and what was given up.
 */

export interface FailingAccount {
  portalId: number;
  /** The newest error of the account's failed rows. */
  lastError: string;
  failedAt: number;
  /** Queued rows that failed (in the window) plus dead letters. */
  rows: number;
  deadLetters: number;
}

export interface QueueStatus {
  queued: { contacts: number; engagements: number };
  /** Epoch ms of the first event of the oldest queued row; undefined when nothing is queued. */
  oldestQueuedAt: number | undefined;
  /** Rows waiting for a retry after a failure. */
  retrying: number;
  /** Rows nobody holds that could be claimed now, and since when the longest-waiting is due. */
  due: { rows: number; since: number | undefined };
  deadLetters: DeadLetterCounts;
  /** Accounts with rows that failed since `failedSince`, or with dead letters; newest first. */
  failingAccounts: FailingAccount[];
}

/** The queue's totals as both engines' status queries return them. */
export interface StatusTotals {
  contacts: number;
  engagements: number;
  oldest: number | null;
  retrying: number;
  due_rows: number;
  due_since: number | null;
  dead_contacts: number;
  dead_engagements: number;
}

/** One failing account's row, as both engines' status queries return it. */
export interface FailingRow {
  portal_id: number;
  last_error: string | null;
  failed_at: number;
  rows: number;
  dead: number;
}

/** The SQLite store's status queries. */
export function createQueueStatus(db: StoreDatabase) {
  // A row is due when its retry time passed and no lease holds it; it has been due since the
  // latest of its first event, its retry time and its lease's end.
  const totals = db.prepare<{ now: number }, StatusTotals>(
    `WITH queued AS (
       SELECT 1 AS contact, queued_at, attempts, next_attempt_at, leased_until FROM pending_contacts
       UNION ALL
       SELECT 0, queued_at, attempts, next_attempt_at, leased_until FROM pending_engagements)
     SELECT COALESCE(SUM(contact), 0) AS contacts,
            COALESCE(SUM(1 - contact), 0) AS engagements,
            MIN(queued_at) AS oldest,
            COALESCE(SUM(attempts > 0), 0) AS retrying,
            COALESCE(SUM(next_attempt_at <= @now AND leased_until <= @now), 0) AS due_rows,
            MIN(CASE WHEN next_attempt_at <= @now AND leased_until <= @now
                     THEN MAX(queued_at, next_attempt_at, leased_until) END) AS due_since,
            (SELECT COUNT(*) FROM dead_letters WHERE object_type_id = '0-1') AS dead_contacts,
            (SELECT COUNT(*) FROM dead_letters WHERE object_type_id <> '0-1') AS dead_engagements
     FROM queued`,
  );
  // SQLite takes a bare column (last_error) from the row that holds the MAX(failed_at).
  const failing = db.prepare<{ since: number }, FailingRow>(
    `WITH failures AS (
       SELECT portal_id, failed_at, last_error, 0 AS dead FROM pending_contacts
         WHERE failed_at >= @since
       UNION ALL SELECT portal_id, failed_at, last_error, 0 FROM pending_engagements
         WHERE failed_at >= @since
       UNION ALL SELECT portal_id, failed_at, last_error, 1 FROM dead_letters)
     SELECT portal_id, last_error, MAX(failed_at) AS failed_at, COUNT(*) AS rows, SUM(dead) AS dead
     FROM failures GROUP BY portal_id ORDER BY failed_at DESC, portal_id`,
  );

  return (now: number, failedSince: number): QueueStatus =>
    toQueueStatus(totals.get({ now })!, failing.all({ since: failedSince }));
}

export function toQueueStatus(t: StatusTotals, failing: readonly FailingRow[]): QueueStatus {
  return {
    queued: { contacts: t.contacts, engagements: t.engagements },
    oldestQueuedAt: t.oldest ?? undefined,
    retrying: t.retrying,
    due: { rows: t.due_rows, since: t.due_since ?? undefined },
    deadLetters: { contacts: t.dead_contacts, engagements: t.dead_engagements },
    failingAccounts: failing.map((row) => ({
      portalId: row.portal_id,
      lastError: row.last_error ?? '',
      failedAt: row.failed_at,
      rows: row.rows,
      deadLetters: row.dead,
    })),
  };
}
