import { HubSpotError } from '../hubspot/hubspot-error.ts';
import type { HubSpotPort } from '../hubspot/hubspot-port.ts';
import { ENGAGEMENT_OBJECT_TYPES, type EngagementTypeId } from '../pipeline/engagement-types.ts';
import { rescoreContacts, type RescoreOutcome } from '../pipeline/rescore-contacts.ts';
import { triageDelivery, type DeliveryWork } from '../pipeline/triage-events.ts';
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
import { OTHER_ACCOUNT } from '../server/webhook-handler.ts';
import { InvocationDeadlineError } from './invocation-deadline.ts';
import { checkWebhookUrlToken } from './webhook-url-token.ts';

/** An account a delivery names: its port (this invocation's) and its published model. */
export interface DeliveryAccount {
  hubspot: HubSpotPort;
  model: CompiledModel;
}

export interface SynchronousDeliveryDeps extends DeliveryCheckDeps {
  /** Our HubSpot app's id; by default the `appId` of each event. */
  ownAppId?: string | undefined;
  /**
   * The account of a portal the delivery names, or undefined when the app does not serve it
   * (not installed, uninstalled, another private app's account): its events are ignored.
   */
  accountFor(portalId: number): Promise<DeliveryAccount | undefined>;
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
  /** Accounts whose contacts were scored (a marketplace app's delivery can name several). */
  accounts: number;
  contactsRescored: number;
  written: number;
  unchanged: number;
  /** Contacts HubSpot no longer knows (deleted or merged away). */
  missing: number;
  contactsForgotten: number;
  /** Events left out, by reason (the pipeline's, and accounts the app does not serve). */
  ignored: Record<string, number>;
  /** Batch calls made; association lookups are one a type of engagement (more if HubSpot pages). */
  hubspotRequests: { associationLookups: number; contactReads: number; contactWrites: number };
}

type Requests = SynchronousDeliveryAnswer['hubspotRequests'];

/**
 * `POST /webhooks/hubspot` where nothing survives the invocation (AWS Lambda, a HubSpot app
 * function): the delivery is answered only after its contacts' scores are written, so a 2xx
 * means done and anything else leaves HubSpot to deliver again. The same pieces as the server's
 * queue path (signature, parse, triage, association lookup, rescoring), composed in one pass.
 * A marketplace app's delivery can hold the events of several accounts: each account's are
 * triaged by its own model and scored through its own port, the accounts at once. For up to
 * 100 events that is, per account, one association read per engagement type present, one
 * contact read and at most one write: well inside HubSpot's 5 seconds.
 */
export async function handleDeliverySynchronously(
  request: HandlerRequest,
  deps: SynchronousDeliveryDeps,
): Promise<HandlerResponse> {
  const delivery = authorizedDelivery(request, deps);
  if ('refusal' in delivery) return delivery.refusal;
  const requests: Requests = { associationLookups: 0, contactReads: 0, contactWrites: 0 };
  try {
    const served = await accountsOf(delivery.events, deps);
    const events = delivery.events.filter((e) => served.has(e.portalId));
    const others = delivery.events.length - events.length;
    const work = triageDelivery(events, {
      ownAppId: deps.ownAppId,
      modelPropertiesFor: (portalId) => new Set(served.get(portalId)!.model.properties),
    });
    const ignored: Record<string, number> =
      others > 0 ? { ...work.ignored, [OTHER_ACCOUNT]: others } : work.ignored;
    const scoredAt = (deps.scoringClock ?? deps.now)();
    const outcomes = await Promise.all(
      [...served].map(async ([portalId, account]) => {
        const ids = await contactsToRescore(ofAccount(work, portalId), account.hubspot, requests);
        if (ids.length === 0) return undefined;
        const outcome = await rescoreContacts(account.hubspot, account.model, ids, scoredAt);
        requests.contactReads += outcome.reads;
        requests.contactWrites += outcome.writes;
        return outcome;
      }),
    );
    // A contact HubSpot could not read throws (rescoreContacts' default) once the others are
    // written: the answer is a 5xx, and HubSpot's redelivery scores the delivery again.
    const scored = outcomes.filter((o): o is RescoreOutcome => o !== undefined);
    const answer = describe(delivery.events.length, { ...work, ignored }, scored, requests);
    deps.logger.info('delivery scored', { ...answer, ignored: undefined });
    return { status: 200, body: answer };
  } catch (error) {
    return failure(error, deps.logger, requests);
  }
}

/** The accounts the delivery names that the app serves, looked up at once. */
async function accountsOf(
  events: readonly WebhookEvent[],
  deps: SynchronousDeliveryDeps,
): Promise<Map<number, DeliveryAccount>> {
  const portals = [...new Set(events.map((e) => e.portalId))];
  const found = await Promise.all(portals.map((portalId) => deps.accountFor(portalId)));
  const served = new Map<number, DeliveryAccount>();
  const others: number[] = [];
  portals.forEach((portalId, i) => {
    const account = found[i];
    if (account) served.set(portalId, account);
    else others.push(portalId);
  });
  if (others.length > 0) {
    deps.logger.warn('webhook events of accounts the app does not serve ignored', {
      portalIds: others,
    });
  }
  return served;
}

function ofAccount(work: DeliveryWork, portalId: number): DeliveryWork {
  const mine = <T extends { portalId: number }>(list: T[]) =>
    list.filter((item) => item.portalId === portalId);
  return {
    rescore: mine(work.rescore),
    engagements: mine(work.engagements),
    forget: mine(work.forget),
    ignored: {},
  };
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
  requests: Requests,
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
  work: Pick<DeliveryWork, 'forget'> & { ignored: Record<string, number> },
  outcomes: readonly RescoreOutcome[],
  hubspotRequests: Requests,
): SynchronousDeliveryAnswer {
  const rescored = outcomes.flatMap((o) => o.rescored);
  const written = rescored.filter((r) => r.written).length;
  return {
    received,
    accounts: outcomes.length,
    contactsRescored: rescored.length,
    written,
    unchanged: rescored.length - written,
    missing: outcomes.reduce((sum, o) => sum + o.missing.length, 0),
    contactsForgotten: work.forget.length,
    ignored: work.ignored,
    hubspotRequests,
  };
}

/** Any failure is a 5xx: HubSpot delivers again later, and rescoring twice is harmless. */
function failure(error: unknown, logger: Logger, requests: Requests): HandlerResponse {
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
