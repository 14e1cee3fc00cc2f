import type { HubSpotContact, HubSpotPort } from '../hubspot/hubspot-port.ts';
import {
  SCORE_PROPERTIES,
  SCORE_PROPERTY_NAMES,
  scoreOutputValues,
} from '../hubspot/score-properties.ts';
import { outputsUnchanged, withScoredAt } from '../pipeline/score-outputs.ts';
import { scoreContact, type CompiledModel } from '../scoring/index.ts';
import { CardApiError, cardApiErrorFrom } from './card-api-error.ts';
import {
  errorResponse,
  matchCardPath,
  readContactId,
  readPortalId,
  type CardApiRequest,
  type CardApiResponse,
} from './card-request.ts';
import { buildScoreResponse } from './build-score-response.ts';

export type CardSignatureCheck = { valid: true } | { valid: false; reason: string };

export interface CardApiDeps {
  /** The scoring model, compiled once at start-up. */
  compiled: CompiledModel;
  /** HubSpot's v3 signature over the full public URL; `verifyCardSignature` builds one. */
  verifySignature(request: CardApiRequest): CardSignatureCheck;
  /** The account behind a portal id, or undefined when the app is not installed there. */
  hubspotForPortal(portalId: string): HubSpotPort | undefined | Promise<HubSpotPort | undefined>;
  now(): number;
  /** Refusals and failures (the server's Logger fits); messages never carry secrets. */
  logger?: {
    warn(message: string, details?: Record<string, unknown>): void;
    error(message: string, details?: Record<string, unknown>): void;
  };
}

/** GET /api/contacts/:contactId/score: the breakdown, computed live, plus the score's history. */
export function handleGetContactScore(
  request: CardApiRequest,
  deps: CardApiDeps,
): Promise<CardApiResponse> {
  return answer(request, deps, 'GET', async ({ contactId, portalId, hubspot, now }) => {
    const contact = await readContact(hubspot, contactId, deps.compiled);
    const score = scoreContact(deps.compiled, contact.properties, now);
    const history = await hubspot.propertyHistory(contact.id, SCORE_PROPERTIES.score);
    return buildScoreResponse({
      compiled: deps.compiled,
      contactId: contact.id,
      portalId,
      properties: contact.properties,
      score,
      history,
      now,
    });
  });
}

/** POST /api/contacts/:contactId/rescore: recompute now and write what changed to HubSpot. */
export function handleRescoreContact(
  request: CardApiRequest,
  deps: CardApiDeps,
): Promise<CardApiResponse> {
  return answer(request, deps, 'POST', async ({ contactId, portalId, hubspot, now }) => {
    const contact = await readContact(hubspot, contactId, deps.compiled);
    const score = scoreContact(deps.compiled, contact.properties, now);
    // The pipeline's rule for "changed": only changes are written, so the history has no repeats.
    const outputs = scoreOutputValues(score);
    const writes = outputsUnchanged(contact.properties, outputs, now)
      ? undefined
      : withScoredAt(outputs, now);
    if (writes) await hubspot.updateContacts([{ id: contact.id, properties: writes }]);
    const history = await hubspot.propertyHistory(contact.id, SCORE_PROPERTIES.score);
    const written = writes?.[SCORE_PROPERTIES.score];
    // HubSpot's history may not show a write yet: the card's trend should.
    const withWrite =
      written !== undefined && !history.some((h) => Date.parse(h.timestamp) === now)
        ? [...history, { value: written, timestamp: new Date(now).toISOString() }]
        : history;
    return buildScoreResponse({
      compiled: deps.compiled,
      contactId: contact.id,
      portalId,
      properties: { ...contact.properties, ...writes },
      score,
      history: withWrite,
      now,
      rescore: { written: writes !== undefined },
    });
  });
}

/** Routes a card request by path; anything else is a 404. */
export function handleCardRequest(
  request: CardApiRequest,
  deps: CardApiDeps,
): Promise<CardApiResponse> {
  const route = matchCardPath(request.url);
  if (route?.action === 'score') return handleGetContactScore(request, deps);
  if (route?.action === 'rescore') return handleRescoreContact(request, deps);
  return Promise.resolve(errorResponse(new CardApiError(404, 'There is no such card API path.')));
}

interface Verified {
  contactId: string;
  portalId: string;
  hubspot: HubSpotPort;
  now: number;
}

/** What every card request goes through, in this order: method, signature, ids, account. */
async function answer(
  request: CardApiRequest,
  deps: CardApiDeps,
  method: 'GET' | 'POST',
  work: (verified: Verified) => Promise<CardApiResponse['body']>,
): Promise<CardApiResponse> {
  try {
    if (request.method.toUpperCase() !== method) {
      throw new CardApiError(405, `Use ${method} for this path.`);
    }
    const check = deps.verifySignature(request);
    if (!check.valid) {
      deps.logger?.warn('card API: refused an unsigned request', {
        method: request.method,
        path: pathOf(request),
        reason: check.reason,
      });
      throw new CardApiError(401, 'This request was not signed by HubSpot.');
    }
    const contactId = readContactId(request.url);
    const portalId = readPortalId(request.url);
    const hubspot = await deps.hubspotForPortal(portalId);
    if (!hubspot) {
      throw new CardApiError(403, 'The recruitment scoring app is not installed in this account.');
    }
    const body = await work({ contactId, portalId, hubspot, now: deps.now() });
    return { status: 200, body };
  } catch (error) {
    const refusal = cardApiErrorFrom(error);
    if (refusal.status >= 500) {
      deps.logger?.error('card API: request failed', {
        method: request.method,
        path: pathOf(request),
        status: refusal.status,
        error: describe(refusal.cause ?? refusal),
      });
    }
    return errorResponse(refusal);
  }
}

async function readContact(
  hubspot: HubSpotPort,
  contactId: string,
  compiled: CompiledModel,
): Promise<HubSpotContact> {
  const properties = [...new Set([...compiled.properties, ...SCORE_PROPERTY_NAMES])];
  const [contact] = await hubspot.readContacts([contactId], properties);
  if (!contact) {
    throw new CardApiError(
      404,
      `Contact ${contactId} was not found in HubSpot; it may have been deleted or merged.`,
    );
  }
  return contact;
}

/** The path only: the query carries user ids that logs do not need. */
function pathOf(request: CardApiRequest): string {
  return request.url.split('?')[0] ?? '';
}

function describe(cause: unknown): string {
  if (cause instanceof Error) return `${cause.name}: ${cause.message}`;
  return String(cause);
}
