import type { OutcomeSpec } from '../calibration/outcome.ts';
import type { Locale } from '../model/translations.ts';
import type { JobInfo, JobKind } from './job-types.ts';

/**
 * An account's background jobs: the full recalculation after a publish or rollback, and the
 * preview of a draft, and the calibration of a model on the account's contacts. One concept for all three: started, with progress
 * in the store that the settings page and the command line both read, and resumable: a
 * recalculation interrupted by a restart goes on from its checkpoint when the server starts
 * again. Jobs of one account never touch another account's contacts; each account runs at
 * most one recalculation at a time, within its own rate budget.
 *
 * This file is the contract; the implementation is job-runner.ts. A job's messages are in the
 * locale of the user who started it.
 */
export interface AccountJobs {
  /**
   * Recalculates every contact of the account with its published model (version
   * `modelVersion`). A recalculation already running for the account is superseded: it stops
   * after its current page and the new one starts from the first contact.
   */
  startRecalculation(
    portalId: number,
    options: { modelVersion: number; startedBy: string; locale?: Locale | undefined },
  ): Promise<JobInfo>;
  /** Scores a sample (up to `sampleSize`, default 1,000) with the draft and with the published model. */
  startPreview(
    portalId: number,
    options: {
      draftYaml: string;
      startedBy: string;
      sampleSize?: number | undefined;
      locale?: Locale | undefined;
    },
  ): Promise<JobInfo>;
  /**
   * Learns the model's points (and proposes criteria) from every contact of the account and
   * the outcome they reached; the result holds the report and the suggested model. Callers
   * refuse a second one while `latest(portalId, 'calibration')` is queued or running.
   */
  startCalibration(
    portalId: number,
    options: {
      outcome: OutcomeSpec;
      modelYaml: string;
      modelSource: string;
      startedBy: string;
      maxCriteria?: number | undefined;
      hotRate?: number | undefined;
      locale?: Locale | undefined;
    },
  ): Promise<JobInfo>;
  /** False where calibrations cannot run (a serverless function); `startCalibration` throws. */
  readonly calibrates: boolean;
  /**
   * Without background jobs (a serverless function): runs the jobs waiting in the store (each
   * account's newest recalculation, from its checkpoint; queued previews) until they end or
   * `signal` fires, when they stop after their page. Throws in a server.
   */
  runWaiting(signal: AbortSignal): Promise<{ ran: number }>;
  /** One job of this account; undefined when it is not this account's. */
  job(portalId: number, jobId: string): Promise<JobInfo | undefined>;
  /** The account's newest job of this kind. */
  latest(portalId: number, kind: JobKind): Promise<JobInfo | undefined>;
  /** At start-up: takes up the recalculations that a stop or crash interrupted. */
  resumeUnfinished(): Promise<void>;
  /** Stops running jobs after their current page (they stay resumable); resolves when they have. */
  stop(): Promise<void>;
  /** An account removed (uninstall): its jobs go. */
  forget(portalId: number): Promise<void>;
}
