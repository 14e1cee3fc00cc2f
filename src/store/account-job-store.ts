import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  calibrationResultSchema,
  jobProgressSchema,
  previewResultSchema,
  recalculationResultSchema,
} from '../settings-api/settings-contract.ts';
import type { JobInfo, JobKind, JobStatus } from '../jobs/job-types.ts';
import type { StoreDatabase } from './database.ts';

/**
 * The accounts' background jobs in the store (table `account_jobs`): what the settings page
 * polls and what a restarted server takes up again. One row per job; its progress and result
 * are JSON checked with the settings contract on the way in and out, so a row written by an
 * older version that no longer fits reads as a failed job, never as a crash.
 */

export interface NewJob {
  portalId: number;
  kind: JobKind;
  startedBy: string;
  modelVersion?: number | undefined;
  /** What the job needs to run again after a restart (a preview's draft, the locale). */
  input?: Record<string, unknown> | undefined;
  now: number;
}

export interface StoredJob extends JobInfo {
  portalId: number;
  input: Record<string, unknown>;
}

export interface JobChange {
  status?: JobStatus;
  progress?: JobInfo['progress'];
  result?: JobInfo['result'];
  error?: string | undefined;
  now: number;
}

export interface AccountJobStore {
  create(job: NewJob): Promise<StoredJob>;
  /** The job as it now is; undefined when it is gone (its account was removed meanwhile). */
  update(jobId: string, change: JobChange): Promise<StoredJob | undefined>;
  get(jobId: string): Promise<StoredJob | undefined>;
  latest(portalId: number, kind: JobKind): Promise<StoredJob | undefined>;
  /** Jobs of every account in one of these states, oldest first. */
  withStatus(statuses: readonly JobStatus[], kind?: JobKind): Promise<StoredJob[]>;
  /** An account removed: its jobs go. */
  forget(portalId: number): Promise<number>;
}

const rowSchema = z.object({
  job_id: z.string(),
  portal_id: z.number().int(),
  kind: z.enum(['recalculation', 'preview', 'calibration']),
  status: z.enum(['queued', 'running', 'finished', 'failed', 'cancelled']),
  started_by: z.string(),
  created_at: z.number(),
  updated_at: z.number(),
  model_version: z.number().int().positive().nullable(),
  input_json: z.string().nullable(),
  progress_json: z.string(),
  result_json: z.string().nullable(),
  error: z.string().nullable(),
});

const resultSchema = z.union([
  previewResultSchema,
  recalculationResultSchema,
  calibrationResultSchema,
]);
const inputSchema = z.record(z.string(), z.unknown());

/** A new job's row, as both engines insert it (status 'queued', no result, no error). */
export interface NewJobRow {
  job_id: string;
  portal_id: number;
  kind: JobKind;
  started_by: string;
  created_at: number;
  updated_at: number;
  model_version: number | null;
  input_json: string | null;
  progress_json: string;
}

/** One column an update sets, and its value (checked and serialised already). */
export type JobColumnChange = readonly [
  column: 'updated_at' | 'status' | 'progress_json' | 'result_json' | 'error',
  value: string | number | null,
];

/** What one engine does in SQL for the jobs; rows come back raw and are checked here. */
export interface AccountJobRows {
  insert(row: NewJobRow): Promise<unknown>;
  /** The row after the update; undefined when there is none. */
  update(jobId: string, changes: readonly JobColumnChange[]): Promise<unknown>;
  get(jobId: string): Promise<unknown>;
  /** The newest (by created_at, then insertion order) of this account and kind. */
  latest(portalId: number, kind: JobKind): Promise<unknown>;
  /** Oldest first (created_at, then insertion order). */
  withStatus(statuses: readonly JobStatus[], kind: JobKind | undefined): Promise<unknown[]>;
  forget(portalId: number): Promise<number>;
}

