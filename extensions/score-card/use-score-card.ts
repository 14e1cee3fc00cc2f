import { useCrmProperties } from '@hubspot/ui-extensions/crm';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ScoreResponse } from '../../src/card-api/score-response.ts';
import type { Messages } from './messages/index.ts';
import { requestScore, ScoreLoadError, type ScoreBackend } from './score-client.ts';
import { readStoredOutputs, STORED_OUTPUT_NAMES, type StoredOutputs } from './stored-outputs.ts';

/** The live breakdown and history: asked from our backend once HubSpot says a score exists. */
export type BreakdownState =
  | { phase: 'idle' }
  | { phase: 'loading' }
  | { phase: 'loaded'; data: ScoreResponse }
  | { phase: 'failed'; error: ScoreLoadError };

export interface RescoreStatus {
  running: boolean;
  written?: boolean;
  error?: string;
}

export interface ScoreCardState {
  stored: { loading: boolean; failed: boolean; outputs: StoredOutputs };
  breakdown: BreakdownState;
  rescore: RescoreStatus;
  retryStored(): void;
  retryBreakdown(): void;
  recalculate(): void;
}

export interface ScoreCardInputs {
  backend: ScoreBackend;
  contactId: string;
  messages: Messages;
  /** `actions.refreshObjectProperties`: the record's own property panel shows our write. */
  refreshProperties: () => void;
}

/**
 * The card's whole state in one hook. The stored outputs come from HubSpot itself through
 * `useCrmProperties` (live: a workflow or our own write shows at once, and they still show when
 * our backend is slow); the backend is asked only for what HubSpot cannot give a card: the live
 * breakdown and the score's history.
 */
export function useScoreCard(inputs: ScoreCardInputs): ScoreCardState {
  const { backend, contactId, messages, refreshProperties } = inputs;
  const crm = useCrmProperties(STORED_OUTPUT_NAMES);
  const outputs = useMemo(() => readStoredOutputs(crm.properties), [crm.properties]);
  const scored = !crm.isLoading && !crm.error && outputs.score !== null;
  const [breakdown, setBreakdown] = useState<BreakdownState>({ phase: 'idle' });
  const [attempt, setAttempt] = useState(0);
  const [rescore, setRescore] = useState<RescoreStatus>({ running: false });
  // A rescore answers with the fresh breakdown: a first score must not ask for it again.
  const freshFromRescore = useRef(false);

  useEffect(() => {
    if (!scored) return;
    if (freshFromRescore.current) {
      freshFromRescore.current = false;
      return;
    }
    let current = true;
    setBreakdown({ phase: 'loading' });
    requestScore(backend, contactId, 'score', messages).then(
      (data) => current && setBreakdown({ phase: 'loaded', data }),
      (error: unknown) =>
        current && setBreakdown({ phase: 'failed', error: asLoadError(error, messages) }),
    );
    return () => {
      current = false;
    };
  }, [backend, contactId, messages, attempt, scored]);

  const { refetch } = crm;
  const recalculate = useCallback(() => {
    setRescore({ running: true });
    requestScore(backend, contactId, 'rescore', messages).then(
      (data) => {
        freshFromRescore.current = !scored;
        setBreakdown({ phase: 'loaded', data });
        setRescore({ running: false, written: data.rescore?.written ?? false });
        if (data.rescore?.written) {
          refreshProperties();
          void refetch();
        }
      },
      (error: unknown) =>
        setRescore({ running: false, error: asLoadError(error, messages).message }),
    );
  }, [backend, contactId, messages, refreshProperties, refetch, scored]);

  return {
    stored: { loading: crm.isLoading, failed: crm.error !== null, outputs },
    breakdown,
    rescore,
    retryStored: () => void refetch(),
    retryBreakdown: () => setAttempt((n) => n + 1),
    recalculate,
  };
}

function asLoadError(error: unknown, messages: Messages): ScoreLoadError {
  return error instanceof ScoreLoadError ? error : new ScoreLoadError(messages.unexpectedAnswer);
}
