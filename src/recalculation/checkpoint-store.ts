import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { StoreDatabase } from '../store/database.ts';
import type { RecalculationPosition } from './full-recalculation.ts';
import { RecalculationError } from './recalculation-error.ts';
import { emptyTally, type RescoreTally } from './rescore-batch.ts';

/**
 * Checkpoints of full recalculations, in the app's store: in SQLite a table of its own,
 * created when missing, so the store's migrations need not know about it; in PostgreSQL
 * (../store/postgres/pg-checkpoints.ts) the migrations' `recalculation_runs`. A run is
 * resumable while it is unfinished; it is one account's, one model's and one mode's (a dry run
 * never resumes a real run, nor the other way round).
 */

export type RunStatus = 'running' | 'interrupted' | 'finished' | 'abandoned';

export interface RecalculationRun extends RecalculationPosition {
  runId: string;
  accountKey: string;
  modelHash: string;
  dryRun: boolean;
  status: RunStatus;
  startedAt: number;
  updatedAt: number;
}

const tallySchema = z.object({
  read: z.number().int().min(0),
  missing: z.number().int().min(0),
  changed: z.number().int().min(0),
  written: z.number().int().min(0),
  stillDue: z.number().int().min(0),
  tierMoves: z.record(z.string(), z.number().int().min(0)),
  requests: z.object({
    searches: z.number().int().min(0),
    reads: z.number().int().min(0),
    writes: z.number().int().min(0),
  }),
}) satisfies z.ZodType<RescoreTally>;

const rowSchema = z.object({
  run_id: z.string(),
  account_key: z.string(),
  model_hash: z.string(),
  // SQLite keeps 0 or 1, PostgreSQL a BOOLEAN.
  dry_run: z.union([z.boolean(), z.literal(0), z.literal(1)]),
  status: z.enum(['running', 'interrupted', 'finished', 'abandoned']),
  started_at: z.number(),
  updated_at: z.number(),
  last_contact_id: z.string().regex(/^\d+$/),
  tally: z.string(),
});

/** A run whose process made progress this recently may still be alive: do not take it over. */
export const LIVE_RUN_MS = 2 * 60_000;

export interface CheckpointStore {
  /** The latest unfinished run of this account and mode, if any. */
  unfinished(accountKey: string, dryRun: boolean): Promise<RecalculationRun | undefined>;
  start(run: {
    accountKey: string;
    modelHash: string;
    dryRun: boolean;
    now: number;
  }): Promise<RecalculationRun>;
  /** Gives up every unfinished run of this account and mode (`--restart`), readable or not. */
  abandonUnfinished(accountKey: string, dryRun: boolean, now: number): Promise<number>;
  /** Takes over an unfinished run (this process now runs it). */
  resume(runId: string, now: number): Promise<void>;
  save(runId: string, position: Readonly<RecalculationPosition>, now: number): Promise<void>;
  end(runId: string, status: Exclude<RunStatus, 'running'>, now: number): Promise<void>;
}

/** A new run's row, as both engines insert it (status 'running', at contact 0). */
export interface NewRunRow {
  run_id: string;
  account_key: string;
  model_hash: string;
  dry_run: boolean;
  started_at: number;
  updated_at: number;
  tally: string;
}

/** What one engine does in SQL for the checkpoints; rows come back raw and are checked here. */
export interface CheckpointRows {
  /** The latest (updated_at, then insertion order) running or interrupted run. */
  latestUnfinished(accountKey: string, dryRun: boolean): Promise<unknown>;
  insert(row: NewRunRow): Promise<unknown>;
  /** Sets every running or interrupted run of the account and mode 'abandoned'; how many. */
  abandon(accountKey: string, dryRun: boolean, now: number): Promise<number>;
  setStatus(runId: string, status: RunStatus, now: number): Promise<void>;
  /** Saves the position of a run that is still 'running'; how many rows changed (0 or 1). */
  savePosition(runId: string, lastContactId: string, tally: string, now: number): Promise<number>;
}

