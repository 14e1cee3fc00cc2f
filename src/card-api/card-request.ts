import type { HandlerRequest, HandlerResponse } from '../server/http-types.ts';
import { CardApiError } from './card-api-error.ts';
import type { ErrorResponse, ScoreResponse } from './score-response.ts';

/**
 * The server's framework-free request: `url` is the path and query exactly as received
 * ("/api/contacts/51/score?portalId=123&userId=9"), `rawBody` the bytes the signature covers.
 */
export type CardApiRequest = HandlerRequest;

export interface CardApiResponse extends HandlerResponse {
  body: ScoreResponse | ErrorResponse;
  /** `Retry-After` on a 503; the hosts (express, Lambda, app function) send them on. */
  headers?: Record<string, string>;
}

const CONTACT_PATH = /^\/api\/contacts\/([^/?#]+)\/(score|rescore)$/;

export type CardAction = 'score' | 'rescore';

/** The contact and action a card request is about, or undefined when the path is not ours. */
export function matchCardPath(url: string): { contactId: string; action: CardAction } | undefined {
  const path = parseUrl(url).pathname;
  const match = CONTACT_PATH.exec(path);
  if (!match) return undefined;
  let contactId: string;
  try {
    contactId = decodeURIComponent(match[1]!);
  } catch {
    contactId = match[1]!; // a malformed escape: readContactId rejects it
  }
  return { contactId, action: match[2] as CardAction };
}

/** HubSpot record ids are positive whole numbers; anything else never reaches HubSpot. */
export function readContactId(url: string): string {
  const contactId = matchCardPath(url)?.contactId;
  if (contactId === undefined || !/^[1-9]\d{0,19}$/.test(contactId)) {
    throw new CardApiError(400, 'The contact id must be a HubSpot record id (digits only).');
  }
  return contactId;
}

/**
 * The HubSpot account the request is for. `hubspot.fetch` adds `portalId` to the URL and the
 * signature covers the URL, so the value is HubSpot's word, not the browser's.
 */
export function readPortalId(url: string): string {
  const values = parseUrl(url).searchParams.getAll('portalId');
  if (values.length !== 1 || !/^[1-9]\d{0,19}$/.test(values[0]!)) {
    throw new CardApiError(400, 'The request does not say which HubSpot account it is for.');
  }
  return values[0]!;
}

function parseUrl(url: string): URL {
  // Only the path and query matter; the base is a placeholder for URL's parser.
  return new URL(url, 'http://card-api.invalid');
}

export function errorResponse(error: CardApiError): CardApiResponse {
  const body: ErrorResponse = { message: error.message };
  if (error.reason !== undefined) body.reason = error.reason;
  if (error.retryAfterSeconds === undefined) return { status: error.status, body };
  body.retryAfterSeconds = error.retryAfterSeconds;
  return {
    status: error.status,
    body,
    headers: { 'Retry-After': String(error.retryAfterSeconds) },
  };
}
