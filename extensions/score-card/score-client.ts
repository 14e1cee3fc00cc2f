import type { HubSpotFetchOptions } from '@hubspot/ui-extensions';
import {
  cardApiPaths,
  errorResponseSchema,
  scoreResponseSchema,
  type ScoreResponse,
} from '../../src/card-api/score-response.ts';
import { BACKEND_BASE_URL } from '../backend-config.ts';
import type { Messages } from './messages/index.ts';

/** `hubspot.fetch`'s shape; the card receives it so tests can hand in a fake. */
export type HubSpotFetch = (url: string, options?: HubSpotFetchOptions) => Promise<Response>;

/** A failure worded for the recruiter: the backend's own message when it sent one. */
export class ScoreLoadError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ScoreLoadError';
  }
}

/**
 * Asks the backend for the contact's score (GET) or to recalculate it (POST). HubSpot adds
 * `portalId`, `userId` and `appId` to the URL and signs the request: the card adds nothing.
 */
export async function requestScore(
  fetch: HubSpotFetch,
  contactId: string,
  action: 'score' | 'rescore',
  messages: Messages,
): Promise<ScoreResponse> {
  const url = BACKEND_BASE_URL + cardApiPaths[action](contactId);
  let response: Response;
  try {
    response = await fetch(url, { method: action === 'score' ? 'GET' : 'POST' });
  } catch {
    throw new ScoreLoadError(messages.unreachable);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new ScoreLoadError(messages.unexpectedAnswer, response.status);
  }
  if (!response.ok) {
    const error = errorResponseSchema.safeParse(body);
    throw new ScoreLoadError(
      error.success ? error.data.message : messages.unexpectedAnswer,
      response.status,
    );
  }
  const parsed = scoreResponseSchema.safeParse(body);
  if (!parsed.success) throw new ScoreLoadError(messages.unexpectedAnswer, response.status);
  return parsed.data;
}
