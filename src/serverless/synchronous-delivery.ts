import { HubSpotError } from '../hubspot/hubspot-error.ts';
import type { HubSpotPort } from '../hubspot/hubspot-port.ts';
import { ENGAGEMENT_OBJECT_TYPES, type EngagementTypeId } from '../pipeline/engagement-types.ts';
import { rescoreContacts, type RescoreOutcome } from '../pipeline/rescore-contacts.ts';
import {
  triageDelivery,
  type DeliveryWork,
  type TriageOptions,
} from '../pipeline/triage-events.ts';
import type { CompiledModel } from '../scoring/index.ts';
import type { WebhookEvent } from '../pipeline/webhook-events.ts';
import {
  acceptDelivery,
  parseEvents,
  refuseOversize,
  type DeliveryCheckDeps,
} from '../server/accept-delivery.ts';
import { headerValue, type HandlerRequest, type HandlerResponse } from '../server/http-types.ts';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../server/request-signature.ts';
import type { Logger } from '../server/logger.ts';
import { InvocationDeadlineError } from './invocation-deadline.ts';
import { checkWebhookUrlToken } from './webhook-url-token.ts';

export interface SynchronousDeliveryDeps extends DeliveryCheckDeps {
  triage: TriageOptions;
  /** The account's adapter for this invocation (its retries end at the invocation's deadline). */
  hubspot: HubSpotPort;
  compiled: CompiledModel;
  /** The time scores are computed at (decay); `now` unless a test fixes it. */
  scoringClock?: () => number;
  /**
   * WEBHOOK_URL_TOKEN: accept an unsigned delivery whose URL carries this secret (a HubSpot app
   * function gets no signature headers; see webhook-url-token.ts). Signed deliveries are always
   * checked by their signature; without a token, unsigned ones are always refused.
   */
  urlToken?: string | undefined;
}

/** What a 200 tells HubSpot (and the logs): the delivery's scores are in HubSpot already. */
export interface SynchronousDeliveryAnswer {
  received: number;
  contactsRescored: number;
  written: number;
  unchanged: number;
  /** Contacts HubSpot no longer knows (deleted or merged away). */
  missing: number;
  contactsForgotten: number;
  ignored: DeliveryWork['ignored'];
  /** Batch calls made; association lookups are one a type of engagement (more if HubSpot pages). */
  hubspotRequests: { associationLookups: number; contactReads: number; contactWrites: number };
}

/**
 * `POST /webhooks/hubspot` where nothing survives the invocation (AWS Lambda, a HubSpot app
 * function): the delivery is answered only after its contacts' scores are written, so a 2xx
 * means done and anything else leaves HubSpot to deliver again. The same pieces as the server's
 * queue path (signature, parse, triage, association lookup, rescoring), composed in one pass.
 * For up to 100 events that is one association read per engagement type present, one contact
 * read and at most one write: well inside HubSpot's 5 seconds.
 */
export async function handleDeliverySynchronously(
  request: HandlerRequest,
  deps: SynchronousDeliveryDeps,
): Promise<HandlerResponse> {
  const delivery = authorizedDelivery(request, deps);
  if ('refusal' in delivery) return delivery.refusal;
  const work = triageDelivery(delivery.events, deps.triage);
  const requests = { associationLookups: 0, contactReads: 0, contactWrites: 0 };
  try {
    const contactIds = await contactsToRescore(work, deps.hubspot, requests);
    const scoredAt = (deps.scoringClock ?? deps.now)();
    const outcome = await rescoreContacts(deps.hubspot, deps.compiled, contactIds, scoredAt);
    requests.contactReads = outcome.reads;
    requests.contactWrites = outcome.writes;
    const answer = describe(delivery.events.length, work, outcome, requests);
    deps.logger.info('delivery scored', { ...answer, ignored: undefined });
    return { status: 200, body: answer };
  } catch (error) {
    return failure(error, deps.logger, requests);
  }
}

function authorizedDelivery(
  request: HandlerRequest,
  deps: SynchronousDeliveryDeps,
): { events: WebhookEvent[] } | { refusal: HandlerResponse } {
  const signed =
    headerValue(request, SIGNATURE_HEADER) !== undefined ||
    headerValue(request, TIMESTAMP_HEADER) !== undefined;
  if (deps.urlToken === undefined || signed) return acceptDelivery(request, deps);
  // The same order as a signed delivery: size, who sent it, and only then the bytes parsed.
  const oversize = refuseOversize(request, deps.maxBodyBytes);
  if (oversize) return oversize;
  const check = checkWebhookUrlToken(request.url, deps.urlToken);
  if (!check.valid) {
    deps.logger.warn('webhook refused: no signature and no valid URL token', {
      reason: check.reason,
    });
    return { refusal: { status: 401, body: { error: `unauthorized: ${check.reason}` } } };
  }
  return parseEvents(request, deps.logger);
}

/**
 * The delivery's contacts plus the contacts of its engagements, less the ones it deleted (a
 * contact deleted and restored in one delivery triage keeps). Engagements are looked up in one
 * batch per type, as HubSpot's associations API reads one object type at a time.
 */
async function contactsToRescore(
  work: DeliveryWork,
  hubspot: HubSpotPort,
  requests: SynchronousDeliveryAnswer['hubspotRequests'],
): Promise<string[]> {
  const ids = new Set(work.rescore.map((c) => c.contactId));
  const byType = new Map<EngagementTypeId, string[]>();
  for (const engagement of work.engagements) {
    const list = byType.get(engagement.objectTypeId) ?? [];
    list.push(engagement.objectId);
    byType.set(engagement.objectTypeId, list);
  }
  const deleted = new Set(work.forget.map((c) => c.contactId).filter((id) => !ids.has(id)));
  for (const [typeId, engagementIds] of byType) {
    const found = await hubspot.contactsOfEngagements(
      ENGAGEMENT_OBJECT_TYPES[typeId],
      engagementIds,
    );
    requests.associationLookups++;
    for (const contactId of [...found.values()].flat()) {
      if (!deleted.has(contactId)) ids.add(contactId);
    }
  }
  return [...ids];
}

function describe(
  received: number,
  work: DeliveryWork,
  outcome: RescoreOutcome,
  hubspotRequests: SynchronousDeliveryAnswer['hubspotRequests'],
): SynchronousDeliveryAnswer {
  const written = outcome.rescored.filter((r) => r.written).length;
  return {
    received,
    contactsRescored: outcome.rescored.length,
    written,
    unchanged: outcome.rescored.length - written,
    missing: outcome.missing.length,
    contactsForgotten: work.forget.length,
    ignored: work.ignored,
    hubspotRequests,
  };
}

/** Any failure is a 5xx: HubSpot delivers again later, and rescoring twice is harmless. */
function failure(
  error: unknown,
  logger: Logger,
  requests: SynchronousDeliveryAnswer['hubspotRequests'],
): HandlerResponse {
  if (error instanceof InvocationDeadlineError) {
    logger.warn('delivery not scored in time; HubSpot will deliver it again', { requests });
    return { status: 503, body: { error: 'HubSpot is slow to answer; deliver again later' } };
  }
  if (error instanceof HubSpotError) {
    logger.error('delivery not scored: HubSpot failed; it will deliver again', {
      status: error.status,
      category: error.category,
      error: error.message,
    });
    const status = error.category === 'rate-limited' ? 503 : 502;
    return { status, body: { error: `HubSpot failed (${error.category}); deliver again later` } };
  }
  logger.error('delivery not scored: unexpected failure', { error });
  return { status: 500, body: { error: 'internal error; deliver again later' } };
}
