import type { HubSpotFetchOptions } from '@hubspot/ui-extensions';
import {
  cardApiPaths,
  cardFunctionResultSchema,
  errorResponseSchema,
  scoreResponseSchema,
  type CardErrorReason,
  type CardFunctionParameters,
  type ScoreResponse,
} from '../../src/card-api/score-response.ts';
import type { Messages } from './messages/index.ts';

/** `hubspot.fetch`'s shape; the card receives it so tests can hand in a fake. */
export type HubSpotFetch = (url: string, options?: HubSpotFetchOptions) => Promise<Response>;
/** `hubspot.serverless`'s shape (HubSpot-hosted app function). */
export type HubSpotServerless = (
  name: string,
  options: { parameters: CardFunctionParameters },
) => Promise<unknown>;

export type ScoreAction = 'score' | 'rescore';

/** What the backend answered, whichever way the card reached it. */
export interface BackendAnswer {
  status: number;
  body: unknown;
}

/** One call of the card's backend; rejects only when the backend could not be reached. */
export type ScoreBackend = (action: ScoreAction, contactId: string) => Promise<BackendAnswer>;

/** Who is asking: from the card's `context` (`context.portal.id`, `context.user.id`). */
export interface CardViewer {
  portalId: string | number;
  userId: string | number;
}

/** Our backend answers within 10 s; `hubspot.fetch` itself stops at 15 s. */
const FETCH_TIMEOUT_MS = 14_000;

/**
 * The backend on our own server through `hubspot.fetch`. HubSpot documents only `appId` as added
 * to the URL, so the card adds `portalId` and `userId` itself; HubSpot's v3 signature covers the
 * whole URL, so the backend can trust them.
 */
export function fetchBackend(
  fetch: HubSpotFetch,
  baseUrl: string,
  viewer: CardViewer,
): ScoreBackend {
  return async (action, contactId) => {
    const query = new URLSearchParams({
      portalId: String(viewer.portalId),
      userId: String(viewer.userId),
    });
    const url = `${baseUrl}${cardApiPaths[action](contactId)}?${query.toString()}`;
    const response = await fetch(url, {
      method: action === 'score' ? 'GET' : 'POST',
      timeout: FETCH_TIMEOUT_MS,
    });
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    return { status: response.status, body };
  };
}

/** The backend as a HubSpot-hosted app function: `hubspot.serverless(name, { parameters })`. */
export function serverlessBackend(
  serverless: HubSpotServerless,
  functionName: string,
  viewer: CardViewer,
): ScoreBackend {
  return async (action, contactId) => {
    const result = await serverless(functionName, {
      parameters: {
        action,
        contactId,
        portalId: String(viewer.portalId),
        userId: String(viewer.userId),
      },
    });
    const parsed = cardFunctionResultSchema.safeParse(result);
    return parsed.success
      ? { status: parsed.data.statusCode, body: parsed.data.body }
      : { status: 200, body: result };
  };
}

/** A failure worded for the recruiter in their language, with what the card needs to act on. */
export class ScoreLoadError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly reason?: CardErrorReason,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ScoreLoadError';
  }

  /** HubSpot was slow or busy: the stored score stands, the live breakdown is late. */
  get temporary(): boolean {
    return this.reason === 'hubspot-busy' || this.reason === 'hubspot-slow';
  }
}

/** Asks the backend for the contact's live breakdown (score) or to recalculate it (rescore). */
export async function requestScore(
  backend: ScoreBackend,
  contactId: string,
  action: ScoreAction,
  messages: Messages,
): Promise<ScoreResponse> {
  let answer: BackendAnswer;
  try {
    answer = await backend(action, contactId);
  } catch {
    throw new ScoreLoadError(messages.unreachable);
  }
  if (answer.status < 200 || answer.status > 299) throw failure(answer, messages);
  const parsed = scoreResponseSchema.safeParse(answer.body);
  if (!parsed.success) throw new ScoreLoadError(messages.unexpectedAnswer, answer.status);
  return parsed.data;
}

/** Every failure in the user's language; the backend's own (English) text is for the logs. */
function failure({ status, body }: BackendAnswer, messages: Messages): ScoreLoadError {
  const parsed = errorResponseSchema.safeParse(body);
  if (!parsed.success) return new ScoreLoadError(messages.unexpectedAnswer, status);
  const { reason, retryAfterSeconds } = parsed.data;
  const text = (() => {
    switch (reason) {
      case 'hubspot-busy':
        return messages.hubspotBusy(retryAfterSeconds);
      case 'hubspot-slow':
        return messages.hubspotSlow(retryAfterSeconds);
      case 'token-undecryptable':
        return messages.tokenUndecryptable;
      case 'access-revoked':
        return messages.accessRevoked;
      default:
        if (status === 401) return messages.notSigned;
        if (status === 403) return messages.notInstalled;
        if (status === 404) return messages.contactNotFound;
        return messages.backendFailed(status);
    }
  })();
  return new ScoreLoadError(text, status, reason, retryAfterSeconds);
}
