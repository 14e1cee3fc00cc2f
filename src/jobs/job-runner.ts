import type { StoredJob } from '../store/account-job-store.ts';
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
  /** Contacts a calibration reads at most (default MAX_CALIBRATION_CONTACTS; tests lower it). */
  calibrationContactLimit?: number;
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
  let stopping = false;

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
          runRecalculationJob(job, options, {
            signal: self.controller.signal,
            supersededBy: () => self.supersededBy,
            resume,
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
      if (!stopping) scheduleRecalculation(job, false);
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
      if (!stopping) track(job, (self) => runPreviewJob(job, options, self.controller.signal));
      return visible(job)!;
    },
    async startCalibration(portalId, request) {
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
          calibrationSlots.run(() => runCalibrationJob(job, options, self.controller.signal)),
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
    async stop() {
      stopping = true;
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
