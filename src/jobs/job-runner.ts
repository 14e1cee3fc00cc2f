import type { StoredJob } from '../store/account-job-store.ts';
import { taskKey, type TaskLocks } from '../store/task-locks.ts';
import type { AccountJobs } from './account-jobs.ts';
import { runCalibrationJob, type CalibrationJobInput } from './calibration-job.ts';
import { jobAccountKey, STOPPING, type JobContext } from './job-context.ts';
import { jobMessages } from './job-messages.ts';
import type { JobInfo } from './job-types.ts';
import { runPreviewJob } from './preview-job.ts';
import { runRecalculationJob } from './recalculation-job.ts';

/**
 * The server's background jobs (the contract is src/jobs/account-jobs.ts). Each account's
 * recalculations run one after another, a newer one superseding the one before; across
 * accounts at most `maxRecalculations` run at once (each in its own rate budget, but on the
 * same two cores). Previews run at once: they are small. Calibrations run one at a time in
 * the whole server (each takes a core for its learning, in a worker thread).
 */

export interface JobRunnerOptions extends JobContext {
  /** Recalculations of different accounts running at the same time (default 2). */
  maxRecalculations?: number;
  /**
   * Several instances on one store: each job runs under a task lock (an account's
   * recalculations under the account's), and every instance looks for jobs to take up every
   * `pickupMs` (5 s): a new one started on another instance while this account's lock was
   * held, or one whose instance was killed.
   */
  locks?: TaskLocks | undefined;
  pickupMs?: number;
  /** Contacts a calibration reads at most (default MAX_CALIBRATION_CONTACTS; tests lower it). */
  calibrationContactLimit?: number;
  /**
   * False where nothing may run after a request is answered (a serverless function): a start
   * only records the job, queued, and `runWaiting` (the scheduled invocation) runs it. There
   * calibrations are refused (`calibrates` false): they learn in a worker thread, for minutes.
   */
  inBackground?: boolean;
}

interface Running {
  portalId: number;
  kind: StoredJob['kind'];
  controller: AbortController;
  supersededBy: number | undefined;
  done: Promise<void>;
}

