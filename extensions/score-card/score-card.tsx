import { Button, EmptyState, ErrorState, Flex, LoadingSpinner, Text } from '@hubspot/ui-extensions';
import { useCallback, useEffect, useState } from 'react';
import type { ScoreResponse } from '../../src/card-api/score-response.ts';
import { messagesFor, type Messages } from './messages/index.ts';
import { requestScore, ScoreLoadError, type HubSpotFetch } from './score-client.ts';
import { RecalculateButton, RescoreOutcome, ScoreView, type RescoreStatus } from './score-view.tsx';

/** The parts of HubSpot's extension context the card reads. */
export interface ScoreCardContext {
  crm: { objectId: number | string };
  user: { locale?: string };
  portal: { timezone?: string };
}

export interface RecruitmentScoreCardProps {
  context: ScoreCardContext;
  /** `hubspot.fetch` in HubSpot; a fake in tests. */
  fetch: HubSpotFetch;
}

type Load =
  | { phase: 'loading' }
  | { phase: 'failed'; message: string }
  | { phase: 'loaded'; data: ScoreResponse };

/**
 * The contact sidebar card: loads the live breakdown from our backend and lets the recruiter
 * recalculate. States: loading, failed (with retry), not scored yet, scored (or disqualified).
 */
export function RecruitmentScoreCard({ context, fetch }: RecruitmentScoreCardProps) {
  const messages = messagesFor(context.user.locale);
  const contactId = String(context.crm.objectId);
  const [load, setLoad] = useState<Load>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [rescore, setRescore] = useState<RescoreStatus>({ running: false });

  useEffect(() => {
    let current = true;
    setLoad({ phase: 'loading' });
    requestScore(fetch, contactId, 'score', messages).then(
      (data) => current && setLoad({ phase: 'loaded', data }),
      (error: unknown) => current && setLoad({ phase: 'failed', message: reason(error, messages) }),
    );
    return () => {
      current = false;
    };
  }, [fetch, contactId, messages, attempt]);

  const recalculate = useCallback(() => {
    setRescore({ running: true });
    requestScore(fetch, contactId, 'rescore', messages).then(
      (data) => {
        setLoad({ phase: 'loaded', data });
        setRescore({ running: false, written: data.rescore?.written ?? false });
      },
      (error: unknown) => setRescore({ running: false, error: reason(error, messages) }),
    );
  }, [fetch, contactId, messages]);

  switch (load.phase) {
    case 'loading':
      return (
        <LoadingSpinner
          label={messages.loading}
          showLabel
          layout="centered"
          testId="score-loading"
        />
      );
    case 'failed':
      return (
        <ErrorState title={messages.loadErrorTitle} testId="score-error">
          <Text>{load.message}</Text>
          <Button onClick={() => setAttempt((n) => n + 1)} testId="retry-button">
            {messages.retry}
          </Button>
        </ErrorState>
      );
    case 'loaded':
      if (load.data.stored.score === null) {
        return (
          <Flex direction="column" gap="sm">
            <EmptyState title={messages.notScoredTitle} layout="vertical" testId="score-not-scored">
              <Text>{messages.notScoredBody}</Text>
              <RecalculateButton
                label={messages.scoreNow}
                rescore={rescore}
                onClick={recalculate}
              />
            </EmptyState>
            <RescoreOutcome rescore={rescore} messages={messages} />
          </Flex>
        );
      }
      return (
        <ScoreView
          data={load.data}
          messages={messages}
          timeZone={context.portal.timezone}
          rescore={rescore}
          onRecalculate={recalculate}
        />
      );
  }
}

function reason(error: unknown, messages: Messages): string {
  return error instanceof ScoreLoadError ? error.message : messages.unexpectedAnswer;
}
