import { CONTACT_OBJECT_TYPE_ID } from '../pipeline/engagement-types.ts';
import type { StoreDatabase } from './database.ts';

/**
 * Where work goes that retrying will not fix: a contact or engagement that failed
 * `MAX_ATTEMPTS` times, or is still queued a day after its first event (HubSpot itself gives
 * up on a webhook after 24 h), and all the work of an account whose stored tokens cannot be
 * decrypted. Each row keeps its last error, so an operator can see why, and
 * `recruitment-score retry-failed` queues it again once the cause is fixed.
 */

/**
 * Attempts before a row is given up. With the worker's backoff (10 s doubling, at most 30 min)
 * the nine waits between ten attempts add up to about 85 minutes of outage.
 */
export const MAX_ATTEMPTS = 10;
/** Age after which a still-failing row is given up, however few its attempts. */
export const MAX_QUEUED_MS = 24 * 60 * 60 * 1000;

export interface RetryLimits {
  maxAttempts: number;
  maxQueuedMs: number;
}

export const DEFAULT_RETRY_LIMITS: RetryLimits = {
  maxAttempts: MAX_ATTEMPTS,
  maxQueuedMs: MAX_QUEUED_MS,
};

export interface DeadLetter {
  portalId: number;
  kind: 'contact' | 'engagement';
  /** '0-1' for a contact, else the engagement's type ('0-48' a call, '0-47' a meeting...). */
  objectTypeId: string;
  objectId: string;
  attempts: number;
  firstQueuedAt: number;
  failedAt: number;
  lastError: string;
}

export interface DeadLetterCounts {
  contacts: number;
  engagements: number;
}

/** A queued row's failure record, as its retry left it. */
export interface FailedRow {
  attempts: number;
  queued_at: number;
}

/**
 * Whether a row that just failed is given up: out of attempts, or queued a day ago. Both
 * engines decide with this after their retry update, and bury the rows it names.
 */
export function isExhausted(row: FailedRow, limits: RetryLimits, nowMs: number): boolean {
  return row.attempts >= limits.maxAttempts || row.queued_at <= nowMs - limits.maxQueuedMs;
}

export interface DeadLetterRow {
  portal_id: number;
  object_type_id: string;
  object_id: string;
  attempts: number;
  first_queued_at: number;
  failed_at: number;
  last_error: string;
}

/** A row buried again replaces its old dead letter (SQL both engines run). */
export const DEAD_LETTER_UPSERT = `ON CONFLICT (portal_id, object_type_id, object_id) DO UPDATE SET
  attempts = excluded.attempts, first_queued_at = excluded.first_queued_at,
  failed_at = excluded.failed_at, last_error = excluded.last_error`;

