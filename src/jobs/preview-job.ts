import { HubSpotError } from '../hubspot/hubspot-error.ts';
import { parseModel } from '../model/load-model.ts';
import { compileModel, type CompiledModel } from '../scoring/index.ts';
import type { StoredJob } from '../store/account-job-store.ts';
import { STOPPING, type JobContext } from './job-context.ts';
import { jobMessages } from './job-messages.ts';
import { previewSample } from './preview-sample.ts';

/**
 * A draft's preview as a background job: the sample scored with the model in use and with the
 * draft (src/jobs/preview-sample.ts), the figures kept as the job's result. Short (a few
 * seconds of the account's rate budget), so it is not resumed after a restart: it fails with
 * a message to start it again. A newer preview of the same account cancels it.
 */
export async function runPreviewJob(
  job: StoredJob,
  context: JobContext,
  signal: AbortSignal,
): Promise<void> {
  const { store, accounts, now, logger } = context;
  const messages = jobMessages(job.input.locale);
  const end = async (status: 'failed' | 'cancelled', error: string): Promise<void> => {
    await store.update(job.id, { status, error, now: now() });
  };
  const cancelled = () =>
    end(
      'cancelled',
      signal.reason === STOPPING ? messages.previewInterrupted : messages.previewSuperseded,
    );
  if (signal.aborted) return cancelled();

  let draft: CompiledModel;
  try {
    draft = compileModel(parseModel(String(job.input.draftYaml ?? ''), 'the draft'));
  } catch {
    return end('failed', messages.invalidDraft);
  }
  await store.update(job.id, { status: 'running', now: now() });
  const account = await accounts.get(job.portalId);
  if (!account) return end('failed', messages.notInstalled);
  try {
    const result = await previewSample({
      port: account.hubspot,
      draft,
      current: account.model,
      sampleSize: typeof job.input.sampleSize === 'number' ? job.input.sampleSize : undefined,
      nowMs: context.scoringClock(),
      signal,
      onProgress: async (done, total) => {
        await store.update(job.id, { progress: { done, total }, now: now() });
      },
    });
    await store.update(job.id, {
      status: 'finished',
      progress: { done: result.sampled, total: result.sampled },
      result,
      now: now(),
    });
  } catch (error) {
    if (signal.aborted) return cancelled();
    logger.warn('an account’s preview failed', { portalId: job.portalId, jobId: job.id, error });
    await end(
      'failed',
      error instanceof HubSpotError ? messages.previewHubSpotFailed : messages.unexpected,
    );
  }
}
