import {
  DEFAULT_MAX_CRITERIA,
  outcomeTest,
  readAccountCandidates,
  type OutcomeSpec,
} from '../calibration/index.ts';
import { HubSpotError } from '../hubspot/hubspot-error.ts';
import { parseModel } from '../model/load-model.ts';
import { compileModel } from '../scoring/index.ts';
import type { StoredJob } from '../store/account-job-store.ts';
import { calibrationResult } from './calibration-summary.ts';
import { calibrateInWorker } from './calibration-thread.ts';
import type { JobContext } from './job-context.ts';
import { jobMessages } from './job-messages.ts';

/**
 * A calibration of one account's own contacts as a background job: every contact read through
 * the account's port (search 200 a page, then property history 50 a call, within its rate
 * budget), then calibrate() in a worker thread, the report kept as the job's result with the
 * suggested model for the admin to load as the draft. It reads and learns, and writes nothing
 * to HubSpot. Not resumed after a restart (it holds the contacts in memory only): it fails
 * with a message to start it again.
 */

/** A calibration reads at most this many contacts (the lowest ids): memory, and minutes of CPU. */
export const MAX_CALIBRATION_CONTACTS = 50_000;

/** What startCalibration keeps in the job's input. */
export interface CalibrationJobInput {
  locale: string;
  outcome: OutcomeSpec;
  modelYaml: string;
  /** "published version 3" or "the draft": for the suggestion's header. */
  modelSource: string;
  maxCriteria?: number | undefined;
  hotRate?: number | undefined;
  /** Tests lower it; the server keeps MAX_CALIBRATION_CONTACTS. */
  contactLimit?: number | undefined;
}

export async function runCalibrationJob(
  job: StoredJob,
  context: JobContext,
  signal: AbortSignal,
): Promise<void> {
  const { store, accounts, now, logger } = context;
  const input = job.input as unknown as CalibrationJobInput;
  const messages = jobMessages(input.locale);
  const outcomeWords = `${input.outcome.property} = ${input.outcome.values.join(' / ')}`;
  // Reading reports progress synchronously, page by page: its store writes go one after
  // another on this chain, and every later write waits for them.
  let progressWrites: Promise<unknown> = Promise.resolve();
  const end = async (status: 'failed' | 'cancelled', error: string): Promise<void> => {
    await progressWrites;
    await store.update(job.id, { status, error, now: now() });
  };
  if (signal.aborted) return end('cancelled', messages.calibrationInterrupted);

  const model = parseModel(input.modelYaml, input.modelSource);
  const compiled = compileModel(model);
  await store.update(job.id, {
    status: 'running',
    progress: { stage: 'reading', done: 0 },
    now: now(),
  });
  const account = await accounts.get(job.portalId);
  if (!account) return end('failed', messages.notInstalled);

  const limit = input.contactLimit ?? MAX_CALIBRATION_CONTACTS;
  let read = 0;
  let total: number | undefined;
  let accountTotal = 0;
  const progress = (stage: 'reading' | 'history', done: number, of: number | undefined) => {
    progressWrites = progressWrites.then(() =>
      store.update(job.id, {
        progress: { stage, done, ...(of === undefined ? {} : { total: of }) },
        now: now(),
      }),
    );
  };
  let contacts;
  try {
    const reading = await readAccountCandidates(
      account.hubspot,
      {
        modelProperties: compiled.properties,
        historyProperties: compiled.historyProperties,
        outcomeProperty: input.outcome.property,
        discovery: input.maxCriteria !== 0,
      },
      {
        reading: {
          start: (n, all) => {
            total = n;
            accountTotal = all;
          },
          update: (n) => {
            read = n;
            progress('reading', n, total);
          },
          stop: () => undefined,
        },
        history: (done, of) => progress('history', done, of),
      },
      { signal, limit },
    );
    contacts = reading.contacts;
  } catch (error) {
    if (signal.aborted) return end('cancelled', messages.calibrationInterrupted);
    if (!(error instanceof HubSpotError)) throw error;
    logger.warn('an account’s calibration could not read its contacts', {
      portalId: job.portalId,
      jobId: job.id,
      read,
      error,
    });
    return end('failed', messages.calibrationHubSpotFailed(read));
  }
  if (contacts.length === 0) return end('failed', messages.noContacts);
  const isOutcome = outcomeTest(input.outcome);
  const reached = contacts.filter((c) => isOutcome(c.properties)).length;
  if (reached === 0) return end('failed', messages.noOutcome(outcomeWords));
  if (reached === contacts.length) return end('failed', messages.everyOutcome(outcomeWords));

  await progressWrites;
  await store.update(job.id, {
    progress: { stage: 'learning', done: contacts.length, total: contacts.length },
    now: now(),
  });
  let answer;
  try {
    answer = await calibrateInWorker(
      {
        modelYaml: input.modelYaml,
        modelSource: input.modelSource,
        input: {
          contacts,
          outcome: input.outcome,
          modelSource: input.modelSource,
          now: context.scoringClock(),
          calibratedAt: now(),
          discovery:
            input.maxCriteria === 0
              ? false
              : { maxCriteria: input.maxCriteria ?? DEFAULT_MAX_CRITERIA },
          hotRate: input.hotRate,
        },
      },
      signal,
    );
  } catch (error) {
    if (signal.aborted) return end('cancelled', messages.calibrationInterrupted);
    throw error;
  }
  if (!answer.ok) {
    if (!answer.calibrationError) throw new Error(answer.message);
    return end('failed', messages.calibrationRefused(answer.message));
  }
  const result = calibrationResult(answer.report, answer.suggestedYaml, messages);
  if (accountTotal > contacts.length) {
    result.warnings.unshift(messages.contactLimit(contacts.length, accountTotal));
  }
  await store.update(job.id, {
    status: 'finished',
    progress: { stage: 'learning', done: contacts.length, total: contacts.length },
    result,
    now: now(),
  });
}
