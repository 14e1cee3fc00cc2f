import { parseDelivery, type WebhookEvent } from '../pipeline/webhook-events.ts';
import { headerValue, type HandlerRequest, type HandlerResponse } from './http-types.ts';
import type { Logger } from './logger.ts';
import {
  SIGNATURE_HEADER,
  signedUri,
  TIMESTAMP_HEADER,
  verifySignatureV3,
} from './request-signature.ts';

/** HubSpot sends at most 100 events a request, a few hundred bytes each; 1 MB is ample. */
export const DEFAULT_MAX_WEBHOOK_BYTES = 1024 * 1024;

export interface DeliveryCheckDeps {
  clientSecret: string;
  /** The public base URL HubSpot calls; the signature covers it, not what a proxy forwards. */
  publicBaseUrl: string;
  /** Wall clock: the 5-minute signature window. */
  now: () => number;
  logger: Logger;
  maxBodyBytes?: number;
}

/**
 * The first steps of every webhook delivery, queued or answered after scoring: size limit,
 * the v3 signature on the raw bytes BEFORE anything is parsed, then the events themselves.
 * Either the events, or the answer that refuses the delivery (413, 401, 400).
 */
export function acceptDelivery(
  request: HandlerRequest,
  deps: DeliveryCheckDeps,
): { events: WebhookEvent[] } | { refusal: HandlerResponse } {
  const oversize = refuseOversize(request, deps.maxBodyBytes);
  if (oversize) return oversize;
  const check = verifySignatureV3({
    clientSecret: deps.clientSecret,
    method: request.method,
    uri: signedUri(deps.publicBaseUrl, request.url),
    rawBody: request.rawBody,
    signature: headerValue(request, SIGNATURE_HEADER),
    timestamp: headerValue(request, TIMESTAMP_HEADER),
    nowMs: deps.now(),
  });
  if (!check.valid) {
    deps.logger.warn('webhook refused: bad signature', { reason: check.reason });
    return { refusal: { status: 401, body: { error: `unauthorized: ${check.reason}` } } };
  }
  return parseEvents(request, deps.logger);
}

/** 413 for a body over the limit; checked before anything else is done with it. */
export function refuseOversize(
  request: HandlerRequest,
  maxBodyBytes: number | undefined,
): { refusal: HandlerResponse } | undefined {
  const limit = maxBodyBytes ?? DEFAULT_MAX_WEBHOOK_BYTES;
  if (request.rawBody.byteLength <= limit) return undefined;
  return { refusal: { status: 413, body: { error: `the body is larger than ${limit} bytes` } } };
}

/** The events of a delivery whose sender was checked, or the 400 that names what is wrong. */
export function parseEvents(
  request: HandlerRequest,
  logger: Logger,
): { events: WebhookEvent[] } | { refusal: HandlerResponse } {
  const delivery = parseDelivery(request.rawBody);
  if (!delivery.ok) {
    logger.warn('webhook refused: bad events', { reason: delivery.reason });
    return { refusal: { status: 400, body: { error: delivery.reason } } };
  }
  return { events: delivery.events };
}
