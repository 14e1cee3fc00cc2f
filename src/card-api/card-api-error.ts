import { HubSpotError } from '../hubspot/hubspot-error.ts';

/**
 * Why the card API refused or failed a request, with the HTTP status it answers. The message is
 * shown to the recruiter in the card: it must never carry a secret, a token or a stack.
 */
export class CardApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CardApiError';
  }
}

/** Anything a handler threw, as the card should word it; HubSpot's failures by category. */
export function cardApiErrorFrom(error: unknown): CardApiError {
  if (error instanceof CardApiError) return error;
  const cause = { cause: error };
  if (!(error instanceof HubSpotError)) {
    return new CardApiError(500, 'The score could not be calculated; try again.', cause);
  }
  switch (error.category) {
    case 'rate-limited':
      return new CardApiError(503, 'HubSpot is busy right now; try again in a minute.', cause);
    case 'not-found':
      return new CardApiError(404, 'This contact was not found in HubSpot.', cause);
    case 'auth':
      return new CardApiError(
        502,
        'The app no longer has access to this HubSpot account; ask an admin to reinstall it.',
        cause,
      );
    case 'network':
    case 'server':
      return new CardApiError(502, 'HubSpot could not be reached; try again.', cause);
    default:
      return new CardApiError(502, 'HubSpot did not answer as expected; try again.', cause);
  }
}
