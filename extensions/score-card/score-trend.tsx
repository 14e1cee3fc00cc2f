import { LineChart, Text } from '@hubspot/ui-extensions';
import type { HistoryPoint } from '../../src/card-api/score-response.ts';
import type { Messages } from './messages/index.ts';

/** The score's trend from the property history of `recruitment_score`. */
export function ScoreTrend({ history, messages }: { history: HistoryPoint[]; messages: Messages }) {
  if (history.length < 2) {
    return (
      <Text variant="microcopy" testId="score-trend-too-short">
        {messages.trendTooShort}
      </Text>
    );
  }
  return (
    <LineChart
      testId="score-trend"
      data={history.map((point) => ({ date: Date.parse(point.timestamp), score: point.score }))}
      axes={{
        x: { field: 'date', fieldType: 'datetime', label: messages.trendDateAxis },
        y: { field: 'score', fieldType: 'linear', label: messages.trendScoreAxis },
      }}
      options={{ title: messages.trendTitle, showTooltips: true }}
    />
  );
}
