import type { HubSpotContact, HubSpotPort, PropertyHistoryEntry } from '../hubspot/hubspot-port.ts';
import { SCORE_PROPERTIES, scoreOutputValues } from '../hubspot/score-properties.ts';
import { readContactsFor, scoreHubSpotContact } from '../pipeline/rescore-contacts.ts';
import { outputsUnchanged, withScoredAt } from '../pipeline/score-outputs.ts';
import type { CompiledModel } from '../scoring/index.ts';
import { CardApiError, cardApiErrorFrom } from './card-api-error.ts';
import {
  DEFAULT_CARD_DEADLINE_MS,
  startDeadline,
  type CardDeadline,
  type CardTimer,
} from './card-deadline.ts';
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
  /** One scoring model for every account (tests, tools); give this or `compiledFor`. */
  compiled?: CompiledModel | undefined;
  /** The account's published model (`accounts.modelFor`), taken once per request. */
  compiledFor?: ((portalId: string) => CompiledModel | Promise<CompiledModel>) | undefined;
  /** HubSpot's v3 signature over the full public URL; `verifyCardSignature` builds one. */
  verifySignature(request: CardApiRequest): CardSignatureCheck;
  /** The account behind a portal id, or undefined when the app is not installed there. */
  hubspotForPortal(portalId: string): HubSpotPort | undefined | Promise<HubSpotPort | undefined>;
  now(): number;
  /**
   * How long a card request may wait for HubSpot in all (default 9 s; `hubspot.fetch` gives up
   * at 15 s). Past it the card gets a 503 with Retry-After instead of a hung spinner.
   */
  deadlineMs?: number;
  /** The deadline's timer; tests hand in one they fire themselves. */
  timer?: CardTimer;
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
  return answer(request, deps, 'GET', async (verified) => {
    const { contactId, portalId, hubspot, now, deadline, compiled } = verified;
    const contact = await deadline.race(readContact(hubspot, contactId, compiled));
    const score = scoreHubSpotContact(compiled, contact, now);
    const history = await historyInTime(hubspot, contact.id, deadline, deps);
    return buildScoreResponse({
      compiled,
      contactId: contact.id,
      portalId,
      properties: contact.properties,
      score,
      history: history ?? [],
      now,
      ...(history === undefined && { historyUnavailable: true }),
    });
  });
}

/** POST /api/contacts/:contactId/rescore: recompute now and write what changed to HubSpot. */
export function handleRescoreContact(
  request: CardApiRequest,
  deps: CardApiDeps,
): Promise<CardApiResponse> {
  return answer(request, deps, 'POST', async (verified) => {
    const { contactId, portalId, hubspot, now, deadline, compiled } = verified;
    const contact = await deadline.race(readContact(hubspot, contactId, compiled));
    const score = scoreHubSpotContact(compiled, contact, now);
    // The pipeline's rule for "changed": only changes are written, so the history has no repeats.
    const outputs = scoreOutputValues(score);
    const writes = outputsUnchanged(contact.properties, outputs, now)
      ? undefined
      : withScoredAt(outputs, now);
    // Past the deadline the write may still land; the card then refreshes the stored outputs.
    if (writes)
      await deadline.race(hubspot.updateContacts([{ id: contact.id, properties: writes }]));
    const history = await historyInTime(hubspot, contact.id, deadline, deps);
    const written = writes?.[SCORE_PROPERTIES.score];
    // HubSpot's history may not show a write yet: the card's trend should.
    const known = history ?? [];
    const withWrite =
      written !== undefined && !known.some((h) => Date.parse(h.timestamp) === now)
        ? [...known, { value: written, timestamp: new Date(now).toISOString() }]
        : known;
    return buildScoreResponse({
      compiled,
      contactId: contact.id,
      portalId,
      properties: { ...contact.properties, ...writes },
      score,
      history: withWrite,
      now,
      rescore: { written: writes !== undefined },
      ...(history === undefined && { historyUnavailable: true }),
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
  deadline: CardDeadline;
  /** The account's model for this whole request. */
  compiled: CompiledModel;
}

/** What every card request goes through, in this order: method, signature, ids, account. */
async function answer(
  request: CardApiRequest,
  deps: CardApiDeps,
  method: 'GET' | 'POST',
  work: (verified: Verified) => Promise<CardApiResponse['body']>,
): Promise<CardApiResponse> {
  const deadline = startDeadline(deps.deadlineMs ?? DEFAULT_CARD_DEADLINE_MS, deps.timer);
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
    // Finding the account may refresh its token at HubSpot: that counts against the deadline too.
    const hubspot = await deadline.race(Promise.resolve(deps.hubspotForPortal(portalId)));
    if (!hubspot) {
      throw new CardApiError(403, 'The recruitment scoring app is not installed in this account.');
    }
    const compiled = (await deps.compiledFor?.(portalId)) ?? deps.compiled;
    if (!compiled) throw new TypeError('the card API needs `compiled` or `compiledFor`');
    const body = await work({ contactId, portalId, hubspot, now: deps.now(), deadline, compiled });
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
  } finally {
    deadline.done();
  }
}

/**
 * The score's history for the trend, or undefined when HubSpot did not give it in time or failed
 * to: the live breakdown is worth showing without its trend. A failure that says the account is
 * gone (auth) is not a missing trend, so it fails the request.
 */
async function historyInTime(
  hubspot: HubSpotPort,
  contactId: string,
  deadline: CardDeadline,
  deps: CardApiDeps,
): Promise<PropertyHistoryEntry[] | undefined> {
  try {
    return await deadline.race(hubspot.propertyHistory(contactId, SCORE_PROPERTIES.score));
  } catch (error) {
    // Slow, busy or unreachable: a missing trend. Anything else (the account is gone) fails.
    const refusal = cardApiErrorFrom(error);
    const transient =
      refusal.reason === 'hubspot-slow' ||
      refusal.reason === 'hubspot-busy' ||
      (refusal.status === 502 && refusal.reason === undefined);
    if (!transient) throw error;
    deps.logger?.warn('card API: score history unavailable; answering without the trend', {
      reason: describe(error),
    });
    return undefined;
  }
}

async function readContact(
  hubspot: HubSpotPort,
  contactId: string,
  compiled: CompiledModel,
): Promise<HubSpotContact> {
  const [contact] = await readContactsFor(hubspot, compiled, [contactId]);
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
