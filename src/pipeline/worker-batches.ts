import type { PipelineLogger } from './score-worker.ts';

/**
 * The score worker's engine, apart from what a batch does: keep up to `concurrency` batches
 * in flight, wake up when work falls due (or every `pollMs` when idle), give up on a batch
 * that outlives its deadline so nothing can stall the worker, and stop within a grace period.
 */

export interface ClaimedBatch {
  /** Does the work; after `isAbandoned()` turns true it must not touch the queue any more. */
  run(isAbandoned: () => boolean): Promise<void>;
  /** The batch missed its deadline: put its rows back (it keeps running, ignored). */
  onDeadline(): Promise<void>;
}

export interface WorkerProgress {
  running: boolean;
  startedAt: number | undefined;
  /** When a batch last finished, well or not (a failure handled is progress too). */
  lastBatchFinishedAt: number | undefined;
  batchesInFlight: number;
  /** Accounts whose work is parked (unreadable tokens), with the error. */
  parkedPortals: ReadonlyMap<number, string>;
}

export interface WorkerBatchesOptions {
  concurrency: number;
  gatherMs: number;
  pollMs: number;
  batchDeadlineMs: number;
  clock: () => number;
  logger: PipelineLogger | undefined;
  /** The next claimable batch, leased; undefined when nothing is due. */
  claimNext(): Promise<ClaimedBatch | undefined>;
  nextDueAt(): Promise<number | undefined>;
  parkedPortals(): ReadonlyMap<number, string>;
}

interface Running {
  abandoned: boolean;
  deadline: NodeJS.Timeout | undefined;
  done: Promise<void>;
}

export function createWorkerBatches(options: WorkerBatchesOptions) {
  const { clock, logger } = options;
  const inFlight = new Set<Running>();
  let timer: NodeJS.Timeout | undefined;
  let timerAt = Infinity;
  let running = false;
  let startedAt: number | undefined;
  let lastFinishedAt: number | undefined;
  /** The claiming pass under way: one at a time, so claims never exceed `concurrency`. */
  let pumping: Promise<void> | undefined;
  let pumpAgain = false;

  // Timers (unref'd: the HTTP server keeps the process alive, tests need not stop us to exit).
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
    timer.unref();
  };

  const finish = (batch: Running): boolean => {
    if (!inFlight.delete(batch)) return false;
    lastFinishedAt = clock();
    return true;
  };

  function launch(claimed: ClaimedBatch): void {
    const batch: Running = { abandoned: false, deadline: undefined, done: Promise.resolve() };
    inFlight.add(batch);
    batch.deadline = setTimeout(() => {
      if (batch.abandoned || !finish(batch)) return;
      batch.abandoned = true;
      void (async () => {
        try {
          await claimed.onDeadline();
        } catch (error) {
          logger?.warn('could not put back a batch that missed its deadline', {
            error: text(error),
          });
        }
        logger?.warn('a batch did not finish in time; its rows are retried', {
          deadlineMs: options.batchDeadlineMs,
        });
        pump();
      })();
    }, options.batchDeadlineMs);
    batch.deadline.unref();
    batch.done = claimed
      .run(() => batch.abandoned)
      .catch((error: unknown) => {
        // A bug or a closed store: the rows stay leased and come back when the lease ends.
        if (!batch.abandoned) logger?.warn('a batch failed unexpectedly', { error: text(error) });
      })
      .finally(() => {
        clearTimeout(batch.deadline);
        if (!batch.abandoned && finish(batch)) pump();
      });
  }

  function pump(): void {
    if (!running) return;
    if (pumping) {
      // A batch finished or work arrived while claiming: look once more when this pass ends.
      pumpAgain = true;
      return;
    }
    pumping = claimWhileFree().finally(() => {
      pumping = undefined;
    });
  }

  async function claimWhileFree(): Promise<void> {
    do {
      pumpAgain = false;
      try {
        while (running && inFlight.size < options.concurrency) {
          const claimed = await options.claimNext();
          if (claimed === undefined) break;
          // Launched even when a stop began meanwhile: the stop waits for it within its grace.
          launch(claimed);
        }
        if (running && inFlight.size < options.concurrency) {
          const due = await options.nextDueAt();
          const wait = due === undefined ? options.pollMs : Math.max(0, due - clock());
          schedule(Math.min(options.pollMs, wait));
        }
      } catch (error) {
        logger?.warn('could not claim queued work; trying again', { error: text(error) });
        schedule(options.pollMs);
      }
    } while (pumpAgain && running);
  }

  return {
    start() {
      running = true;
      startedAt = clock();
      pump();
    },
    kick: () => schedule(options.gatherMs),
    inFlight: () => inFlight.size,
    progress: (): WorkerProgress => ({
      running,
      startedAt,
      lastBatchFinishedAt: lastFinishedAt,
      batchesInFlight: inFlight.size,
      parkedPortals: options.parkedPortals(),
    }),
    async stop(graceMs: number): Promise<{ abandoned: number }> {
      running = false;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      timerAt = Infinity;
      let grace: NodeJS.Timeout | undefined;
      const settled = async () => {
        await pumping;
        await Promise.allSettled([...inFlight].map((b) => b.done));
      };
      await Promise.race([
        settled(),
        new Promise((resolve) => (grace = setTimeout(resolve, graceMs))),
      ]);
      clearTimeout(grace);
      // Still running after the grace: left alone; their rows stay queued (leases end at start).
      const left = [...inFlight];
      for (const batch of left) {
        batch.abandoned = true;
        clearTimeout(batch.deadline);
      }
      inFlight.clear();
      return { abandoned: left.length };
    },
  };
}

const text = (error: unknown) => (error instanceof Error ? error.message : String(error));
