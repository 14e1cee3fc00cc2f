import { Alert, Button, Flex, LoadingSpinner, Text } from '@hubspot/ui-extensions';
import { BreakdownList } from './breakdown-list.tsx';
import { groupBreakdown } from './breakdown-view.ts';
import { formatNumber } from './format.ts';
import type { Messages } from './messages/index.ts';
import { ScoreTrend } from './score-trend.tsx';
import type { BreakdownState } from './use-score-card.ts';

interface BreakdownSectionProps {
  breakdown: BreakdownState;
  storedScore: number;
  messages: Messages;
  /** The portal's time zone, for the dates of downloads and visits. */
  timeZone?: string | undefined;
  onRetry: () => void;
}

/**
 * What counted and the trend, from our backend. When HubSpot is busy or slow the stored outputs
 * above still stand, so a late breakdown is a note with a retry, not an error screen.
 */
export function BreakdownSection({
  breakdown,
  storedScore,
  messages,
  timeZone,
  onRetry,
}: BreakdownSectionProps) {
  switch (breakdown.phase) {
    // Idle only until the effect that asks for it has run.
    case 'idle':
    case 'loading':
      return (
        <LoadingSpinner label={messages.breakdownLoading} showLabel testId="breakdown-loading" />
      );
    case 'failed': {
      const { error } = breakdown;
      return (
        <Alert
          variant={error.temporary ? 'warning' : 'error'}
          title={
            error.temporary ? messages.breakdownUnavailableTitle : messages.breakdownErrorTitle
          }
          testId={error.temporary ? 'breakdown-unavailable' : 'breakdown-error'}
        >
          <Flex direction="column" gap="xs">
            <Text>{error.message}</Text>
            <Button size="sm" onClick={onRetry} testId="retry-breakdown-button">
              {messages.retry}
            </Button>
          </Flex>
        </Alert>
      );
    }
    case 'loaded': {
      const { data } = breakdown;
      const { locale } = messages;
      return (
        <Flex direction="column" gap="sm">
          {data.score !== storedScore && (
            <Text variant="microcopy" testId="live-differs">
              {messages.liveDiffers(
                formatNumber(data.score, locale),
                formatNumber(storedScore, locale),
              )}
            </Text>
          )}
          {data.breakdown.length > 0 ? (
            <BreakdownList groups={groupBreakdown(data, messages, timeZone)} locale={locale} />
          ) : (
            <Text testId="breakdown-empty">{messages.noContributions}</Text>
          )}
          {data.historyUnavailable ? (
            <Text variant="microcopy" testId="score-trend-unavailable">
              {messages.trendUnavailable}
            </Text>
          ) : (
            <ScoreTrend history={data.history} messages={messages} />
          )}
          {data.warnings.length > 0 && (
            <Alert variant="warning" title={messages.warningsTitle} testId="score-warnings">
              {data.warnings.join('; ')}
            </Alert>
          )}
        </Flex>
      );
    }
  }
}