export function createAccountJobs(options: JobRunnerOptions): AccountJobs {
  const { store, now, logger } = options;
  const running = new Map<string, Running>();
  /** Per account, the end of its chain of recalculations. */
  const tails = new Map<number, Promise<void>>();
  const slots = createSlots(options.maxRecalculations ?? 2);
  const calibrationSlots = createSlots(1);
  const { locks } = options;
  const inBackground = options.inBackground ?? true;
  let stopping = false;
  let pickupTimer: NodeJS.Timeout | undefined;

  /** Several instances: `work` only if this instance gets the lock (else another runs it). */
  const locked = async (key: string, work: () => Promise<void>): Promise<void> => {
    if (!locks) return work();
    await locks.runExclusive(key, work);
  };

  function track(job: StoredJob, work: (entry: Running) => Promise<void>, after?: Promise<void>) {
    const entry: Running = {
      portalId: job.portalId,
      kind: job.kind,
      controller: new AbortController(),
      supersededBy: undefined,
      done: Promise.resolve(),
    };
    running.set(job.id, entry);
    entry.done = (after ?? Promise.resolve())
      .then(() => work(entry))
      .catch(async (error: unknown) => {
        logger.error('a background job stopped unexpectedly', {
          portalId: job.portalId,
          jobId: job.id,
          error,
        });
        try {
          await store.update(job.id, {
            status: 'failed',
            error: jobMessages(job.input.locale).unexpected,
            now: now(),
          });
        } catch {
          // The store is closed (a stop past its grace): the row stays as it was, and a
          // recalculation left running is taken up at the next start.
        }
      })
      .finally(() => running.delete(job.id));
    return entry;
  }

  function scheduleRecalculation(job: StoredJob, resume: boolean): void {
    const previous = tails.get(job.portalId);
    const entry = track(
      job,
      (self) =>
        slots.run(() =>
          locked(taskKey('recalculation', job.portalId), async () => {
            if (locks) {
              // Another instance may have run it, or a newer one, while this one waited.
              const current = await store.get(job.id);
              if (current?.status !== 'queued' && current?.status !== 'running') return;
              await cancelOlderRecalculations(job);
            }
            await runRecalculationJob(job, options, {
              signal: self.controller.signal,
              supersededBy: () => self.supersededBy,
              resume,
              ...(locks
                ? { holdsAccountLock: true, afterPage: () => stopIfSuperseded(job, self) }
                : {}),
            });
          }),
        ),
      previous,
    );
    const tail = entry.done;
    tails.set(job.portalId, tail);
    void tail.then(() => {
      if (tails.get(job.portalId) === tail) tails.delete(job.portalId);
    });
  }

  function schedulePreview(job: StoredJob): void {
    track(job, (self) =>
      locked(taskKey(`job-${job.id}`, job.portalId), async () => {
        // Another instance may have run it while this one waited for the lock.
        if (!inBackground && (await store.get(job.id))?.status !== 'queued') return;
        await runPreviewJob(job, options, self.controller.signal);
      }),
    );
  }

  /** A newer recalculation of the account was started (on any instance): this one gives way. */
  async function stopIfSuperseded(job: StoredJob, self: Running): Promise<void> {
    const newest = await store.latest(job.portalId, 'recalculation');
    if (newest && newest.id !== job.id && newest.createdAt >= job.createdAt) {
      self.supersededBy = newest.modelVersion ?? 0;
      self.controller.abort('superseded');
    }
  }

  /** Under the account's lock: its older unfinished recalculations can no longer be running. */
  async function cancelOlderRecalculations(job: StoredJob): Promise<void> {
    for (const older of await store.withStatus(['queued', 'running'], 'recalculation')) {
      if (older.portalId !== job.portalId || older.id === job.id) continue;
      if (older.createdAt > job.createdAt) continue;
      await store.update(older.id, {
        status: 'cancelled',
        error: jobMessages(older.input.locale).superseded(job.modelVersion ?? 0),
        now: now(),
      });
    }
  }

  /**
   * Several instances: the jobs no instance runs. An account's newest recalculation is taken up
   * (from its checkpoint) by whichever instance gets the account's lock; a preview or
   * calibration whose instance is gone (its lock free, quiet for PICKUP_QUIET_MS) failed.
   */
  async function pickUp(): Promise<void> {
    const unfinished = await store.withStatus(['queued', 'running']);
    const newest = new Map<number, StoredJob>();
    for (const job of unfinished) {
      if (running.has(job.id)) continue;
      if (job.kind === 'recalculation') {
        const known = newest.get(job.portalId);
        if (!known || job.createdAt >= known.createdAt) newest.set(job.portalId, job);
        continue;
      }
      if (!inBackground && job.status === 'queued' && job.kind === 'preview') {
        schedulePreview(job);
        continue;
      }
      if (now() - job.updatedAt < PICKUP_QUIET_MS) continue;
      await locked(taskKey(`job-${job.id}`, job.portalId), () => failInterrupted(job));
    }
    for (const job of newest.values()) {
      if (tails.has(job.portalId) || stopping) continue;
      scheduleRecalculation(job, true);
    }
  }

  async function failInterrupted(job: StoredJob): Promise<void> {
    const messages = jobMessages(job.input.locale);
    await store.update(job.id, {
      status: 'failed',
      error:
        job.kind === 'calibration' ? messages.calibrationInterrupted : messages.previewInterrupted,
      now: now(),
    });
  }

  function planPickup(): void {
    if (!locks || stopping) return;
    pickupTimer = setTimeout(() => {
      pickUp()
        .catch((error: unknown) =>
          logger.error('could not look for background jobs to take up', { error }),
        )
        .finally(planPickup);
    }, options.pickupMs ?? 5_000);
    pickupTimer.unref();
  }

  function abortOf(portalId: number, kind: StoredJob['kind'], supersededBy?: number): void {
    for (const entry of running.values()) {
      if (entry.portalId !== portalId || entry.kind !== kind) continue;
      entry.supersededBy = supersededBy;
      entry.controller.abort('superseded');
    }
  }

  const visible = (job: StoredJob | undefined): JobInfo | undefined => {
    if (!job) return undefined;
    const { portalId: _portal, input: _input, ...info } = job;
    return info;
  };

  return {
    async startRecalculation(portalId, { modelVersion, startedBy, locale }) {
      abortOf(portalId, 'recalculation', modelVersion);
      const job = await store.create({
        portalId,
        kind: 'recalculation',
        startedBy,
        modelVersion,
        input: { locale: locale ?? 'en' },
        now: now(),
      });
      if (!stopping && inBackground) scheduleRecalculation(job, false);
      return visible(job)!;
    },
    async startPreview(portalId, { draftYaml, startedBy, sampleSize, locale }) {
      abortOf(portalId, 'preview');
      const job = await store.create({
        portalId,
        kind: 'preview',
        startedBy,
        input: { locale: locale ?? 'en', draftYaml, ...(sampleSize ? { sampleSize } : {}) },
        now: now(),
      });
      if (!stopping && inBackground) schedulePreview(job);
      return visible(job)!;
    },
    calibrates: inBackground,
    async startCalibration(portalId, request) {
      if (!inBackground) throw new Error('calibrations need a server: see `calibrates`');
      const input: CalibrationJobInput = {
        locale: request.locale ?? 'en',
        outcome: request.outcome,
        modelYaml: request.modelYaml,
        modelSource: request.modelSource,
        ...(request.maxCriteria === undefined ? {} : { maxCriteria: request.maxCriteria }),
        ...(request.hotRate === undefined ? {} : { hotRate: request.hotRate }),
        ...(options.calibrationContactLimit === undefined
          ? {}
          : { contactLimit: options.calibrationContactLimit }),
      };
      const job = await store.create({
        portalId,
        kind: 'calibration',
        startedBy: request.startedBy,
        input: { ...input },
        now: now(),
      });
      if (!stopping) {
        track(job, (self) =>
          calibrationSlots.run(() =>
            locked(taskKey(`job-${job.id}`, portalId), () =>
              runCalibrationJob(job, options, self.controller.signal),
            ),
          ),
        );
      }
      return visible(job)!;
    },
    async job(portalId, jobId) {
      const job = await store.get(jobId);
      return job?.portalId === portalId ? visible(job) : undefined;
    },
    async latest(portalId, kind) {
      return visible(await store.latest(portalId, kind));
    },
    async resumeUnfinished() {
      if (locks) {
        await pickUp();
        planPickup();
        return;
      }
      const unfinished = await store.withStatus(['queued', 'running']);
      const newest = new Map<number, StoredJob>();
      for (const job of unfinished) {
        if (running.has(job.id)) continue;
        const messages = jobMessages(job.input.locale);
        if (job.kind !== 'recalculation') {
          await store.update(job.id, {
            status: 'failed',
            error:
              job.kind === 'calibration'
                ? messages.calibrationInterrupted
                : messages.previewInterrupted,
            now: now(),
          });
          continue;
        }
        const older = newest.get(job.portalId);
        if (older) {
          await store.update(older.id, {
            status: 'cancelled',
            error: messages.superseded(job.modelVersion ?? 0),
            now: now(),
          });
        }
        newest.set(job.portalId, job);
      }
      for (const job of newest.values()) {
        logger.info('taking up an account’s unfinished recalculation', {
          portalId: job.portalId,
          jobId: job.id,
          done: job.progress.done,
        });
        scheduleRecalculation(job, true);
      }
    },
    async runWaiting(signal) {
      if (inBackground) throw new Error('runWaiting is for a runner without background jobs');
      if (signal.aborted) return { ran: 0 };
      const before = new Set(running.keys());
      await pickUp();
      const started = [...running.entries()].filter(([id]) => !before.has(id));
      // At the deadline the jobs stop after their page: a recalculation is queued again and
      // goes on from its checkpoint in the next run.
      const onAbort = () => {
        for (const [, entry] of started) entry.controller.abort(STOPPING);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        await Promise.allSettled(started.map(([, entry]) => entry.done));
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
      return { ran: started.length };
    },
    async stop() {
      stopping = true;
      if (pickupTimer !== undefined) clearTimeout(pickupTimer);
      const entries = [...running.values()];
      for (const entry of entries) entry.controller.abort(STOPPING);
      await Promise.allSettled(entries.map((entry) => entry.done));
    },
    async forget(portalId) {
      for (const entry of running.values()) {
        if (entry.portalId === portalId) entry.controller.abort('forgotten');
      }
      await store.forget(portalId);
      await options.checkpoints.abandonUnfinished(jobAccountKey(portalId), false, now());
    },
  };
}

/** A preview or calibration row this quiet, with its lock free, has no instance left. */
const PICKUP_QUIET_MS = 30_000;

/** At most `size` tasks at a time; the others wait their turn in order. */
function createSlots(size: number) {
  let free = size;
  const waiting: (() => void)[] = [];
  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (free === 0) await new Promise<void>((resolve) => waiting.push(resolve));
      else free--;
      try {
        return await task();
      } finally {
        const next = waiting.shift();
        if (next) next();
        else free++;
      }
    },
  };
}