/** The job store over one engine's rows: what goes in is checked, what comes out parsed. */
export function accountJobsOver(rows: AccountJobRows): AccountJobStore {
  const toJobOrNone = (row: unknown) => (row === undefined ? undefined : toJob(row));
  return {
    async create(job) {
      return toJob(
        await rows.insert({
          job_id: randomUUID(),
          portal_id: job.portalId,
          kind: job.kind,
          started_by: job.startedBy,
          created_at: job.now,
          updated_at: job.now,
          model_version: job.modelVersion ?? null,
          input_json: job.input ? JSON.stringify(job.input) : null,
          progress_json: JSON.stringify({ done: 0 }),
        }),
      );
    },
    async update(jobId, change) {
      const changes: JobColumnChange[] = [['updated_at', change.now]];
      if (change.status) changes.push(['status', change.status]);
      if (change.progress) {
        changes.push(['progress_json', JSON.stringify(jobProgressSchema.parse(change.progress))]);
      }
      if (change.result) {
        changes.push(['result_json', JSON.stringify(resultSchema.parse(change.result))]);
      }
      if ('error' in change) changes.push(['error', change.error ?? null]);
      return toJobOrNone(await rows.update(jobId, changes));
    },
    get: async (jobId) => toJobOrNone(await rows.get(jobId)),
    latest: async (portalId, kind) => toJobOrNone(await rows.latest(portalId, kind)),
    withStatus: async (statuses, kind) => (await rows.withStatus(statuses, kind)).map(toJob),
    forget: (portalId) => rows.forget(portalId),
  };
}

/** The SQLite store's jobs. */
export function createAccountJobStore(db: StoreDatabase): AccountJobStore {
  const insert = db.prepare(
    `INSERT INTO account_jobs (job_id, portal_id, kind, status, started_by, created_at,
       updated_at, model_version, input_json, progress_json, result_json, error)
     VALUES (@job_id, @portal_id, @kind, 'queued', @started_by, @created_at, @updated_at,
       @model_version, @input_json, @progress_json, NULL, NULL)`,
  );
  const byId = db.prepare(`SELECT * FROM account_jobs WHERE job_id = ?`);
  const newest = db.prepare(
    `SELECT * FROM account_jobs WHERE portal_id = ? AND kind = ?
     ORDER BY created_at DESC, rowid DESC LIMIT 1`,
  );
  const remove = db.prepare(`DELETE FROM account_jobs WHERE portal_id = ?`);

  return accountJobsOver({
    async insert(row) {
      insert.run(row);
      return byId.get(row.job_id);
    },
    async update(jobId, changes) {
      const sets = changes.map(([column]) => `${column} = ?`).join(', ');
      db.prepare(`UPDATE account_jobs SET ${sets} WHERE job_id = ?`).run(
        ...changes.map(([, value]) => value),
        jobId,
      );
      return byId.get(jobId);
    },
    get: async (jobId) => byId.get(jobId),
    latest: async (portalId, kind) => newest.get(portalId, kind),
    async withStatus(statuses, kind) {
      const marks = statuses.map(() => '?').join(', ');
      return db
        .prepare(
          `SELECT * FROM account_jobs WHERE status IN (${marks})
           ${kind ? 'AND kind = ?' : ''} ORDER BY created_at, rowid`,
        )
        .all(...statuses, ...(kind ? [kind] : []));
    },
    forget: async (portalId) => remove.run(portalId).changes,
  });
}

function toJob(raw: unknown): StoredJob {
  const row = rowSchema.parse(raw);
  const progress = jobProgressSchema.safeParse(safeJson(row.progress_json));
  const result =
    row.result_json === null ? undefined : resultSchema.safeParse(safeJson(row.result_json));
  const input = inputSchema.safeParse(row.input_json === null ? {} : safeJson(row.input_json));
  const unreadable = !progress.success || result?.success === false || !input.success;
  const job: StoredJob = {
    id: row.job_id,
    portalId: row.portal_id,
    kind: row.kind,
    status: unreadable ? 'failed' : row.status,
    startedBy: row.started_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    progress: progress.success ? progress.data : { done: 0 },
    input: input.success ? input.data : {},
  };
  if (row.model_version !== null) job.modelVersion = row.model_version;
  if (result?.success) job.result = result.data;
  if (unreadable) job.error = 'this job’s record in the store is unreadable; start it again';
  else if (row.error !== null) job.error = row.error;
  return job;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
