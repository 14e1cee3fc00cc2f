import { Alert, BarChart, Button, Flex, Heading, Text } from '@hubspot/ui-extensions';
import {
  previewResultSchema,
  type JobInfo,
  type PreviewResult,
} from '../../src/settings-api/settings-contract.ts';
import { formatShare } from './format.ts';
import { JobProgress } from './job-progress.tsx';
import { FigureTable } from './figure-table.tsx';
import type { SettingsMessages } from './messages/index.ts';
import type { SettingsLoadError } from './settings-client.ts';
import { jobIsActive } from './use-job-poll.ts';

export interface PreviewProps {
  preview: { job: JobInfo | undefined; starting: boolean; error?: SettingsLoadError };
  messages: SettingsMessages;
  onStart(): void;
}

function previewResult(job: JobInfo | undefined): PreviewResult | undefined {
  if (job?.status !== 'finished') return undefined;
  const parsed = previewResultSchema.safeParse(job.result);
  return parsed.success ? parsed.data : undefined;
}

/** Draft against published on a sample: started here, followed while it runs, then shown. */
export function PreviewPanel({ preview, messages, onStart }: PreviewProps) {
  const running = preview.starting || jobIsActive(preview.job);
  const result = previewResult(preview.job);
  return (
    <Flex direction="column" gap="md">
      <Heading>{messages.previewTitle}</Heading>
      <Text>{messages.previewBody}</Text>
      <Button testId="start-preview" disabled={running} onClick={onStart}>
        {messages.startPreview}
      </Button>
      {preview.error && (
        <Alert title={preview.error.message} variant="error" testId="preview-error" />
      )}
      {preview.job && preview.job.status !== 'finished' && (
        <JobProgress
          job={preview.job}
          title={messages.previewTitle}
          messages={messages}
          testId="preview"
        />
      )}
      {result && <PreviewResultView result={result} messages={messages} />}
    </Flex>
  );
}

function PreviewResultView({
  result,
  messages,
}: {
  result: PreviewResult;
  messages: SettingsMessages;
}) {
  const tiers = [
    ...new Set([
      ...Object.keys(result.published?.tierShares ?? {}),
      ...Object.keys(result.draft.tierShares),
    ]),
  ];
  // One bar per band and model, so the admin sees the draft's distribution next to today's.
  const bars = [
    ...(result.published?.bands ?? []).map((b) => ({
      band: `${b.from}–${b.to}`,
      count: b.count,
      model: messages.publishedSeries,
    })),
    ...result.draft.bands.map((b) => ({
      band: `${b.from}–${b.to}`,
      count: b.count,
      model: messages.draftSeries,
    })),
  ];
  const moves = result.tierMoves.filter((m) => m.count > 0 && m.from !== m.to);
  return (
    <Flex direction="column" gap="md" testId="preview-result">
      <Text testId="preview-sampled">{messages.previewSampled(result.sampled)}</Text>
      {result.warnings.map((w) => (
        <Alert key={w} title={w} variant="warning" />
      ))}
      <Heading>{messages.distributionTitle}</Heading>
      <BarChart
        testId="preview-distribution"
        data={bars}
        axes={{
          x: { field: 'band', fieldType: 'category' },
          y: { field: 'count', fieldType: 'linear', label: messages.contactsSeries },
          options: { groupFieldByColor: 'model' },
        }}
        options={{ showLegend: true }}
      />
      <Heading>{messages.tierSharesTitle}</Heading>
      <FigureTable
        testId="tier-shares"
        headers={[messages.tierColumn, messages.shareBefore, messages.shareAfter]}
        rows={tiers.map((tier) => ({
          key: tier,
          cells: [
            tier,
            result.published ? formatShare(result.published.tierShares[tier] ?? 0, messages) : '–',
            formatShare(result.draft.tierShares[tier] ?? 0, messages),
          ],
        }))}
      />
      <Heading>{messages.tierMovesTitle}</Heading>
      <Text testId="tier-moves">
        {moves.length === 0
          ? messages.noTierMoves
          : moves.map((m) => messages.tierMove(m.from, m.to, m.count)).join(', ')}
      </Text>
      <Heading>{messages.biggestMovesTitle}</Heading>
      <FigureTable
        testId="biggest-moves"
        headers={[messages.contactColumn, messages.beforeColumn, messages.afterColumn]}
        rows={result.biggestMoves.map((m) => ({
          key: m.contactId,
          cells: [
            m.name ?? m.contactId,
            `${m.before.score} (${m.before.tier})`,
            `${m.after.score} (${m.after.tier})`,
          ],
        }))}
      />
    </Flex>
  );
}
