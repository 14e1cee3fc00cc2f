import type { HubSpotPort } from '../hubspot/hubspot-port.ts';
import { AccountRemovedError } from '../oauth/account-access.ts';
import type { CompiledModel } from '../scoring/index.ts';
import type { ContactClaim, EngagementClaim, WorkQueue } from '../store/work-queue.ts';
import { HUBSPOT_BATCH_SIZE, rescoreContacts, type RescoreOutcome } from './rescore-contacts.ts';
import { ENGAGEMENT_OBJECT_TYPES } from './engagement-types.ts';
import type { ContactKey } from './triage-events.ts';

/**
 * Drains the durable queue: traces engagements to their contacts, then rescores contacts in
 * batches of up to 100 of one account. A failed batch goes back with a growing delay; a row
 * leaves the queue only once its contact's score is written or found unchanged.
 */

export interface PipelineLogger {
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
}

export interface ScoreWorkerOptions {
  queue: WorkQueue;
  /**
   * The HubSpot account an event's `portalId` belongs to (`AccountAccess.hubspotForPortal`).
   * Undefined when the app does not (or no longer) serve it: that account's work is dropped.
   */
  accountFor: (portalId: number) => HubSpotPort | undefined | Promise<HubSpotPort | undefined>;
  compiled: CompiledModel;
  /** The time scores are computed at (decay): injectable so tests fix it. */
  scoringClock: () => number;
  logger?: PipelineLogger | undefined;
  /** Batches in flight at once; the adapter's rate budget paces the calls. */
  concurrency?: number;
  /** Wait this long after new work before claiming, so concurrent deliveries share a batch. */
  gatherMs?: number;
  /** A batch not finished within this time is claimable again (a hung request). */
  leaseMs?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  onRescored?: (portalId: number, outcome: RescoreOutcome) => void;
}

export interface ScoreWorker {
  /** Claims leftovers of a previous run and starts draining. */
  start(): void;
  /** New work arrived. */
  kick(): void;
  /** Nothing claimed and nothing in flight: the queue is empty or waiting for a retry. */
  isIdle(): boolean;
  /** Finishes the batches in flight; what is still queued waits for the next start. */
  stop(): Promise<void>;
}

interface FailureLike {
  status?: unknown;
  category?: unknown;
  retryAfterMs?: unknown;
  message?: unknown;
}

