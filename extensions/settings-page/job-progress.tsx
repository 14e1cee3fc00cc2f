import { Alert, Flex, ProgressBar, Text } from '@hubspot/ui-extensions';
import {
  recalculationResultSchema,
  type JobInfo,
  type RecalculationResult,
} from '../../src/settings-api/settings-contract.ts';
import type { SettingsMessages } from './messages/index.ts';
import { jobIsActive } from './use-job-poll.ts';

export interface JobProgressProps {
  job: JobInfo;
  title: string;
  messages: SettingsMessages;
  testId: string;
  /** What the done/total count (a calibration's stage); by default, contacts. */
  description?: string;
}

/** A running job as a progress bar; a failed one says why, in the admin's words. */
export function JobProgress({ job, title, messages, testId, description }: JobProgressProps) {
  const { done, total, secondsLeft } = job.progress;
  if (job.status === 'failed') {
    return (
      <Alert title={title} variant="error" testId={`${testId}-failed`}>
        {messages.jobFailed(job.error)}
      </Alert>
    );
  }
  return (
    <Flex direction="column" gap="xs">
      <ProgressBar
        testId={`${testId}-progress`}
        title={`${title}: ${messages.jobStatus[job.status]}`}
        value={job.status === 'finished' ? (total ?? done) : done}
        maxValue={total ?? Math.max(done, 1)}
        valueDescription={description ?? messages.jobProgress(done, total)}
        showPercentage={total !== undefined}
        {...(job.status === 'finished' && { variant: 'success' as const })}
      />
      {jobIsActive(job) && secondsLeft !== undefined && (
        <Text variant="microcopy">{messages.jobSecondsLeft(secondsLeft)}</Text>
      )}
    </Flex>
  );
}

/** The recalculation's result, when the job is finished and carries one. */
export function recalculationResult(job: JobInfo): RecalculationResult | undefined {
  if (job.status !== 'finished') return undefined;
  const parsed = recalculationResultSchema.safeParse(job.result);
  return parsed.success ? parsed.data : undefined;
}

export function RecalculationSummary({
  job,
  messages,
}: {
  job: JobInfo;
  messages: SettingsMessages;
}) {
  const result = recalculationResult(job);
  if (!result) return null;
  const moves = result.tierMoves.filter((m) => m.count > 0);
  return (
    <Flex direction="column" gap="xs">
      <Text testId="recalculation-summary">
        {messages.recalculationSummary(result.read, result.changed, result.written, result.seconds)}
      </Text>
      {moves.length === 0 ? (
        <Text testId="recalculation-moves">{messages.noTierMoves}</Text>
      ) : (
        <Text testId="recalculation-moves">
          {moves.map((m) => messages.tierMove(m.from, m.to, m.count)).join(', ')}
        </Text>
      )}
    </Flex>
  );
}