/** The checkpoint store over one engine's rows. */
export function checkpointStoreOver(rows: CheckpointRows): CheckpointStore {
  return {
    async unfinished(accountKey, dryRun) {
      const row = await rows.latestUnfinished(accountKey, dryRun);
      return row === undefined ? undefined : toRun(row);
    },
    abandonUnfinished: (accountKey, dryRun, now) => rows.abandon(accountKey, dryRun, now),
    async start({ accountKey, modelHash, dryRun, now }) {
      return toRun(
        await rows.insert({
          run_id: randomUUID(),
          account_key: accountKey,
          model_hash: modelHash,
          dry_run: dryRun,
          started_at: now,
          updated_at: now,
          tally: JSON.stringify(emptyTally()),
        }),
      );
    },
    resume: (runId, now) => rows.setStatus(runId, 'running', now),
    async save(runId, position, now) {
      const tally = JSON.stringify(position.tally);
      if ((await rows.savePosition(runId, position.lastContactId, tally, now)) !== 1) {
        throw new RecalculationError(
          `the recalculation run ${runId} is no longer this process's to save (another run took it over?)`,
        );
      }
    },
    end: (runId, status, now) => rows.setStatus(runId, status, now),
  };
}

/** The SQLite store's checkpoints. */
export function createCheckpointStore(db: StoreDatabase): CheckpointStore {
  db.exec(`CREATE TABLE IF NOT EXISTS recalculation_runs (
    run_id TEXT PRIMARY KEY,
    account_key TEXT NOT NULL,
    model_hash TEXT NOT NULL,
    dry_run INTEGER NOT NULL,
    status TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    -- the keyset cursor: every contact with an id up to this one is done
    last_contact_id TEXT NOT NULL,
    tally TEXT NOT NULL
  )`);
  const latest = db.prepare(
    `SELECT * FROM recalculation_runs
     WHERE account_key = ? AND dry_run = ? AND status IN ('running', 'interrupted')
     ORDER BY updated_at DESC, rowid DESC LIMIT 1`,
  );
  const insert = db.prepare(
    `INSERT INTO recalculation_runs VALUES (?, ?, ?, ?, 'running', ?, ?, '0', ?)`,
  );
  const byId = db.prepare(`SELECT * FROM recalculation_runs WHERE run_id = ?`);
  const update = db.prepare(
    `UPDATE recalculation_runs SET last_contact_id = ?, tally = ?, updated_at = ?
     WHERE run_id = ? AND status = 'running'`,
  );
  const setStatus = db.prepare(
    `UPDATE recalculation_runs SET status = ?, updated_at = ? WHERE run_id = ?`,
  );
  const abandon = db.prepare(
    `UPDATE recalculation_runs SET status = 'abandoned', updated_at = ?
     WHERE account_key = ? AND dry_run = ? AND status IN ('running', 'interrupted')`,
  );
  const flag = (dryRun: boolean) => (dryRun ? 1 : 0);

  return checkpointStoreOver({
    latestUnfinished: async (accountKey, dryRun) => latest.get(accountKey, flag(dryRun)),
    abandon: async (accountKey, dryRun, now) => abandon.run(now, accountKey, flag(dryRun)).changes,
    async insert(row) {
      insert.run(
        row.run_id,
        row.account_key,
        row.model_hash,
        flag(row.dry_run),
        row.started_at,
        row.updated_at,
        row.tally,
      );
      return byId.get(row.run_id);
    },
    async setStatus(runId, status, now) {
      setStatus.run(status, now, runId);
    },
    savePosition: async (runId, lastContactId, tally, now) =>
      update.run(lastContactId, tally, now, runId).changes,
  });
}

function toRun(raw: unknown): RecalculationRun {
  const parsed = rowSchema.safeParse(raw);
  const tally = parsed.success ? tallySchema.safeParse(safeJson(parsed.data.tally)) : undefined;
  if (!parsed.success || !tally?.success) {
    throw new RecalculationError(
      'a recalculation checkpoint in the store is unreadable; start over with --restart',
      { cause: parsed.success ? tally?.error : parsed.error },
    );
  }
  const row = parsed.data;
  return {
    runId: row.run_id,
    accountKey: row.account_key,
    modelHash: row.model_hash,
    dryRun: row.dry_run === true || row.dry_run === 1,
    status: row.status,
    startedAt: row.started_at,
    updatedAt: row.updated_at,
    lastContactId: row.last_contact_id,
    tally: tally.data,
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
