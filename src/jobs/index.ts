/** The accounts' background jobs: recalculation after a publish or rollback, draft previews. */
export type { AccountJobs } from './account-jobs.ts';
export { createAccountJobs, type JobRunnerOptions } from './job-runner.ts';
export type { JobContext } from './job-context.ts';
export type {
  JobInfo,
  JobKind,
  JobStatus,
  PreviewResult,
  RecalculationResult,
} from './job-types.ts';
export { DEFAULT_SAMPLE_SIZE } from './preview-sample.ts';
