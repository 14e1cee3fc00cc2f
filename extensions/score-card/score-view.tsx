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
import { DISQUALIFIED_TIER_NAME, type ModelInfo } from '../../src/card-api/score-response.ts';
import { BreakdownSection } from './breakdown-section.tsx';
import { countingProfileLine } from './counting-profile.ts';
import { ProfileFits } from './profile-fits.tsx';
import { knockoutReasons } from './breakdown-view.ts';
import { formatDate, formatNumber, formatPoints } from './format.ts';
import type { Messages } from './messages/index.ts';
import type { StoredOutputs } from './stored-outputs.ts';
import type { BreakdownState, RescoreStatus } from './use-score-card.ts';

interface ScoreViewProps {
  outputs: StoredOutputs & { score: number };
  breakdown: BreakdownState;
  messages: Messages;
  timeZone: string | undefined;
  now: number;
  rescore: RescoreStatus;
  onRecalculate: () => void;
  onRetryBreakdown: () => void;
}

const DAY_MS = 86_400_000;

/**
 * A scored contact: the outputs HubSpot stores (score, tier, fit, engagement, when scored, when
 * decay changes it next, the summary), then the live breakdown and trend from our backend.
 */
export function ScoreView(props: ScoreViewProps) {
  const { outputs, breakdown, messages, timeZone } = props;
  const { locale } = messages;
  const model = breakdown.phase === 'loaded' ? breakdown.data.model : undefined;
  const disqualified = outputs.tier === DISQUALIFIED_TIER_NAME;
  const profileLine = countingProfileLine(outputs, breakdown, messages);
  const points = (value: number | null) =>
    value === null ? messages.unknownValue : formatPoints(value, locale);
  return (
    <Flex direction="column" gap="sm" testId="score-view">
      <Flex direction="row" align="center" gap="md">
        {outputs.score >= 0 && outputs.score <= 100 ? (
          <ScoreCircle score={outputs.score} testId="total-score" />
        ) : (
          <Statistics testId="total-score-number">
            <StatisticsItem
              label={messages.scoreLabel}
              number={formatNumber(outputs.score, locale)}
            />
          </Statistics>
        )}
        {outputs.tier !== null && (
          <Tag variant={tierVariant(outputs.tier, model)} testId="tier-tag">
            {disqualified ? messages.disqualifiedTag : tierLabel(outputs.tier, model)}
          </Tag>
        )}
      </Flex>
      {profileLine !== undefined && (
        <Text format={{ fontWeight: 'demibold' }} testId="counting-profile-headline">
          {profileLine}
        </Text>
      )}
      {disqualified && (
        <Alert variant="danger" title={messages.disqualifiedTitle} testId="knockout-reason">
          {breakdown.phase === 'loaded'
            ? knockoutReasons(breakdown.data).join('; ')
            : (outputs.summary ?? '')}
        </Alert>
      )}
      <Statistics testId="fit-and-engagement">
        <StatisticsItem label={messages.fitLabel} number={points(outputs.fit)} />
        <StatisticsItem label={messages.engagementLabel} number={points(outputs.engagement)} />
      </Statistics>
      {breakdown.phase === 'loaded' && <ProfileFits score={breakdown.data} messages={messages} />}
      {outputs.summary !== null && !disqualified && (
        <Text testId="score-summary">{outputs.summary}</Text>
      )}
      <Text variant="microcopy" testId="next-change">
        {nextChange(outputs, props.now, messages, timeZone)}
      </Text>
      {outputs.scoredAt !== null && (
        <Text variant="microcopy" testId="scored-at">
          {messages.scoredOn(formatDate(outputs.scoredAt, locale, timeZone))}
        </Text>
      )}
      <BreakdownSection
        breakdown={breakdown}
        storedScore={outputs.score}
        messages={messages}
        timeZone={timeZone}
        onRetry={props.onRetryBreakdown}
      />
      <RecalculateButton
        label={messages.recalculate}
        rescore={props.rescore}
        onClick={props.onRecalculate}
      />
      <RescoreOutcome rescore={props.rescore} messages={messages} />
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

/** The model's label once the breakdown brought the model; the tier's own name until then. */
function tierLabel(tier: string, model: ModelInfo | undefined): string {
  return (
    model?.tiers.find((t) => t.name === tier)?.label ?? tier.charAt(0).toUpperCase() + tier.slice(1)
  );
}

/** The best tier is good news, the last one neutral, the ones between worth a look. */
function tierVariant(
  tier: string,
  model: ModelInfo | undefined,
): 'success' | 'warning' | 'default' | 'error' {
  if (tier === DISQUALIFIED_TIER_NAME) return 'error';
  const index = model?.tiers.findIndex((t) => t.name === tier) ?? -1;
  if (index === 0) return 'success';
  if (index < 0 || index === model!.tiers.length - 1) return 'default';
  return 'warning';
}

function nextChange(
  outputs: StoredOutputs,
  now: number,
  messages: Messages,
  timeZone: string | undefined,
): string {
  if (outputs.nextReviewAt === null) return messages.noNextChange;
  const date = formatDate(outputs.nextReviewAt, messages.locale, timeZone);
  const ms = Date.parse(outputs.nextReviewAt) - now;
  if (ms < DAY_MS) return messages.nextChangeSoon(date);
  return messages.nextChange(Math.round(ms / DAY_MS), date);
}
