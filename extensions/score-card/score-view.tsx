import {
  Alert,
  Flex,
  LoadingButton,
  ScoreCircle,
  Statistics,
  StatisticsItem,
  Tag,
  Text,
} from '@hubspot/ui-extensions';
import { DISQUALIFIED_TIER_NAME, type ScoreResponse } from '../../src/card-api/score-response.ts';
import { BreakdownList } from './breakdown-list.tsx';
import { groupBreakdown, knockoutReasons } from './breakdown-view.ts';
import { formatDate, formatNumber, formatPoints } from './format.ts';
import type { Messages } from './messages/index.ts';
import { ScoreTrend } from './score-trend.tsx';

export interface RescoreStatus {
  running: boolean;
  written?: boolean;
  error?: string;
}

interface ScoreViewProps {
  data: ScoreResponse;
  messages: Messages;
  timeZone: string | undefined;
  rescore: RescoreStatus;
  onRecalculate: () => void;
}

const DAY_MS = 86_400_000;

/** A scored contact: the total and tier, fit and engagement, why, the trend and what is missing. */
export function ScoreView({ data, messages, timeZone, rescore, onRecalculate }: ScoreViewProps) {
  const { locale } = messages;
  const disqualified = data.tier === DISQUALIFIED_TIER_NAME;
  return (
    <Flex direction="column" gap="sm" testId="score-view">
      <Flex direction="row" align="center" gap="md">
        {data.score >= 0 && data.score <= 100 ? (
          <ScoreCircle score={data.score} testId="total-score" />
        ) : (
          <Statistics testId="total-score-number">
            <StatisticsItem label={messages.scoreLabel} number={formatNumber(data.score, locale)} />
          </Statistics>
        )}
        <Tag variant={tierVariant(data)} testId="tier-tag">
          {disqualified ? messages.disqualifiedTag : tierLabel(data)}
        </Tag>
      </Flex>
      {disqualified && (
        <Alert variant="danger" title={messages.disqualifiedTitle} testId="knockout-reason">
          {knockoutReasons(data).join('; ')}
        </Alert>
      )}
      <Statistics testId="fit-and-engagement">
        <StatisticsItem label={messages.fitLabel} number={formatPoints(data.fit, locale)} />
        <StatisticsItem
          label={messages.engagementLabel}
          number={formatPoints(data.engagement, locale)}
        />
      </Statistics>
      <Text variant="microcopy" testId="next-change">
        {nextChange(data, messages, timeZone)}
      </Text>
      {data.breakdown.length > 0 ? (
        <BreakdownList groups={groupBreakdown(data, messages)} locale={locale} />
      ) : (
        <Text testId="breakdown-empty">{messages.noContributions}</Text>
      )}
      <ScoreTrend history={data.history} messages={messages} />
      {data.warnings.length > 0 && (
        <Alert variant="warning" title={messages.warningsTitle} testId="score-warnings">
          {data.warnings.join('; ')}
        </Alert>
      )}
      <RecalculateButton label={messages.recalculate} rescore={rescore} onClick={onRecalculate} />
      <RescoreOutcome rescore={rescore} messages={messages} />
    </Flex>
  );
}

export function RecalculateButton(props: {
  label: string;
  rescore: RescoreStatus;
  onClick: () => void;
}) {
  return (
    <LoadingButton
      variant="secondary"
      size="sm"
      loading={props.rescore.running}
      onClick={props.onClick}
      testId="recalculate-button"
    >
      {props.label}
    </LoadingButton>
  );
}

export function RescoreOutcome({
  rescore,
  messages,
}: {
  rescore: RescoreStatus;
  messages: Messages;
}) {
  if (rescore.error !== undefined) {
    return (
      <Alert variant="error" title={messages.recalculateFailed} testId="rescore-error">
        {rescore.error}
      </Alert>
    );
  }
  if (rescore.written === undefined) return null;
  return (
    <Text variant="microcopy" testId="rescore-outcome">
      {rescore.written ? messages.recalculatedSaved : messages.recalculatedUnchanged}
    </Text>
  );
}

function tierLabel(data: ScoreResponse): string {
  return data.model.tiers.find((t) => t.name === data.tier)?.label ?? data.tier;
}

/** The best tier is good news, the last one neutral, the ones between worth a look. */
function tierVariant(data: ScoreResponse): 'success' | 'warning' | 'default' | 'error' {
  if (data.tier === DISQUALIFIED_TIER_NAME) return 'error';
  const index = data.model.tiers.findIndex((t) => t.name === data.tier);
  if (index === 0) return 'success';
  if (index === data.model.tiers.length - 1 || index < 0) return 'default';
  return 'warning';
}

/** Measured from the backend's clock (`scoredAt`), not the browser's. */
function nextChange(data: ScoreResponse, messages: Messages, timeZone: string | undefined): string {
  if (data.nextReviewAt === null) return messages.noNextChange;
  const date = formatDate(data.nextReviewAt, messages.locale, timeZone);
  const ms = Date.parse(data.nextReviewAt) - Date.parse(data.scoredAt);
  if (ms < DAY_MS) return messages.nextChangeSoon(date);
  return messages.nextChange(Math.round(ms / DAY_MS), date);
}
