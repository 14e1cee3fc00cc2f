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

export function createAccountJobStore(db: StoreDatabase): AccountJobStore {
  const insert = db.prepare(
    `INSERT INTO account_jobs (job_id, portal_id, kind, status, started_by, created_at,
       updated_at, model_version, input_json, progress_json, result_json, error)
     VALUES (?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, NULL, NULL)`,
  );
  const byId = db.prepare(`SELECT * FROM account_jobs WHERE job_id = ?`);
  const newest = db.prepare(
    `SELECT * FROM account_jobs WHERE portal_id = ? AND kind = ?
     ORDER BY created_at DESC, rowid DESC LIMIT 1`,
  );
  const remove = db.prepare(`DELETE FROM account_jobs WHERE portal_id = ?`);

  const get = (jobId: string) => {
    const row = byId.get(jobId);
    return row === undefined ? undefined : toJob(row);
  };

  return {
    async create(job) {
      const jobId = randomUUID();
      insert.run(
        jobId,
        job.portalId,
        job.kind,
        job.startedBy,
        job.now,
        job.now,
        job.modelVersion ?? null,
        job.input ? JSON.stringify(job.input) : null,
        JSON.stringify({ done: 0 }),
      );
      return get(jobId)!;
    },
    async update(jobId, change) {
      const sets = ['updated_at = ?'];
      const values: unknown[] = [change.now];
      if (change.status) {
        sets.push('status = ?');
        values.push(change.status);
      }
      if (change.progress) {
        sets.push('progress_json = ?');
        values.push(JSON.stringify(jobProgressSchema.parse(change.progress)));
      }
      if (change.result) {
        sets.push('result_json = ?');
        values.push(JSON.stringify(resultSchema.parse(change.result)));
      }
      if ('error' in change) {
        sets.push('error = ?');
        values.push(change.error ?? null);
      }
      db.prepare(`UPDATE account_jobs SET ${sets.join(', ')} WHERE job_id = ?`).run(
        ...values,
        jobId,
      );
      return get(jobId);
    },
    get: async (jobId) => get(jobId),
    async latest(portalId, kind) {
      const row = newest.get(portalId, kind);
      return row === undefined ? undefined : toJob(row);
    },
    async withStatus(statuses, kind) {
      const marks = statuses.map(() => '?').join(', ');
      const rows = db
        .prepare(
          `SELECT * FROM account_jobs WHERE status IN (${marks})
           ${kind ? 'AND kind = ?' : ''} ORDER BY created_at, rowid`,
        )
        .all(...statuses, ...(kind ? [kind] : []));
      return rows.map(toJob);
    },
    async forget(portalId) {
      return remove.run(portalId).changes;
    },
  };
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
