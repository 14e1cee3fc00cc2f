/**
 * The one error of the install flow and of per-account access. `reason` is what callers branch
 * on; `status` is the HTTP status a handler answers with. Messages never carry a token, a code
 * or the client secret: they end up in logs and on pages.
 */
export type OAuthErrorReason =
  /** HubSpot no longer accepts the refresh token: the app was uninstalled or access revoked. */
  | 'revoked'
  /** The authorization code was unknown, used or expired (the admin should start again). */
  | 'bad-code'
  /** HubSpot refused our client id, secret or redirect URI: our settings disagree with the app's. */
  | 'misconfigured'
  /** HubSpot could not be reached or answered 5xx / 429: worth trying again later. */
  | 'unavailable'
  /** HubSpot answered something we could not read. */
  | 'bad-response'
  /** Stored tokens could not be decrypted (another TOKEN_ENCRYPTION_KEY, or tampered). */
  | 'undecryptable';

const STATUS: Record<OAuthErrorReason, number> = {
  revoked: 401,
  'bad-code': 400,
  misconfigured: 502,
  unavailable: 503,
  'bad-response': 502,
  undecryptable: 500,
};

export class OAuthError extends Error {
  readonly reason: OAuthErrorReason;
  readonly status: number;

  constructor(reason: OAuthErrorReason, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'OAuthError';
    this.reason = reason;
    this.status = STATUS[reason];
  }

  /** The same request may well succeed later without anyone doing anything. */
  get retryable(): boolean {
    return this.reason === 'unavailable';
  }
}
