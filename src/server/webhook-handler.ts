import type { WebhookEvent } from '../pipeline/webhook-events.ts';
import { triageDelivery, type TriageOptions } from '../pipeline/triage-events.ts';
import type { WorkQueue } from '../store/work-queue.ts';
import {
  acceptDelivery,
  DEFAULT_MAX_WEBHOOK_BYTES,
  type DeliveryCheckDeps,
} from './accept-delivery.ts';
import type { HandlerRequest, HandlerResponse } from './http-types.ts';

export { DEFAULT_MAX_WEBHOOK_BYTES };

export interface WebhookDeps extends DeliveryCheckDeps {
  triage: Omit<TriageOptions, 'modelPropertiesFor'> & {
    /** Per account, its published model's properties (looked up once per delivery). */
    modelPropertiesFor?:
      ((portalId: number) => ReadonlySet<string> | Promise<ReadonlySet<string>>) | undefined;
  };
  queue: Pick<WorkQueue, 'enqueue'>;
  worker: { kick(): void };
  /**
   * False for accounts this server must not work for (a private app's token set to one
   * HUBSPOT_PORTAL_ID): their events are answered 2xx, logged and dropped. Default: all.
   */
  servesPortal?: (portalId: number) => boolean;
}

/** Counted under `ignored` in the answer, next to the pipeline's own reasons. */
export const OTHER_ACCOUNT = 'account not served by this app';

/**
 * `POST /webhooks/hubspot`. The signature is checked on the raw bytes before anything is
 * parsed; the delivery's work is committed to the store before the 2xx, and the worker
 * scores it afterwards, so HubSpot's 5-second limit is never at stake and nothing answered
 * with 2xx is lost. Any failure to store answers 5xx, so HubSpot delivers again.
 */
export async function handleWebhookDelivery(
  request: HandlerRequest,
  deps: WebhookDeps,
): Promise<HandlerResponse> {
  const accepted = acceptDelivery(request, deps);
  if ('refusal' in accepted) return accepted.refusal;
  const delivery = accepted;

  const { served, others } = splitByAccount(delivery.events, deps.servesPortal);
  if (others.length > 0) {
    deps.logger.warn('webhook events of another HubSpot account ignored', {
      events: others.length,
      portalIds: [...new Set(others.map((e) => e.portalId))],
    });
  }
  let work;
  try {
    work = triageDelivery(served, await triageFor(served, deps.triage));
    await deps.queue.enqueue(work, deps.now());
  } catch (error) {
    deps.logger.error('webhook not stored; HubSpot will deliver it again', { error });
    return { status: 503, body: { error: 'the delivery could not be stored; try again' } };
  }
  const queued = work.rescore.length + work.engagements.length;
  if (queued > 0) deps.worker.kick();
  return {
    status: 200,
    body: {
      received: delivery.events.length,
      contactsToRescore: work.rescore.length,
      engagementsToTrace: work.engagements.length,
      contactsForgotten: work.forget.length,
      ignored:
        others.length > 0 ? { ...work.ignored, [OTHER_ACCOUNT]: others.length } : work.ignored,
    },
  };
}

/** The accounts' model properties looked up first: the triage itself is synchronous. */
async function triageFor(
  events: readonly WebhookEvent[],
  triage: WebhookDeps['triage'],
): Promise<TriageOptions> {
  const { modelPropertiesFor, ...rest } = triage;
  if (!modelPropertiesFor) return rest;
  const portals = [...new Set(events.map((e) => e.portalId))];
  const properties = new Map<number, ReadonlySet<string>>();
  for (const portalId of portals) properties.set(portalId, await modelPropertiesFor(portalId));
  return { ...rest, modelPropertiesFor: (portalId) => properties.get(portalId) ?? new Set() };
}

function splitByAccount(
  events: readonly WebhookEvent[],
  servesPortal: WebhookDeps['servesPortal'],
): { served: WebhookEvent[]; others: WebhookEvent[] } {
  if (!servesPortal) return { served: [...events], others: [] };
  const served: WebhookEvent[] = [];
  const others: WebhookEvent[] = [];
  for (const event of events) (servesPortal(event.portalId) ? served : others).push(event);
  return { served, others };
}
