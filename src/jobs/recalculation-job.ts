import { HubSpotError } from '../hubspot/hubspot-error.ts';
import { contactsPerRead } from '../pipeline/rescore-contacts.ts';
import { LIVE_RUN_MS } from '../recalculation/checkpoint-store.ts';
import { modelHash } from '../recalculation/model-hash.ts';
import { RecalculationError } from '../recalculation/recalculation-error.ts';
import type { RescoreTally } from '../recalculation/rescore-batch.ts';
import { runResumableRecalculation } from '../recalculation/resumable-recalculation.ts';
import { leastRequests } from '../recalculation/run-summary.ts';
import type { CompiledModel } from '../scoring/index.ts';
import type { StoredJob } from '../store/account-job-store.ts';
import { jobAccountKey, pause, type JobContext } from './job-context.ts';
import { jobMessages } from './job-messages.ts';
import type { RecalculationResult } from './job-types.ts';
import { tierMoveList } from './preview-figures.ts';

/**
 * One account's full recalculation with a published version, as a background job: the
 * resumable recalculation of `rescore --all` (checkpoints in the store, every contact in id
 * order, only changed outputs written), through the account's own port and so within its
 * own rate budget, with its progress in the job's row for the settings page.
 *
 * How it ends: finished (with the summary); stopped by a server stop (left queued, taken up
 * from its checkpoint at the next start); superseded by a newer publish (cancelled); failed
 * (the account is gone, or HubSpot kept failing after the pauses of `retryDelaysMs`).
 */

export interface RecalculationControl {
  signal: AbortSignal;
  /** The version that superseded this job, when one did. */
  supersededBy(): number | undefined;
  /** Go on from the account's unfinished checkpoint (after a restart) instead of starting over. */
  resume: boolean;
  /** Runs under the account's task lock (several instances): no other run can be alive. */
  holdsAccountLock?: boolean;
  /** After each page: another instance may have started a newer recalculation meanwhile. */
  afterPage?: () => Promise<void>;
}

export async function runRecalculationJob(
  job: StoredJob,
  context: JobContext,
  control: RecalculationControl,
): Promise<void> {
  const { store, accounts, now, logger } = context;
  const { portalId } = job;
  const messages = jobMessages(job.input.locale);
  const fail = async (error: string): Promise<void> => {
    await store.update(job.id, { status: 'failed', error, now: now() });
  };
  const stopped = async (): Promise<void> => {
    const version = control.supersededBy();
    if (version === undefined) {
      // A server stop: queued again, resumed from its checkpoint when the server starts.
      await store.update(job.id, { status: 'queued', now: now() });
    } else {
      await store.update(job.id, {
        status: 'cancelled',
        error: messages.superseded(version),
        now: now(),
      });
    }
  };
  if (control.signal.aborted) return stopped();

  await store.update(job.id, { status: 'running', now: now() });
  const account = await accounts.get(portalId);
  if (!account) return fail(messages.notInstalled);
  accounts.refresh(portalId);
  await accounts.preparedModelFor(portalId);
  const compiled = await accounts.modelFor(portalId);
  const inUse = await accounts.modelVersionFor(portalId);
  if (inUse !== undefined && job.modelVersion !== undefined && inUse > job.modelVersion) {
    await store.update(job.id, {
      status: 'cancelled',
      error: messages.superseded(inUse),
      now: now(),
    });
    return;
  }

  let session = { startedAt: now(), doneBefore: 0 };
  let done = job.progress.done;
  for (let attempt = 0, liveWaits = 0; ; attempt++) {
    try {
      const result = await runResumableRecalculation({
        port: account.hubspot,
        compiled,
        clock: context.scoringClock,
        wallClock: now,
        signal: control.signal,
        checkpoints: context.checkpoints,
        accountKey: jobAccountKey(portalId),
        modelHash: modelHash(compiled),
        // A new job starts from the first contact; a retry or a restart goes on.
        restart: attempt === 0 && liveWaits === 0 && !control.resume,
        holdsAccountLock: control.holdsAccountLock ?? false,
        onStart: (start) => {
          session = { startedAt: now(), doneBefore: start.kind === 'resumed' ? start.done : 0 };
        },
        onProgress: async (progress) => {
          done = progress.done;
          await store.update(job.id, { progress: withRate(progress, session, now()), now: now() });
          await control.afterPage?.();
        },
      });
      if (!result.finished) return stopped();
      const summary = resultOf(result.tally, job, compiled, now());
      await store.update(job.id, {
        status: 'finished',
        progress: { done: summary.read, total: summary.read },
        result: summary,
        now: now(),
      });
      logger.info('an account’s recalculation finished', {
        portalId,
        jobId: job.id,
        ...counts(summary),
      });
      return;
    } catch (error) {
      if (control.signal.aborted) return stopped();
      if (error instanceof RecalculationError && error.status === 409 && liveWaits < 2) {
        // A crashed process's run still looks alive: wait until it cannot be.
        liveWaits++;
        attempt--;
        await pause(LIVE_RUN_MS, control.signal);
        continue;
      }
      const delay = context.retryDelaysMs[attempt];
      if (error instanceof HubSpotError && error.retryable && delay !== undefined) {
        logger.warn(
          'an account’s recalculation paused: HubSpot is failing; it goes on from its checkpoint',
          {
            portalId,
            jobId: job.id,
            retryInMs: delay,
            error,
          },
        );
        await pause(delay, control.signal);
        continue;
      }
      logger.error('an account’s recalculation failed', { portalId, jobId: job.id, error });
      return fail(
        error instanceof HubSpotError ? messages.hubspotFailed(done) : messages.unexpected,
      );
    }
  }
}

function withRate(
  progress: { done: number; total: number },
  session: { startedAt: number; doneBefore: number },
  at: number,
) {
  const seconds = (at - session.startedAt) / 1000;
  const perSecond = seconds > 0 ? (progress.done - session.doneBefore) / seconds : 0;
  return {
    done: progress.done,
    total: progress.total,
    ...(perSecond > 0
      ? {
          perSecond: Math.round(perSecond * 10) / 10,
          secondsLeft: Math.round(Math.max(0, progress.total - progress.done) / perSecond),
        }
      : {}),
  };
}

function resultOf(
  tally: Readonly<RescoreTally>,
  job: StoredJob,
  compiled: CompiledModel,
  at: number,
): RecalculationResult {
  const found = tally.read + tally.missing;
  const least = leastRequests(found, tally.written, contactsPerRead(compiled));
  const r = tally.requests;
  return {
    modelVersion: job.modelVersion ?? 1,
    read: tally.read,
    changed: tally.changed,
    written: tally.written,
    tierMoves: tierMoveList(tally.tierMoves, compiled.tierNames),
    requests: r.searches + r.reads + r.writes,
    leastRequests: least.searches + least.reads + least.writes,
    seconds: Math.max(0, Math.round((at - job.createdAt) / 100) / 10),
  };
}

const counts = (r: RecalculationResult) => ({
  read: r.read,
  changed: r.changed,
  written: r.written,
  requests: r.requests,
  leastRequests: r.leastRequests,
  seconds: r.seconds,
});
