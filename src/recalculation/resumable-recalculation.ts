import type { CheckpointStore, RecalculationRun } from './checkpoint-store.ts';
import { LIVE_RUN_MS } from './checkpoint-store.ts';
import {
  recalculateAllContacts,
  type FullRecalculationOptions,
  type FullRecalculationResult,
} from './full-recalculation.ts';
import { RecalculationError } from './recalculation-error.ts';

/** How a run began: fresh, or going on from a checkpoint. */
export type RecalculationStart =
  | { kind: 'fresh'; runId: string; reason: 'first' | 'restart' | 'model-changed' }
  | { kind: 'resumed'; runId: string; lastContactId: string; done: number; startedAt: number };

export interface ResumableRecalculationOptions extends Omit<
  FullRecalculationOptions,
  'resumeFrom' | 'onCheckpoint'
> {
  checkpoints: CheckpointStore;
  /** Which HubSpot account (a fingerprint, never the token). */
  accountKey: string;
  modelHash: string;
  /** The real time, for the checkpoints' timestamps, when `clock` is a fixed scoring time. */
  wallClock?: () => number;
  /** Give up any unfinished run and start from the first contact. */
  restart?: boolean;
  /**
   * The caller holds the account's task lock (several instances): an unfinished run that looks
   * alive belonged to a holder that is gone, and is taken over at once.
   */
  holdsAccountLock?: boolean;
  onStart?: (start: RecalculationStart) => void;
}

export interface ResumableRecalculationResult extends FullRecalculationResult {
  runId: string;
  start: RecalculationStart;
}

/**
 * The full recalculation with its checkpoints in the store: a run stopped by Ctrl-C, a crash
 * or a HubSpot failure goes on from its last checkpoint when started again with the same
 * model, for the same account, in the same mode.
 */
export async function runResumableRecalculation(
  options: ResumableRecalculationOptions,
): Promise<ResumableRecalculationResult> {
  const { checkpoints, accountKey, modelHash } = options;
  const clock = options.wallClock ?? options.clock;
  const dryRun = options.dryRun ?? false;
  const { run, start } = await chooseRun(options, dryRun);
  options.onStart?.(start);

  let result: FullRecalculationResult | undefined;
  try {
    result = await recalculateAllContacts({
      ...options,
      dryRun,
      resumeFrom: start.kind === 'resumed' ? run : undefined,
      onCheckpoint: (position) => checkpoints.save(run.runId, position, clock()),
    });
  } finally {
    // A failure leaves the last checkpoint as the place to go on from.
    await checkpoints.end(run.runId, result?.finished ? 'finished' : 'interrupted', clock());
  }
  return { ...result, runId: run.runId, start };

  async function chooseRun(
    o: ResumableRecalculationOptions,
    isDryRun: boolean,
  ): Promise<{ run: RecalculationRun; start: RecalculationStart }> {
    const now = clock();
    const fresh = async (reason: 'first' | 'restart' | 'model-changed') => {
      const created = await checkpoints.start({ accountKey, modelHash, dryRun: isDryRun, now });
      return { run: created, start: { kind: 'fresh', runId: created.runId, reason } as const };
    };
    if (o.restart) {
      await checkpoints.abandonUnfinished(accountKey, isDryRun, now);
      return fresh('restart');
    }
    const prior = await checkpoints.unfinished(accountKey, isDryRun);
    if (!prior) return fresh('first');
    if (prior.status === 'running' && now - prior.updatedAt < LIVE_RUN_MS && !o.holdsAccountLock) {
      throw new RecalculationError(
        `another recalculation of this account made progress ${Math.round((now - prior.updatedAt) / 1000)} s ago ` +
          `and may still be running; wait for it, or start over with --restart if it was killed`,
        { status: 409 },
      );
    }
    if (prior.modelHash !== modelHash) {
      await checkpoints.end(prior.runId, 'abandoned', now);
      return fresh('model-changed');
    }
    await checkpoints.resume(prior.runId, now);
    return {
      run: prior,
      start: {
        kind: 'resumed',
        runId: prior.runId,
        lastContactId: prior.lastContactId,
        done: prior.tally.read + prior.tally.missing,
        startedAt: prior.startedAt,
      },
    };
  }
}
