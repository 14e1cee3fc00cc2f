import { HubSpotError } from '../hubspot/hubspot-error.ts';
import { OAuthError } from '../oauth/oauth-error.ts';
import { InvocationDeadlineError } from '../serverless/invocation-deadline.ts';
import { CardDeadlineError, SLOW_HUBSPOT_RETRY_AFTER_S } from './card-deadline.ts';
import type { CardErrorReason } from './score-response.ts';

/**
 * Why the card API refused or failed a request, with the HTTP status it answers. The message is
 * shown to the recruiter in the card: it must never carry a secret, a token or a stack. The
 * `reason` lets the card word the cases it knows in the user's language.
 */
export class CardApiError extends Error {
  readonly reason: CardErrorReason | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly status: number,
    message: string,
    options?: { cause?: unknown; reason?: CardErrorReason; retryAfterSeconds?: number },
  ) {
    super(message, options);
    this.name = 'CardApiError';
    this.reason = options?.reason;
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}

/** The operator's two ways out, named in the message: waiting never fixes this one. */
export const TOKEN_UNDECRYPTABLE_MESSAGE =
  "The app's stored HubSpot access cannot be read: the server's TOKEN_ENCRYPTION_KEY changed. " +
  'The operator must restore the previous TOKEN_ENCRYPTION_KEY, or an admin must reinstall the app.';

/** Anything a handler threw, as the card should word it; HubSpot's failures by category. */
export function cardApiErrorFrom(error: unknown): CardApiError {
  if (error instanceof CardApiError) return error;
  const cause = { cause: error };
  if (error instanceof CardDeadlineError || error instanceof InvocationDeadlineError) {
    return new CardApiError(503, 'HubSpot is slow to answer right now; try again shortly.', {
      ...cause,
      reason: 'hubspot-slow',
      retryAfterSeconds: SLOW_HUBSPOT_RETRY_AFTER_S,
    });
  }
  if (error instanceof OAuthError) return fromOAuthError(error);
  if (!(error instanceof HubSpotError)) {
    return new CardApiError(500, 'The score could not be calculated; try again.', cause);
  }
  switch (error.category) {
    case 'rate-limited':
      return new CardApiError(503, 'HubSpot is busy right now; try again in a minute.', {
        ...cause,
        reason: 'hubspot-busy',
        retryAfterSeconds: Math.max(1, Math.ceil((error.retryAfterMs ?? 60_000) / 1000)),
      });
    case 'not-found':
      return new CardApiError(404, 'This contact was not found in HubSpot.', cause);
    case 'auth':
      return new CardApiError(
        502,
        'The app no longer has access to this HubSpot account; ask an admin to reinstall it.',
        { ...cause, reason: 'access-revoked' },
      );
    case 'network':
    case 'server':
      return new CardApiError(502, 'HubSpot could not be reached; try again.', cause);
    default:
      return new CardApiError(502, 'HubSpot did not answer as expected; try again.', cause);
  }
}

function fromOAuthError(error: OAuthError): CardApiError {
  const cause = { cause: error };
  switch (error.reason) {
    case 'undecryptable':
      return new CardApiError(500, TOKEN_UNDECRYPTABLE_MESSAGE, {
        ...cause,
        reason: 'token-undecryptable',
      });
    case 'revoked':
      return new CardApiError(
        403,
        'The app no longer has access to this HubSpot account; ask an admin to reinstall it.',
        { ...cause, reason: 'access-revoked' },
      );
    case 'unavailable':
      return new CardApiError(503, 'HubSpot is busy right now; try again in a minute.', {
        ...cause,
        reason: 'hubspot-busy',
        retryAfterSeconds: 60,
      });
    default:
      return new CardApiError(502, 'The app could not sign in to HubSpot; try again later.', cause);
  }
}
