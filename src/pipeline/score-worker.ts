import type { HubSpotPort } from '../hubspot/hubspot-port.ts';
import { AccountRemovedError } from '../oauth/account-access.ts';
import type { CompiledModel } from '../scoring/index.ts';
import type { ContactClaim, EngagementClaim, WorkQueue } from '../store/work-queue.ts';
import {
  describeFailure,
  tokensUndecryptable,
  undecryptableTokensMessage,
  type BatchFailure,
} from './batch-failure.ts';
import { HUBSPOT_BATCH_SIZE, rescoreContacts, type RescoreOutcome } from './rescore-contacts.ts';
import { ENGAGEMENT_OBJECT_TYPES } from './engagement-types.ts';
import type { ContactKey } from './triage-events.ts';
import { createWorkerBatches, type WorkerProgress } from './worker-batches.ts';

/**
 * Drains the durable queue: traces engagements to their contacts, then rescores contacts in
 * batches of up to 100 of one account, several batches at once so one slow or hung HubSpot
 * request holds back only its own batch. A failed batch goes back with a growing delay until
 * its rows run out of attempts (then they are dead letters); a row leaves the queue only once
 * its contact's score is written or found unchanged.
 */

export interface PipelineLogger {
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error?(message: string, details?: Record<string, unknown>): void;
}

export interface ScoreWorkerOptions {
  queue: WorkQueue;
  /**
   * The HubSpot account an event's `portalId` belongs to (`AccountAccess.hubspotForPortal`).
   * Undefined when the app does not (or no longer) serve it: that account's work is dropped.
   */
  accountFor: (portalId: number) => HubSpotPort | undefined | Promise<HubSpotPort | undefined>;
  /** One model for every account (tests, tools); give this or `modelFor`. */
  compiled?: CompiledModel | undefined;
  /**
   * The account's published model (`accounts.preparedModelFor`). Asked once per batch: the
   * batch keeps the model it started with even if a publish swaps the account's model meanwhile.
   */
  modelFor?: ((portalId: number) => CompiledModel | Promise<CompiledModel>) | undefined;
  /** The time scores are computed at (decay): injectable so tests fix it. */
  scoringClock: () => number;
  /** Wall clock for queue times (retries, dead letters, progress); Date.now by default. */
  clock?: () => number;
  logger?: PipelineLogger | undefined;
  /** Batches in flight at once (default 4); the adapter's rate budget paces the calls. */
  concurrency?: number;
  /** Wait this long after new work before claiming, so concurrent deliveries share a batch. */
  gatherMs?: number;
  /**
   * A batch not finished within this time (default 2 minutes) gives up: its rows are retried
   * later and its slot is free. HubSpot requests have their own, shorter deadline; this one
   * catches anything else that could stall the worker.
   */
  batchDeadlineMs?: number;
  /** How long a claim holds its rows (at least the batch deadline). */
  leaseMs?: number;
  /** When idle, look at the queue this often: `retry-failed` may have queued work. */
  pollMs?: number;
  /** First retry delay (default 10 s), doubling per attempt up to `retryMaxMs` (30 min). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  onRescored?: (portalId: number, outcome: RescoreOutcome) => void;
}

export interface ScoreWorker {
  /** Claims leftovers of a previous run and starts draining. */
  start(): Promise<void>;
  /** New work arrived. */
  kick(): void;
  /** Nothing claimed and nothing in flight: the queue is empty or waiting for a retry. */
  isIdle(): Promise<boolean>;
  /** Whether batches finish, and which accounts are parked (for `/readyz`). */
  progress(): WorkerProgress;
  /**
   * Stops claiming and gives the batches in flight `graceMs` (default 8 s) to finish; the ones
   * still running then are abandoned, their rows left queued for the next start.
   */
  stop(options?: { graceMs?: number }): Promise<{ abandoned: number }>;
}

export const DEFAULT_BATCH_DEADLINE_MS = 2 * 60_000;
export const DEFAULT_STOP_GRACE_MS = 8_000;

