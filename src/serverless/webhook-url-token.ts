import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The webhook's fallback authentication where HubSpot's signature cannot arrive. HubSpot's own
 * runtime for endpoint functions (`@hubspot/serverless-dev-runtime`, which says it mimics
 * production) hands a function only an allow-list of headers: no `X-HubSpot-Signature-v3`, no
 * timestamp. An app function then cannot tell HubSpot's deliveries from anyone's.
 *
 * HubSpot lets an app choose its webhook target URL, so the URL itself can carry a secret:
 * `https://<domain>/hs/serverless/webhooks/hubspot?token=<secret>`. Its weakness, stated where
 * it is configured: it is a bearer secret in a URL. Anyone who sees the URL (the app's webhook
 * settings, a proxy's or the function's access logs, HubSpot's webhook logs) can send deliveries
 * as HubSpot. It does not expire and does not cover the body (a replay is accepted: rescoring is
 * harmless, it only costs API calls). Keep it long and random, and rotate it (new secret, new
 * build, upload) whenever the URL may have been seen. A delivery that does carry HubSpot's
 * signature headers is always checked by its signature instead.
 */

export const WEBHOOK_TOKEN_PARAM = 'token';
/** The secret's name among the function's secrets (`hs secret add WEBHOOK_URL_TOKEN`). */
export const WEBHOOK_TOKEN_SECRET = 'WEBHOOK_URL_TOKEN';
/** 32 characters of base64url or hex: at least 128 bits when random. */
export const MIN_WEBHOOK_TOKEN_LENGTH = 32;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]+$/;

/** Why a configured token is unfit; undefined when it is fine. */
export function webhookTokenProblem(token: string): string | undefined {
  if (token.length < MIN_WEBHOOK_TOKEN_LENGTH || !TOKEN_SHAPE.test(token)) {
    return `${WEBHOOK_TOKEN_SECRET} must be at least ${MIN_WEBHOOK_TOKEN_LENGTH} letters, digits, "-" or "_" (for example: openssl rand -hex 32)`;
  }
  return undefined;
}

export type TokenCheck = { valid: true } | { valid: false; reason: string };

/**
 * Whether the request's URL carries the token, compared in constant time: both sides are hashed
 * first, so neither the length nor any prefix of the secret shows in the timing.
 */
export function checkWebhookUrlToken(url: string, expected: string): TokenCheck {
  const given = new URL(url, 'http://function.invalid').searchParams.getAll(WEBHOOK_TOKEN_PARAM);
  if (given.length === 0) return { valid: false, reason: 'no signature and no token' };
  if (given.length > 1) return { valid: false, reason: 'more than one token' };
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given[0]!), digest(expected))
    ? { valid: true }
    : { valid: false, reason: 'wrong token' };
}

/** The webhook target URL with the token: what HubSpot is told to call. */
export function withWebhookToken(targetUrl: string, token: string): string {
  const url = new URL(targetUrl);
  url.searchParams.set(WEBHOOK_TOKEN_PARAM, token);
  return url.toString();
}
