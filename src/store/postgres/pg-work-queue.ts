import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { ContactKey } from '../../pipeline/triage-events.ts';
import { DEFAULT_RETRY_LIMITS, type RetryLimits } from '../dead-letters.ts';
import { toContactClaim, toEngagementClaim, type ContactRow } from '../queue-rows.ts';
import type { WorkQueue } from '../work-queue.ts';
import type { PgDatabase } from './pg-database.ts';
import { forgetPortalDeadLetters, listDeadLetters, requeueDeadLetters } from './pg-dead-letters.ts';
import { pgNextDueAt, pgQueueCounts, pgQueueStatus } from './pg-queue-status.ts';
import { CONTACTS, ENGAGEMENTS, queueTableStatements, type Sql } from './pg-queue-table.ts';

/**
 * The work queue in PostgreSQL, shared by several instances (see ../work-queue.ts for what
 * each call does; the behaviour is the SQLite queue's). A claim leases rows with
 * `FOR UPDATE SKIP LOCKED` inside a transaction, so two instances claiming at once never get
 * the same row, and neither waits for the other; each queue writes its own instance id into
 * `leased_by`, and `releaseLeases` frees only those leases (a killed instance's run out).
 */

/** PostgreSQL's deadlock_detected: the transaction was chosen to give way; run it again. */
const DEADLOCK = '40P01';
const TRANSACTION_ATTEMPTS = 3;

export function createPgWorkQueue(
  db: PgDatabase,
  options: { retryLimits?: RetryLimits } = {},
): WorkQueue {
  const limits = options.retryLimits ?? DEFAULT_RETRY_LIMITS;
  const instanceId = randomUUID();
  const contacts = queueTableStatements(CONTACTS);
  const engagements = queueTableStatements(ENGAGEMENTS);
  const pool: Sql = db;

  async function transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await db.transaction(fn);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (code !== DEADLOCK || attempt >= TRANSACTION_ATTEMPTS) throw error;
      }
    }
  }

  // Queued again by a new event: the new attempts decide, not the old dead letter.
  async function queueContacts(sql: Sql, keys: readonly ContactKey[], nowMs: number) {
    await contacts.queue(sql, keys, nowMs);
    await contacts.forgetDeadLetters(sql, keys);
  }

  const lease = (nowMs: number, limit: number, leaseMs: number) => ({
    nowMs,
    limit,
    leaseMs,
    instanceId,
  });

  /** The oldest due row's account (and type), then up to `limit` of its due rows. */
  async function oldestBatch<Row extends pg.QueryResultRow, Claim>(
    sql: Sql,
    table: Pick<typeof contacts, 'oldestDue' | 'lease'>,
    extra: string,
    leaseOf: ReturnType<typeof lease>,
    toClaim: (row: Row) => Claim,
  ): Promise<Claim[]> {
    const first = await table.oldestDue(sql, leaseOf.nowMs, extra);
    if (first === undefined) return [];
    return (await table.lease<Row>(sql, { extra, match: first }, leaseOf)).map(toClaim);
  }

  return {
    enqueue: (work, nowMs) =>
      transaction(async (client) => {
        await contacts.delete(client, work.forget);
        await contacts.forgetDeadLetters(client, work.forget);
        await queueContacts(client, work.rescore, nowMs);
        await engagements.queue(client, work.engagements, nowMs);
        await engagements.forgetDeadLetters(client, work.engagements);
      }),

    claimContacts: (nowMs, limit, leaseMs) =>
      transaction(async (client) => {
        // A contact of a refused batch first, alone; else the oldest due contact's account.
        const alone = await contacts.lease<ContactRow>(
          client,
          { extra: 'alone', match: {} },
          lease(nowMs, 1, leaseMs),
        );
        if (alone.length > 0) return alone.map(toContactClaim);
        return oldestBatch(
          client,
          contacts,
          'NOT alone',
          lease(nowMs, limit, leaseMs),
          toContactClaim,
        );
      }),

    finishContacts: (claims) =>
      transaction((client) => contacts.finish(client, claims, instanceId)),

    retryContacts: (claims, failure) =>
      transaction((client) =>
        contacts.retry(client, claims, { ...failure, limits }, { alone: failure.oneByOne }),
      ),

    claimEngagements: (nowMs, limit, leaseMs) =>
      transaction((client) =>
        oldestBatch(client, engagements, 'TRUE', lease(nowMs, limit, leaseMs), toEngagementClaim),
      ),

    finishEngagements: (claims, traced, nowMs) =>
      transaction(async (client) => {
        await queueContacts(client, traced, nowMs);
        await engagements.finish(client, claims, instanceId);
      }),

    retryEngagements: (claims, failure) =>
      transaction((client) => engagements.retry(client, claims, { ...failure, limits })),

    forgetContacts: (keys) =>
      transaction(async (client) => {
        await contacts.delete(client, keys);
        await contacts.forgetDeadLetters(client, keys);
      }),

    forgetPortal: (portalId) =>
      transaction(async (client) => {
        await forgetPortalDeadLetters(client, portalId);
        return {
          contacts: await contacts.deletePortal(client, portalId),
          engagements: await engagements.deletePortal(client, portalId),
        };
      }),

    buryPortal: (portalId, error, nowMs) =>
      transaction(async (client) => ({
        contacts: await contacts.buryPortal(client, portalId, error, nowMs),
        engagements: await engagements.buryPortal(client, portalId, error, nowMs),
      })),

    requeueDeadLetters: (nowMs, portalId) => requeueDeadLetters(pool, nowMs, portalId),
    deadLetters: (filter) => listDeadLetters(pool, filter),
    status: (nowMs, failedSinceMs) => pgQueueStatus(pool, nowMs, failedSinceMs),

    // Only this instance's leases: the other instances are still working on theirs.
    releaseLeases: () =>
      transaction(async (client) => {
        for (const table of [CONTACTS.name, ENGAGEMENTS.name]) {
          await client.query(
            `UPDATE ${table} SET leased_until = 0, leased_by = NULL WHERE leased_by = $1`,
            [instanceId],
          );
        }
      }),

    nextDueAt: () => pgNextDueAt(pool),
    counts: () => pgQueueCounts(pool),
  };
}
