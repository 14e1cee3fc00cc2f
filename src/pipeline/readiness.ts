import type { QueueStatus } from '../store/queue-status.ts';
import type { WorkerProgress } from './worker-batches.ts';

/**
 * `GET /readyz`: ready only when the store answers a real query and the worker makes
 * progress, that is the queue is idle (nothing due) or a batch finished within
 * `stalledAfterMs` while work was due. The body gives the figures either way, so an operator
 * sees why. Pure: the caller passes the store's answer (or its error), the worker's progress
 * and the time.
 */

export type ReadinessStatus = 'ready' | 'starting' | 'stopping' | 'stalled' | 'store-unavailable';

export interface ReadinessBody {
  status: ReadinessStatus;
  /** Why not ready, in a sentence. */
  reason?: string;
  queued?: { contacts: number; engagements: number };
  oldestQueuedSeconds?: number | null;
  retrying?: number;
  deadLetters?: { contacts: number; engagements: number };
  /** Accounts whose calls are failing (rows failed recently, dead letters, parked work). */
  failingAccounts?: { portalId: number; lastError: string; failedAt: string | null }[];
  batchesInFlight?: number;
  lastBatchFinishedSecondsAgo?: number | null;
}

export interface Readiness {
  ready: boolean;
  body: ReadinessBody;
}

export interface ReadinessInput {
  /** The store's answer, or what it threw. */
  queue: QueueStatus | Error;
  progress: WorkerProgress;
  /** The server's phase: properties being ensured, serving, or shutting down. */
  phase: 'starting' | 'serving' | 'stopping';
  nowMs: number;
  /** Work due this long with no batch finished counts as a stalled worker. */
  stalledAfterMs: number;
}

/** Default: well past the worker's 2-minute batch deadline, which counts as finishing. */
export const DEFAULT_STALLED_AFTER_MS = 5 * 60_000;

export function judgeReadiness(input: ReadinessInput): Readiness {
  const { queue, progress, nowMs, stalledAfterMs } = input;
  if (queue instanceof Error) {
    return {
      ready: false,
      body: { status: 'store-unavailable', reason: `the store did not answer: ${queue.message}` },
    };
  }
  const seconds = (ms: number | undefined) =>
    ms === undefined ? null : Math.max(0, Math.round((nowMs - ms) / 1000));
  const body: ReadinessBody = {
    status: 'ready',
    queued: queue.queued,
    oldestQueuedSeconds: seconds(queue.oldestQueuedAt),
    retrying: queue.retrying,
    deadLetters: queue.deadLetters,
    failingAccounts: failingAccounts(queue, progress),
    batchesInFlight: progress.batchesInFlight,
    lastBatchFinishedSecondsAgo: seconds(progress.lastBatchFinishedAt),
  };
  const notReady = (status: ReadinessStatus, reason: string): Readiness => ({
    ready: false,
    body: { ...body, status, reason },
  });
  if (input.phase === 'stopping') return notReady('stopping', 'the server is shutting down');
  if (input.phase === 'starting' || !progress.running) {
    return notReady('starting', 'the output properties are being ensured in HubSpot');
  }
  const dueSince = queue.due.rows > 0 ? queue.due.since : undefined;
  const lastSign = Math.max(progress.lastBatchFinishedAt ?? 0, progress.startedAt ?? 0);
  if (
    dueSince !== undefined &&
    nowMs - dueSince >= stalledAfterMs &&
    nowMs - lastSign >= stalledAfterMs
  ) {
    return notReady(
      'stalled',
      `${queue.due.rows} queued rows have been due for ${seconds(dueSince)} s and no batch ` +
        `finished in the last ${Math.round(stalledAfterMs / 1000)} s`,
    );
  }
  return { ready: true, body };
}

function failingAccounts(
  queue: QueueStatus,
  progress: WorkerProgress,
): NonNullable<ReadinessBody['failingAccounts']> {
  const accounts: NonNullable<ReadinessBody['failingAccounts']> = queue.failingAccounts.map(
    (a) => ({
      portalId: a.portalId,
      lastError: a.lastError,
      failedAt: new Date(a.failedAt).toISOString(),
    }),
  );
  // Parked with nothing left to show for it in the store (its dead letters were requeued).
  for (const [portalId, lastError] of progress.parkedPortals) {
    if (!accounts.some((a) => a.portalId === portalId)) {
      accounts.push({ portalId, lastError, failedAt: null });
    }
  }
  return accounts;
}
