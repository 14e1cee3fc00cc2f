import type { ContactKey, DeliveryWork, EngagementKey } from '../pipeline/triage-events.ts';
import type { DeadLetter, DeadLetterCounts } from './dead-letters.ts';
import type { QueueStatus } from './queue-status.ts';

/**
 * The durable queue between the webhook handler and the score worker. A delivery's work is
 * committed before HubSpot gets its 2xx; a row leaves only when its contact's score is
 * written or found unchanged, or when it has failed too often (then it is a dead letter).
 * One row per contact coalesces events across deliveries. This file is the contract; the
 * SQLite implementation is sqlite-work-queue.ts, the PostgreSQL one (several instances on one
 * queue) postgres/pg-work-queue.ts.
 */

export { createWorkQueue } from './sqlite-work-queue.ts';

export type QueuedWork = Pick<DeliveryWork, 'rescore' | 'engagements' | 'forget'>;

export interface ContactClaim extends ContactKey {
  version: number;
  attempts: number;
}

export interface EngagementClaim extends EngagementKey {
  version: number;
  attempts: number;
}

export interface QueueCounts {
  contacts: number;
  engagements: number;
  /** Rows waiting for a retry after a failure. */
  retrying: number;
}

export interface FailedAttempt {
  /** When the rows may be claimed again. */
  retryAtMs: number;
  /** When the attempt failed: the dead-letter clock (24 h since first queued). */
  nowMs: number;
  error: string;
}

export interface Retried {
  /** Rows that used up their attempts (or their day) and moved to the dead letters. */
  deadLettered: number;
}

export interface WorkQueue {
  /** Stores a delivery's work in one transaction; deletions purge first. */
  enqueue(work: QueuedWork, nowMs: number): Promise<void>;
  /** Up to `limit` due contacts of one account, leased for `leaseMs`. */
  claimContacts(nowMs: number, limit: number, leaseMs: number): Promise<ContactClaim[]>;
  /** Done: deletes each row unless a newer event arrived meanwhile (then it runs again). */
  finishContacts(claims: readonly ContactClaim[]): Promise<void>;
  /** Failed: retried later, or moved to the dead letters once out of attempts. */
  retryContacts(
    claims: readonly ContactClaim[],
    failure: FailedAttempt & { oneByOne: boolean },
  ): Promise<Retried>;
  /** Up to `limit` due engagements of one account and type. */
  claimEngagements(nowMs: number, limit: number, leaseMs: number): Promise<EngagementClaim[]>;
  /** Traced: queues their contacts and deletes the engagement rows, atomically. */
  finishEngagements(
    claims: readonly EngagementClaim[],
    contacts: readonly ContactKey[],
    nowMs: number,
  ): Promise<void>;
  retryEngagements(claims: readonly EngagementClaim[], failure: FailedAttempt): Promise<Retried>;
  /** Deletes everything stored about these contacts (deletion, privacy deletion, merge). */
  forgetContacts(contacts: readonly ContactKey[]): Promise<void>;
  /**
   * Drops all queued work of an account the app no longer serves (uninstalled, revoked), and
   * its dead letters.
   */
  forgetPortal(portalId: number): Promise<{ contacts: number; engagements: number }>;
  /** All of an account's queued work to the dead letters at once (its tokens are unreadable). */
  buryPortal(portalId: number, error: string, nowMs: number): Promise<DeadLetterCounts>;
  /** Dead letters (of one account) back into the queue with fresh attempts. */
  requeueDeadLetters(nowMs: number, portalId?: number): Promise<DeadLetterCounts>;
  /** Newest first. */
  deadLetters(options?: {
    portalId?: number | undefined;
    limit?: number | undefined;
  }): Promise<DeadLetter[]>;
  /** Counts, ages, failing accounts (rows failed since `failedSinceMs`, and dead letters). */
  status(nowMs: number, failedSinceMs: number): Promise<QueueStatus>;
  /**
   * Makes the leases this queue holds claimable again. SQLite (one instance owns the file): a
   * restarted instance frees every lease, the crashed run's included. PostgreSQL (several
   * instances): only the leases of this queue's own instance id; another live instance's are
   * left alone, and a killed instance's run out at their `leased_until`.
   */
  releaseLeases(): Promise<void>;
  /** When the earliest row not yet claimable becomes due; undefined when the queue is empty. */
  nextDueAt(): Promise<number | undefined>;
  counts(): Promise<QueueCounts>;
}
