import { createAccounts } from '../../src/accounts/index.ts';
import type { HubSpotPort } from '../../src/hubspot/index.ts';
import { createAccountJobs, type AccountJobs, type JobInfo } from '../../src/jobs/index.ts';
import { createStaticAccountAccess } from '../../src/oauth/account-access.ts';
import type { AccountModels } from '../../src/store/account-models.ts';
import type { StoreDatabase } from '../../src/store/database.ts';
import { sqliteStoreOf } from '../../src/store/sqlite-store.ts';
import type { Store } from '../../src/store/store.ts';
import { defaultModel, defaultModelText, NOW } from '../helpers/scoring-fixtures.ts';

export const PORTAL = 48807704;
/** The shipped model with a much lower bar for warm: many contacts move cold → warm. */
export const LOW_WARM_MODEL = defaultModelText.replace('minScore: 45', 'minScore: 5');

export interface LogLine {
  level: string;
  message: string;
  details?: Record<string, unknown> | undefined;
}

export interface JobRig {
  jobs: AccountJobs;
  models: AccountModels;
  log: LogLine[];
}

/**
 * The real job runner over one store and one account's port (static mode). With `shared`, as
 * an instance among several: its jobs take the store's task locks and it looks for jobs to
 * take up every `pickupMs`.
 */
export function jobRig(
  database: StoreDatabase | Store,
  port: HubSpotPort,
  options: {
    retryDelaysMs?: number[];
    portalId?: number;
    calibrationContactLimit?: number;
    shared?: { pickupMs: number };
  } = {},
): JobRig {
  const store = 'workQueue' in database ? database : sqliteStoreOf(database);
  const models = store.accountModels({ clock: () => NOW });
  const accounts = createAccounts({
    access: createStaticAccountAccess({ port, portalId: options.portalId ?? PORTAL }),
    models,
    fallbackModel: defaultModel,
    refreshMs: 0,
  });
  const log: LogLine[] = [];
  const record = (level: string) => (message: string, details?: Record<string, unknown>) =>
    log.push({ level, message, details });
  const jobs = createAccountJobs({
    store: store.accountJobs(),
    checkpoints: store.checkpoints(),
    ...(options.shared ? { locks: store.taskLocks(), pickupMs: options.shared.pickupMs } : {}),
    accounts,
    now: Date.now,
    scoringClock: () => NOW,
    logger: { info: record('info'), warn: record('warn'), error: record('error') },
    retryDelaysMs: options.retryDelaysMs ?? [],
    ...(options.calibrationContactLimit === undefined
      ? {}
      : { calibrationContactLimit: options.calibrationContactLimit }),
  });
  return { jobs, models, log };
}

const ENDED = new Set(['finished', 'failed', 'cancelled']);

/** Polls the job as the settings page does, until it has ended (or `waitMs` have passed). */
export async function jobEnd(
  jobs: AccountJobs,
  portalId: number,
  jobId: string,
  waitMs = 15_000,
): Promise<JobInfo> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const job = await jobs.job(portalId, jobId);
    if (!job) throw new Error(`job ${jobId} is not account ${portalId}'s`);
    if (ENDED.has(job.status)) return job;
    if (Date.now() > deadline)
      throw new Error(`job ${jobId} still ${job.status}: ${JSON.stringify(job.progress)}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
