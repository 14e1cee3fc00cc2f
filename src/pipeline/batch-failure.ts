import { OAuthError } from '../oauth/oauth-error.ts';

/**
 * What the worker makes of a failed batch: the text stored with the rows (and shown by
 * `recruitment-score status`), whether HubSpot refused the batch itself (then its contacts are
 * retried one by one to find the bad one), and how long HubSpot asked us to wait.
 */
export interface BatchFailure {
  message: string;
  refused: boolean;
  retryAfterMs?: number;
}

interface FailureLike {
  status?: unknown;
  category?: unknown;
  retryAfterMs?: unknown;
  message?: unknown;
}

export function describeFailure(error: unknown): BatchFailure {
  const e = (typeof error === 'object' && error !== null ? error : {}) as FailureLike;
  // An OAuthError's status is what a page would answer, not something HubSpot sent: a
  // request that was never made must not read "(HTTP 500)".
  const status =
    typeof e.status === 'number' && e.status > 0 && !(error instanceof OAuthError)
      ? e.status
      : undefined;
  const category = typeof e.category === 'string' ? e.category : undefined;
  const refused =
    category === 'bad-request' ||
    category === 'not-found' ||
    (status !== undefined &&
      status >= 400 &&
      status < 500 &&
      status !== 429 &&
      status !== 401 &&
      status !== 403);
  const message = typeof e.message === 'string' ? e.message : String(error);
  const named = status === undefined || message.includes(`HTTP ${status}`);
  return {
    message: named ? message : `${message} (HTTP ${status})`,
    refused,
    ...(typeof e.retryAfterMs === 'number' ? { retryAfterMs: e.retryAfterMs } : {}),
  };
}

/**
 * The account's stored OAuth tokens cannot be decrypted (TOKEN_ENCRYPTION_KEY changed, or the
 * row was altered). No retry can fix that, so the worker parks the account's work instead.
 * Looked for down the `cause` chain: the OAuth layer may wrap it.
 */
export function tokensUndecryptable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; depth++) {
    if (e instanceof OAuthError && e.reason === 'undecryptable') return true;
    e = e.cause;
  }
  return false;
}

/** The one error stored with a parked account's work and logged once. */
export function undecryptableTokensMessage(portalId: number): string {
  return (
    `the stored tokens of account ${portalId} cannot be decrypted: TOKEN_ENCRYPTION_KEY ` +
    "changed; restore the old key or have the account's admin reinstall the app"
  );
}
