import type { ContactKey } from '../pipeline/triage-events.ts';
import { CONTACT_OBJECT_TYPE_ID } from '../pipeline/engagement-types.ts';
import type { StoreDatabase } from './database.ts';
import {
  createDeadLetters,
  DEFAULT_RETRY_LIMITS,
  isExhausted,
  type FailedRow,
  type RetryLimits,
} from './dead-letters.ts';
import { createQueueStatus } from './queue-status.ts';
import {
  toContactClaim,
  toEngagementClaim,
  type ContactRow,
  type EngagementRow,
} from './queue-rows.ts';
import type {
  ContactClaim,
  EngagementClaim,
  FailedAttempt,
  QueueCounts,
  QueuedWork,
  WorkQueue,
} from './work-queue.ts';

/** The work queue in the embedded SQLite store (see work-queue.ts for what each call does). */

export function createWorkQueue(
  db: StoreDatabase,
  options: { retryLimits?: RetryLimits } = {},
): WorkQueue {
  const limits = options.retryLimits ?? DEFAULT_RETRY_LIMITS;
  const deadLetters = createDeadLetters(db);
  const status = createQueueStatus(db);
  const insertContact = db.prepare(
    `INSERT INTO pending_contacts (portal_id, contact_id, queued_at) VALUES (?, ?, ?)
     ON CONFLICT (portal_id, contact_id) DO UPDATE SET version = version + 1`,
  );
  const insertEngagement = db.prepare(
    `INSERT INTO pending_engagements (portal_id, object_type_id, object_id, queued_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (portal_id, object_type_id, object_id) DO UPDATE SET version = version + 1`,
  );
  const deleteContact = db.prepare(
    'DELETE FROM pending_contacts WHERE portal_id = ? AND contact_id = ?',
  );
  const oldestDueAlone = db.prepare<[number, number], ContactRow>(
    `SELECT portal_id, contact_id, version, attempts FROM pending_contacts
     WHERE alone = 1 AND next_attempt_at <= ? AND leased_until <= ? ORDER BY rowid LIMIT 1`,
  );
  const oldestDueContact = db.prepare<[number, number], ContactRow>(
    `SELECT portal_id, contact_id, version, attempts FROM pending_contacts
     WHERE alone = 0 AND next_attempt_at <= ? AND leased_until <= ? ORDER BY rowid LIMIT 1`,
  );
  const dueContactsOfPortal = db.prepare<[number, number, number, number], ContactRow>(
    `SELECT portal_id, contact_id, version, attempts FROM pending_contacts
     WHERE portal_id = ? AND alone = 0 AND next_attempt_at <= ? AND leased_until <= ?
     ORDER BY rowid LIMIT ?`,
  );
  const leaseContact = db.prepare(
    'UPDATE pending_contacts SET leased_until = ? WHERE portal_id = ? AND contact_id = ?',
  );
  const finishContact = db.prepare(
    'DELETE FROM pending_contacts WHERE portal_id = ? AND contact_id = ? AND version = ?',
  );
  const retryContact = db.prepare<[number, string, number, number, number, string], FailedRow>(
    `UPDATE pending_contacts SET attempts = attempts + 1, next_attempt_at = ?, leased_until = 0,
       last_error = ?, failed_at = ?, alone = ? WHERE portal_id = ? AND contact_id = ?
     RETURNING attempts, queued_at`,
  );
  const oldestDueEngagement = db.prepare<[number, number], EngagementRow>(
    `SELECT portal_id, object_type_id, object_id, version, attempts FROM pending_engagements
     WHERE next_attempt_at <= ? AND leased_until <= ? ORDER BY rowid LIMIT 1`,
  );
  const dueEngagementsOfType = db.prepare<[number, string, number, number, number], EngagementRow>(
    `SELECT portal_id, object_type_id, object_id, version, attempts FROM pending_engagements
     WHERE portal_id = ? AND object_type_id = ? AND next_attempt_at <= ? AND leased_until <= ?
     ORDER BY rowid LIMIT ?`,
  );
  const leaseEngagement = db.prepare(
    `UPDATE pending_engagements SET leased_until = ?
     WHERE portal_id = ? AND object_type_id = ? AND object_id = ?`,
  );
  const finishEngagement = db.prepare(
    `DELETE FROM pending_engagements
     WHERE portal_id = ? AND object_type_id = ? AND object_id = ? AND version = ?`,
  );
  const releaseEngagement = db.prepare(
    `UPDATE pending_engagements SET leased_until = 0
     WHERE portal_id = ? AND object_type_id = ? AND object_id = ?`,
  );
  const retryEngagement = db.prepare<[number, string, number, number, string, string], FailedRow>(
    `UPDATE pending_engagements SET attempts = attempts + 1, next_attempt_at = ?, leased_until = 0,
       last_error = ?, failed_at = ? WHERE portal_id = ? AND object_type_id = ? AND object_id = ?
     RETURNING attempts, queued_at`,
  );
  const releaseContact = db.prepare(
    'UPDATE pending_contacts SET leased_until = 0 WHERE portal_id = ? AND contact_id = ?',
  );
  const nextDue = db.prepare<[], { due: number | null }>(
    `SELECT MIN(due) AS due FROM (
       SELECT MAX(next_attempt_at, leased_until) AS due FROM pending_contacts
       UNION ALL SELECT MAX(next_attempt_at, leased_until) FROM pending_engagements)`,
  );
  const deletePortalContacts = db.prepare('DELETE FROM pending_contacts WHERE portal_id = ?');
  const deletePortalEngagements = db.prepare('DELETE FROM pending_engagements WHERE portal_id = ?');
  const countRows = db.prepare<[], QueueCounts>(
    `SELECT (SELECT COUNT(*) FROM pending_contacts) AS contacts,
            (SELECT COUNT(*) FROM pending_engagements) AS engagements,
            (SELECT COUNT(*) FROM pending_contacts WHERE attempts > 0)
              + (SELECT COUNT(*) FROM pending_engagements WHERE attempts > 0) AS retrying`,
  );

  // Queued again by a new event: the new attempts decide, not the old dead letter.
  const queueContacts = (contacts: readonly ContactKey[], nowMs: number) => {
    for (const c of contacts) {
      insertContact.run(c.portalId, c.contactId, nowMs);
      deadLetters.forget(c.portalId, CONTACT_OBJECT_TYPE_ID, c.contactId);
    }
  };
  const forgetContact = (c: ContactKey) => {
    deleteContact.run(c.portalId, c.contactId);
    deadLetters.forget(c.portalId, CONTACT_OBJECT_TYPE_ID, c.contactId);
  };

  // better-sqlite3 runs each transaction synchronously, so it is atomic however the caller
  // awaits; the promises are the store contract's, which PostgreSQL needs.
  const enqueue = db.transaction((work: QueuedWork, nowMs: number) => {
    for (const c of work.forget) forgetContact(c);
    queueContacts(work.rescore, nowMs);
    for (const e of work.engagements) {
      insertEngagement.run(e.portalId, e.objectTypeId, e.objectId, nowMs);
      deadLetters.forget(e.portalId, e.objectTypeId, e.objectId);
    }
  });

  const claimContacts = db.transaction((nowMs: number, limit: number, leaseMs: number) => {
    const alone = oldestDueAlone.get(nowMs, nowMs);
    const first = alone ?? oldestDueContact.get(nowMs, nowMs);
    if (first === undefined) return [];
    const rows = alone ? [alone] : dueContactsOfPortal.all(first.portal_id, nowMs, nowMs, limit);
    for (const row of rows) leaseContact.run(nowMs + leaseMs, row.portal_id, row.contact_id);
    return rows.map(toContactClaim);
  });

  const finishContacts = db.transaction((claims: readonly ContactClaim[]) => {
    for (const c of claims) {
      const done = finishContact.run(c.portalId, c.contactId, c.version).changes === 1;
      if (!done) releaseContact.run(c.portalId, c.contactId);
    }
  });

  const retryContacts = db.transaction(
    (claims: readonly ContactClaim[], failure: FailedAttempt & { oneByOne: boolean }) => {
      const { retryAtMs, nowMs, error, oneByOne } = failure;
      let deadLettered = 0;
      for (const c of claims) {
        const row = retryContact.get(
          retryAtMs,
          error,
          nowMs,
          oneByOne ? 1 : 0,
          c.portalId,
          c.contactId,
        );
        if (row === undefined || !isExhausted(row, limits, nowMs)) continue;
        if (deadLetters.buryContact(c.portalId, c.contactId, nowMs)) deadLettered++;
      }
      return { deadLettered };
    },
  );

  const claimEngagements = db.transaction((nowMs: number, limit: number, leaseMs: number) => {
    const first = oldestDueEngagement.get(nowMs, nowMs);
    if (first === undefined) return [];
    const rows = dueEngagementsOfType.all(
      first.portal_id,
      first.object_type_id,
      nowMs,
      nowMs,
      limit,
    );
    for (const row of rows) {
      leaseEngagement.run(nowMs + leaseMs, row.portal_id, row.object_type_id, row.object_id);
    }
    return rows.map(toEngagementClaim);
  });

  const finishEngagements = db.transaction(
    (claims: readonly EngagementClaim[], contacts: readonly ContactKey[], nowMs: number) => {
      queueContacts(contacts, nowMs);
      for (const e of claims) {
        const done =
          finishEngagement.run(e.portalId, e.objectTypeId, e.objectId, e.version).changes === 1;
        if (!done) releaseEngagement.run(e.portalId, e.objectTypeId, e.objectId);
      }
    },
  );

  const retryEngagements = db.transaction(
    (claims: readonly EngagementClaim[], failure: FailedAttempt) => {
      const { retryAtMs, nowMs, error } = failure;
      let deadLettered = 0;
      for (const e of claims) {
        const row = retryEngagement.get(
          retryAtMs,
          error,
          nowMs,
          e.portalId,
          e.objectTypeId,
          e.objectId,
        );
        if (row === undefined || !isExhausted(row, limits, nowMs)) continue;
        if (deadLetters.buryEngagement(e.portalId, e.objectTypeId, e.objectId, nowMs)) {
          deadLettered++;
        }
      }
      return { deadLettered };
    },
  );

  const forgetContacts = db.transaction((contacts: readonly ContactKey[]) => {
    for (const c of contacts) forgetContact(c);
  });

  const forgetPortal = db.transaction((portalId: number) => {
    deadLetters.forgetPortal(portalId);
    return {
      contacts: deletePortalContacts.run(portalId).changes,
      engagements: deletePortalEngagements.run(portalId).changes,
    };
  });

  const buryPortal = db.transaction((portalId: number, error: string, nowMs: number) =>
    deadLetters.buryPortal(portalId, error, nowMs),
  );

  const requeueDeadLetters = db.transaction((nowMs: number, portalId?: number) =>
    deadLetters.requeue(nowMs, portalId),
  );

  return {
    enqueue: async (work, nowMs) => enqueue(work, nowMs),
    claimContacts: async (nowMs, limit, leaseMs) => claimContacts(nowMs, limit, leaseMs),
    finishContacts: async (claims) => finishContacts(claims),
    retryContacts: async (claims, failure) => retryContacts(claims, failure),
    claimEngagements: async (nowMs, limit, leaseMs) => claimEngagements(nowMs, limit, leaseMs),
    finishEngagements: async (claims, contacts, nowMs) =>
      finishEngagements(claims, contacts, nowMs),
    retryEngagements: async (claims, failure) => retryEngagements(claims, failure),
    forgetContacts: async (contacts) => forgetContacts(contacts),
    forgetPortal: async (portalId) => forgetPortal(portalId),
    buryPortal: async (portalId, error, nowMs) => buryPortal(portalId, error, nowMs),
    requeueDeadLetters: async (nowMs, portalId) => requeueDeadLetters(nowMs, portalId),
    deadLetters: async (filter) => deadLetters.list(filter),
    status: async (nowMs, failedSinceMs) => status(nowMs, failedSinceMs),
    releaseLeases: async () => {
      db.exec(
        'UPDATE pending_contacts SET leased_until = 0; UPDATE pending_engagements SET leased_until = 0;',
      );
    },
    nextDueAt: async () => nextDue.get()?.due ?? undefined,
    counts: async () => countRows.get()!,
  };
}