/** The SQLite statements behind dead letters; the work queue runs them in its transactions. */
export function createDeadLetters(db: StoreDatabase) {
  const buryContact = db.prepare(
    `INSERT INTO dead_letters SELECT portal_id, '${CONTACT_OBJECT_TYPE_ID}', contact_id, attempts,
       queued_at, @now, COALESCE(last_error, '') FROM pending_contacts
     WHERE portal_id = @portalId AND contact_id = @objectId ${DEAD_LETTER_UPSERT}`,
  );
  const dropContact = db.prepare(
    'DELETE FROM pending_contacts WHERE portal_id = @portalId AND contact_id = @objectId',
  );
  const buryEngagement = db.prepare(
    `INSERT INTO dead_letters SELECT portal_id, object_type_id, object_id, attempts, queued_at,
       @now, COALESCE(last_error, '') FROM pending_engagements
     WHERE portal_id = @portalId AND object_type_id = @objectTypeId AND object_id = @objectId
     ${DEAD_LETTER_UPSERT}`,
  );
  const dropEngagement = db.prepare(
    `DELETE FROM pending_engagements WHERE portal_id = @portalId AND object_type_id = @objectTypeId
       AND object_id = @objectId`,
  );
  const buryPortalContacts = db.prepare(
    `INSERT INTO dead_letters SELECT portal_id, '${CONTACT_OBJECT_TYPE_ID}', contact_id,
       attempts + 1, queued_at, @now, @error FROM pending_contacts WHERE portal_id = @portalId
       ${DEAD_LETTER_UPSERT}`,
  );
  const buryPortalEngagements = db.prepare(
    `INSERT INTO dead_letters SELECT portal_id, object_type_id, object_id, attempts + 1, queued_at,
       @now, @error FROM pending_engagements WHERE portal_id = @portalId ${DEAD_LETTER_UPSERT}`,
  );
  const dropPortalContacts = db.prepare('DELETE FROM pending_contacts WHERE portal_id = ?');
  const dropPortalEngagements = db.prepare('DELETE FROM pending_engagements WHERE portal_id = ?');
  const requeueContacts = db.prepare(
    `INSERT INTO pending_contacts (portal_id, contact_id, queued_at)
     SELECT portal_id, object_id, @now FROM dead_letters
     WHERE object_type_id = '${CONTACT_OBJECT_TYPE_ID}' AND (@portalId IS NULL OR portal_id = @portalId)
     ORDER BY failed_at, rowid
     ON CONFLICT (portal_id, contact_id) DO UPDATE SET version = version + 1`,
  );
  const requeueEngagements = db.prepare(
    `INSERT INTO pending_engagements (portal_id, object_type_id, object_id, queued_at)
     SELECT portal_id, object_type_id, object_id, @now FROM dead_letters
     WHERE object_type_id <> '${CONTACT_OBJECT_TYPE_ID}' AND (@portalId IS NULL OR portal_id = @portalId)
     ORDER BY failed_at, rowid
     ON CONFLICT (portal_id, object_type_id, object_id) DO UPDATE SET version = version + 1`,
  );
  const countOf = db.prepare<{ portalId: number | null }, DeadLetterCounts>(
    `SELECT COALESCE(SUM(object_type_id = '${CONTACT_OBJECT_TYPE_ID}'), 0) AS contacts,
            COALESCE(SUM(object_type_id <> '${CONTACT_OBJECT_TYPE_ID}'), 0) AS engagements
     FROM dead_letters WHERE @portalId IS NULL OR portal_id = @portalId`,
  );
  const deleteOf = db.prepare(
    'DELETE FROM dead_letters WHERE @portalId IS NULL OR portal_id = @portalId',
  );
  const forgetOne = db.prepare(
    'DELETE FROM dead_letters WHERE portal_id = ? AND object_type_id = ? AND object_id = ?',
  );
  const newestFirst = db.prepare<{ portalId: number | null; limit: number }, DeadLetterRow>(
    `SELECT * FROM dead_letters WHERE @portalId IS NULL OR portal_id = @portalId
     ORDER BY failed_at DESC, portal_id, object_type_id, object_id LIMIT @limit`,
  );
  return {
    /** Moves the queued contact to the dead letters (see isExhausted for when). */
    buryContact(portalId: number, objectId: string, now: number): boolean {
      const args = { portalId, objectId, now };
      buryContact.run(args);
      return dropContact.run(args).changes === 1;
    },
    buryEngagement(portalId: number, objectTypeId: string, objectId: string, now: number): boolean {
      const args = { portalId, objectTypeId, objectId, now };
      buryEngagement.run(args);
      return dropEngagement.run(args).changes === 1;
    },
    /** Every queued row of the account, with one error (its work cannot run at all). */
    buryPortal(portalId: number, error: string, now: number): DeadLetterCounts {
      buryPortalContacts.run({ portalId, error, now });
      buryPortalEngagements.run({ portalId, error, now });
      return {
        contacts: dropPortalContacts.run(portalId).changes,
        engagements: dropPortalEngagements.run(portalId).changes,
      };
    },
    /** Back into the queue with fresh attempts; a row queued meanwhile keeps its place. */
    requeue(now: number, portalId: number | undefined): DeadLetterCounts {
      const filter = { portalId: portalId ?? null };
      const counts = countOf.get(filter)!;
      requeueContacts.run({ ...filter, now });
      requeueEngagements.run({ ...filter, now });
      deleteOf.run(filter);
      return counts;
    },
    counts: (portalId?: number): DeadLetterCounts => countOf.get({ portalId: portalId ?? null })!,
    list(options: { portalId?: number | undefined; limit?: number | undefined } = {}) {
      return newestFirst
        .all({ portalId: options.portalId ?? null, limit: options.limit ?? -1 })
        .map(toDeadLetter);
    },
    /** A deleted contact, or work queued again by a new event, leaves no dead letter behind. */
    forget: (portalId: number, objectTypeId: string, objectId: string) => {
      forgetOne.run(portalId, objectTypeId, objectId);
    },
    forgetPortal: (portalId: number): number => deleteOf.run({ portalId }).changes,
  };
}

export type DeadLetterStatements = ReturnType<typeof createDeadLetters>;

/** A dead_letters row as the contract's DeadLetter (both engines). */
export function toDeadLetter(row: DeadLetterRow): DeadLetter {
  return {
    portalId: row.portal_id,
    kind: row.object_type_id === CONTACT_OBJECT_TYPE_ID ? 'contact' : 'engagement',
    objectTypeId: row.object_type_id,
    objectId: row.object_id,
    attempts: row.attempts,
    firstQueuedAt: row.first_queued_at,
    failedAt: row.failed_at,
    lastError: row.last_error,
  };
}