export function createScoreWorker(options: ScoreWorkerOptions): ScoreWorker {
  const { queue, compiled, logger } = options;
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const gatherMs = options.gatherMs ?? 50;
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const retryBaseMs = options.retryBaseMs ?? 1_000;
  const retryMaxMs = options.retryMaxMs ?? 10 * 60_000;
  const inFlight = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let timerAt = Infinity;
  let running = false;

  const schedule = (delayMs: number) => {
    if (!running) return;
    const at = Date.now() + delayMs;
    if (timer !== undefined && timerAt <= at) return;
    if (timer !== undefined) clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(() => {
      timer = undefined;
      timerAt = Infinity;
      pump();
    }, delayMs);
  };

  const track = (work: Promise<void>) => {
    inFlight.add(work);
    void work.finally(() => {
      inFlight.delete(work);
      pump();
    });
  };

  function pump(): void {
    if (!running) return;
    while (inFlight.size < concurrency) {
      const now = Date.now();
      const engagements = queue.claimEngagements(now, HUBSPOT_BATCH_SIZE, leaseMs);
      if (engagements.length > 0) {
        track(traceEngagements(engagements));
        continue;
      }
      const contacts = queue.claimContacts(now, HUBSPOT_BATCH_SIZE, leaseMs);
      if (contacts.length > 0) {
        track(rescore(contacts));
        continue;
      }
      break;
    }
    if (inFlight.size === 0) {
      const due = queue.nextDueAt();
      if (due !== undefined) schedule(Math.max(0, due - Date.now()));
    }
  }

  async function rescore(claims: ContactClaim[]): Promise<void> {
    const portalId = claims[0]!.portalId;
    try {
      const port = await options.accountFor(portalId);
      if (port === undefined) return dropAccount(portalId, 'the app does not serve this account');
      const ids = claims.map((c) => c.contactId);
      const outcome = await rescoreContacts(port, compiled, ids, options.scoringClock());
      queue.finishContacts(claims);
      const written = outcome.rescored.filter((r) => r.written).length;
      logger?.info('rescored contacts', {
        portalId,
        contacts: claims.length,
        written,
        unchanged: outcome.rescored.length - written,
        missing: outcome.missing.length,
      });
      options.onRescored?.(portalId, outcome);
    } catch (error) {
      if (error instanceof AccountRemovedError) return dropAccount(portalId, error.message);
      const failure = describe(error);
      // A refused batch (4xx other than 429) may hold one bad contact: retry one by one.
      const oneByOne = claims.length > 1 && failure.refused;
      const delay = backoff(claims[0]!.attempts, failure.retryAfterMs);
      queue.retryContacts(claims, Date.now() + delay, failure.message, oneByOne);
      logger?.warn('rescoring failed; will retry', {
        portalId,
        contacts: claims.length,
        retryInMs: delay,
        error: failure.message,
      });
    }
  }

  async function traceEngagements(claims: EngagementClaim[]): Promise<void> {
    const { portalId, objectTypeId } = claims[0]!;
    try {
      const port = await options.accountFor(portalId);
      if (port === undefined) return dropAccount(portalId, 'the app does not serve this account');
      const found = await port.contactsOfEngagements(
        ENGAGEMENT_OBJECT_TYPES[objectTypeId],
        claims.map((c) => c.objectId),
      );
      const contacts: ContactKey[] = [...new Set([...found.values()].flat())].map((contactId) => ({
        portalId,
        contactId,
      }));
      queue.finishEngagements(claims, contacts, Date.now());
    } catch (error) {
      if (error instanceof AccountRemovedError) return dropAccount(portalId, error.message);
      const failure = describe(error);
      const delay = backoff(claims[0]!.attempts, failure.retryAfterMs);
      queue.retryEngagements(claims, Date.now() + delay, failure.message);
      logger?.warn('finding the contacts of engagements failed; will retry', {
        portalId,
        objectType: ENGAGEMENT_OBJECT_TYPES[objectTypeId],
        engagements: claims.length,
        retryInMs: delay,
        error: failure.message,
      });
    }
  }

  /** Uninstalled or revoked: retrying cannot help, so the account's queued work goes. */
  function dropAccount(portalId: number, reason: string): void {
    const dropped = queue.forgetPortal(portalId);
    logger?.warn('dropped the queued work of a HubSpot account the app does not serve', {
      portalId,
      reason,
      ...dropped,
    });
  }

  /** Doubling from the base, capped, never sooner than HubSpot's Retry-After. */
  function backoff(attempts: number, retryAfterMs: number | undefined): number {
    const exponential = Math.min(retryMaxMs, retryBaseMs * 2 ** Math.min(attempts, 20));
    return Math.max(exponential, retryAfterMs ?? 0);
  }

  return {
    start() {
      running = true;
      queue.releaseLeases();
      pump();
    },
    kick() {
      schedule(gatherMs);
    },
    isIdle() {
      if (inFlight.size > 0) return false;
      const counts = queue.counts();
      return counts.contacts === 0 && counts.engagements === 0;
    },
    async stop() {
      running = false;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      timerAt = Infinity;
      await Promise.allSettled([...inFlight]);
    },
  };
}

function describe(error: unknown): { message: string; refused: boolean; retryAfterMs?: number } {
  const e = (typeof error === 'object' && error !== null ? error : {}) as FailureLike;
  const status = typeof e.status === 'number' ? e.status : undefined;
  const category = typeof e.category === 'string' ? e.category : undefined;
  const refused =
    category === 'bad-request' ||
    category === 'not-found' ||
    (status !== undefined &&
      status >= 400 &&
      status < 500 &&
      status !== 429 &&
      status !== 401 &&
      status !== 403);
  const message = typeof e.message === 'string' ? e.message : String(error);
  return {
    message: status === undefined ? message : `${message} (HTTP ${status})`,
    refused,
    ...(typeof e.retryAfterMs === 'number' ? { retryAfterMs: e.retryAfterMs } : {}),
  };
}
