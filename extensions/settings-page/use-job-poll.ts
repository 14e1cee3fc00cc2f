import { useEffect, useState } from 'react';
import type { JobInfo } from '../../src/settings-api/settings-contract.ts';
import type { SettingsClient } from './settings-client.ts';

export const JOB_POLL_MS = 2_000;

const isActive = (job: JobInfo | undefined) =>
  job !== undefined && (job.status === 'queued' || job.status === 'running');

/**
 * Follows a background job (recalculation, preview) by asking for it again every `intervalMs`
 * until it is finished, failed or cancelled. A failed poll is retried at the next interval: a
 * job runs on in the server whether or not this page can see it.
 */
export function useJobPoll(
  client: SettingsClient,
  started: JobInfo | undefined,
  intervalMs: number,
): JobInfo | undefined {
  const [job, setJob] = useState(started);
  useEffect(() => setJob(started), [started]);

  useEffect(() => {
    if (!job || !isActive(job)) return;
    let current = true;
    const timer = setTimeout(() => {
      client.job(job.id).then(
        (answer) => current && setJob(answer.job),
        // Polled again with the same job: a new object so the effect runs once more.
        () => current && setJob({ ...job }),
      );
    }, intervalMs);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [client, job, intervalMs]);

  return job;
}

export { isActive as jobIsActive };
