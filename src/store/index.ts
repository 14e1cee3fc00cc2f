/**
 * The app's store (`openStore`: embedded SQLite, or PostgreSQL for several instances): the
 * durable queue of work between a webhook's 2xx and the score written to HubSpot, with bounded
 * retries and the dead letters of work that kept failing, and everything else kept. Contact
 * deletions purge what it holds about a contact.
 */
export { openStoreDatabase, type StoreDatabase } from './database.ts';
export { DEFAULT_DATABASE_URL, DatabaseUrlError, storeLocationOf } from './database-url.ts';
export { openStore, type Store } from './store.ts';
export {
  DEFAULT_RETRY_LIMITS,
  MAX_ATTEMPTS,
  MAX_QUEUED_MS,
  type DeadLetter,
  type DeadLetterCounts,
  type RetryLimits,
} from './dead-letters.ts';
export type { FailingAccount, QueueStatus } from './queue-status.ts';
export {
  createWorkQueue,
  type ContactClaim,
  type EngagementClaim,
  type FailedAttempt,
  type QueueCounts,
  type QueuedWork,
  type Retried,
  type WorkQueue,
} from './work-queue.ts';