export function createScoreWorker(options: ScoreWorkerOptions): ScoreWorker {
  const { queue, logger } = options;
  const { compiled } = options;
  if (!options.modelFor && !compiled) {
    throw new TypeError('createScoreWorker needs `compiled` or `modelFor`');
  }
  const modelFor = options.modelFor ?? (() => compiled!);
  const clock = options.clock ?? Date.now;
  const batchDeadlineMs = options.batchDeadlineMs ?? DEFAULT_BATCH_DEADLINE_MS;
  const leaseMs = Math.max(options.leaseMs ?? 5 * 60_000, batchDeadlineMs);
  const retryBaseMs = options.retryBaseMs ?? 10_000;
  const retryMaxMs = options.retryMaxMs ?? 30 * 60_000;
  /** Accounts whose tokens cannot be decrypted, with the error logged once. */
  const parked = new Map<number, string>();

  const batches = createWorkerBatches({
    concurrency: Math.max(1, options.concurrency ?? 4),
    gatherMs: options.gatherMs ?? 50,
    pollMs: options.pollMs ?? 30_000,
    batchDeadlineMs,
    clock,
    logger,
    nextDueAt: () => queue.nextDueAt(),
    claimNext: async () => {
      const now = clock();
      const engagements = await queue.claimEngagements(now, HUBSPOT_BATCH_SIZE, leaseMs);
      if (engagements.length > 0) {
        return {
          run: (isAbandoned) => traceEngagements(engagements, isAbandoned),
          onDeadline: () => retryEngagements(engagements, deadlineFailure()),
        };
      }
      const contacts = await queue.claimContacts(now, HUBSPOT_BATCH_SIZE, leaseMs);
      if (contacts.length === 0) return undefined;
      return {
        run: (isAbandoned) => rescore(contacts, isAbandoned),
        onDeadline: () => retryContacts(contacts, deadlineFailure(), false),
      };
    },
    parkedPortals: () => parked,
  });

  const deadlineFailure = (): BatchFailure => ({
    message: `the batch did not finish within ${Math.round(batchDeadlineMs / 1000)} s`,
    refused: false,
  });

  async function rescore(claims: ContactClaim[], isAbandoned: () => boolean): Promise<void> {
    const portalId = claims[0]!.portalId;
    try {
      const port = await options.accountFor(portalId);
      if (isAbandoned()) return;
      if (port === undefined) return dropAccount(portalId, 'the app does not serve this account');
      const model = await modelFor(portalId);
      if (isAbandoned()) return;
      const ids = claims.map((c) => c.contactId);
      const outcome = await rescoreContacts(port, model, ids, options.scoringClock(), {
        partialReads: 'report',
      });
      if (isAbandoned()) return;
      // A 207 that failed for some ids: the others are done, only the failed ones go again.
      const unread = new Set(outcome.unread);
      await queue.finishContacts(claims.filter((c) => !unread.has(c.contactId)));
      if (unread.size > 0) {
        await retryContacts(
          claims.filter((c) => unread.has(c.contactId)),
          describeFailure(outcome.unreadError),
          false,
        );
      }
      parked.delete(portalId);
      const written = outcome.rescored.filter((r) => r.written).length;
      logger?.info('rescored contacts', {
        portalId,
        contacts: claims.length,
        written,
        unchanged: outcome.rescored.length - written,
        missing: outcome.missing.length,
        ...(unread.size > 0 ? { unread: unread.size } : {}),
      });
      options.onRescored?.(portalId, outcome);
    } catch (error) {
      if (isAbandoned()) return;
      if (error instanceof AccountRemovedError) return dropAccount(portalId, error.message);
      if (tokensUndecryptable(error)) return park(portalId);
      const failure = describeFailure(error);
      // A refused batch (4xx other than 429) may hold one bad contact: retry one by one.
      await retryContacts(claims, failure, claims.length > 1 && failure.refused);
    }
  }

  async function traceEngagements(
    claims: EngagementClaim[],
    isAbandoned: () => boolean,
  ): Promise<void> {
    const { portalId, objectTypeId } = claims[0]!;
    try {
      const port = await options.accountFor(portalId);
      if (isAbandoned()) return;
      if (port === undefined) return dropAccount(portalId, 'the app does not serve this account');
      const found = await port.contactsOfEngagements(
        ENGAGEMENT_OBJECT_TYPES[objectTypeId],
        claims.map((c) => c.objectId),
      );
      if (isAbandoned()) return;
      const contacts: ContactKey[] = [...new Set([...found.values()].flat())].map((contactId) => ({
        portalId,
        contactId,
      }));
      await queue.finishEngagements(claims, contacts, clock());
      parked.delete(portalId);
    } catch (error) {
      if (isAbandoned()) return;
      if (error instanceof AccountRemovedError) return dropAccount(portalId, error.message);
      if (tokensUndecryptable(error)) return park(portalId);
      await retryEngagements(claims, describeFailure(error));
    }
  }

  async function retryContacts(
    claims: ContactClaim[],
    failure: BatchFailure,
    oneByOne: boolean,
  ): Promise<void> {
    const now = clock();
    const delay = backoff(claims[0]!.attempts, failure.retryAfterMs);
    const { deadLettered } = await queue.retryContacts(claims, {
      retryAtMs: now + delay,
      nowMs: now,
      error: failure.message,
      oneByOne,
    });
    logger?.warn('rescoring failed; will retry', {
      portalId: claims[0]!.portalId,
      contacts: claims.length,
      retryInMs: delay,
      error: failure.message,
      ...(deadLettered > 0 ? { gaveUp: deadLettered } : {}),
    });
  }

  async function retryEngagements(claims: EngagementClaim[], failure: BatchFailure): Promise<void> {
    const now = clock();
    const delay = backoff(claims[0]!.attempts, failure.retryAfterMs);
    const { deadLettered } = await queue.retryEngagements(claims, {
      retryAtMs: now + delay,
      nowMs: now,
      error: failure.message,
    });
    logger?.warn('finding the contacts of engagements failed; will retry', {
      portalId: claims[0]!.portalId,
      objectType: ENGAGEMENT_OBJECT_TYPES[claims[0]!.objectTypeId],
      engagements: claims.length,
      retryInMs: delay,
      error: failure.message,
      ...(deadLettered > 0 ? { gaveUp: deadLettered } : {}),
    });
  }

  /** Uninstalled or revoked: retrying cannot help, so the account's queued work goes. */
  async function dropAccount(portalId: number, reason: string): Promise<void> {
    const dropped = await queue.forgetPortal(portalId);
    logger?.warn('dropped the queued work of a HubSpot account the app does not serve', {
      portalId,
      reason,
      ...dropped,
    });
  }

  /**
   * Unreadable tokens: nothing can be sent for this account until an operator acts, so all its
   * work becomes dead letters at once (kept for `retry-failed`), and the error is logged once.
   */
  async function park(portalId: number): Promise<void> {
    const message = undecryptableTokensMessage(portalId);
    const buried = await queue.buryPortal(portalId, message, clock());
    if (parked.has(portalId)) return;
    parked.set(portalId, message);
    (logger?.error ?? logger?.warn)?.call(logger, message, { portalId, parked: buried });
  }

  /** Doubling from the base, capped, never sooner than HubSpot's Retry-After. */
  function backoff(attempts: number, retryAfterMs: number | undefined): number {
    const exponential = Math.min(retryMaxMs, retryBaseMs * 2 ** Math.min(attempts, 20));
    return Math.max(exponential, retryAfterMs ?? 0);
  }

  return {
    async start() {
      await queue.releaseLeases();
      batches.start();
    },
    kick: () => batches.kick(),
    async isIdle() {
      if (batches.inFlight() > 0) return false;
      const counts = await queue.counts();
      return counts.contacts === 0 && counts.engagements === 0;
    },
    progress: () => batches.progress(),
    stop: (stopOptions = {}) => batches.stop(stopOptions.graceMs ?? DEFAULT_STOP_GRACE_MS),
  };
}
