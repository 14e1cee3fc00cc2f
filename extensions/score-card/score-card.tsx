import { Button, EmptyState, ErrorState, Flex, LoadingSpinner, Text } from '@hubspot/ui-extensions';
import type { ScoreResponse } from '../../src/card-api/score-response.ts';
import { messagesFor } from './messages/index.ts';
import type { ScoreBackend } from './score-client.ts';
import { RecalculateButton, RescoreOutcome, ScoreView } from './score-view.tsx';
import type { StoredOutputs } from './stored-outputs.ts';
import { useScoreCard } from './use-score-card.ts';

/** The parts of HubSpot's extension context the card reads. */
export interface ScoreCardContext {
  crm: { objectId: number | string };
  user: { id: number | string; locale?: string };
  portal: { id: number | string; timezone?: string };
}

export interface RecruitmentScoreCardProps {
  context: ScoreCardContext;
  /** Our backend, through `hubspot.fetch` or `hubspot.serverless`; a fake in tests. */
  backend: ScoreBackend;
  /** `actions.refreshObjectProperties` from HubSpot's extension API. */
  refreshProperties: () => void;
  /** The browser's clock, for "changes in N days"; tests fix it. */
  now?: () => number;
}

/**
 * The contact sidebar card. States: the stored outputs loading; not scored yet (calculate now);
 * the stored outputs with the live breakdown loading, loaded, late (HubSpot busy or slow: a note
 * and retry) or failed; recalculating.
 */
export function RecruitmentScoreCard(props: RecruitmentScoreCardProps) {
  const { context, backend, refreshProperties } = props;
  const messages = messagesFor(context.user.locale);
  const card = useScoreCard({
    backend,
    contactId: String(context.crm.objectId),
    messages,
    refreshProperties,
  });
  const { stored, breakdown, rescore } = card;

  if (stored.loading) {
    return (
      <LoadingSpinner label={messages.loading} showLabel layout="centered" testId="score-loading" />
    );
  }
  if (stored.failed) {
    return (
      <ErrorState title={messages.loadErrorTitle} testId="score-error">
        <Text>{messages.storedLoadError}</Text>
        <Button onClick={card.retryStored} testId="retry-button">
          {messages.retry}
        </Button>
      </ErrorState>
    );
  }
  // HubSpot's live properties catch up with a first write a moment later: show the answer now.
  const outputs =
    stored.outputs.score === null && breakdown.phase === 'loaded'
      ? outputsOf(breakdown.data)
      : stored.outputs;
  if (outputs.score === null) {
    return (
      <Flex direction="column" gap="sm">
        <EmptyState title={messages.notScoredTitle} layout="vertical" testId="score-not-scored">
          <Text>{messages.notScoredBody}</Text>
          <RecalculateButton
            label={messages.scoreNow}
            rescore={rescore}
            onClick={card.recalculate}
          />
        </EmptyState>
        <RescoreOutcome rescore={rescore} messages={messages} />
      </Flex>
    );
  }
  return (
    <ScoreView
      outputs={{ ...outputs, score: outputs.score }}
      breakdown={breakdown}
      messages={messages}
      timeZone={context.portal.timezone}
      now={(props.now ?? Date.now)()}
      rescore={rescore}
      onRecalculate={card.recalculate}
      onRetryBreakdown={card.retryBreakdown}
    />
  );
}

function outputsOf(data: ScoreResponse): StoredOutputs {
  return {
    score: data.score,
    fit: data.fit,
    engagement: data.engagement,
    tier: data.tier,
    scoredAt: data.scoredAt,
    nextReviewAt: data.nextReviewAt,
    summary: null,
    profile: data.profile ?? null,
  };
}
