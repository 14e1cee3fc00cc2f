/**
 * The app's embedded store (SQLite, WAL): the durable queue of work between a webhook's 2xx
 * and the score written to HubSpot. Contact deletions purge what it holds about a contact.
 */
export { openStoreDatabase, type StoreDatabase } from './database.ts';
export {
  createWorkQueue,
  type ContactClaim,
  type EngagementClaim,
  type QueueCounts,
  type QueuedWork,
  type WorkQueue,
} from './work-queue.ts';
