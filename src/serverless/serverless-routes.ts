import { handleCardRequest } from '../card-api/card-handlers.ts';
import { verifyCardSignature } from '../card-api/card-signature.ts';
import type { HandlerRequest, HandlerResponse } from '../server/http-types.ts';

/** A route's answer; the card API adds `Retry-After` to its 503s. */
export interface ServerlessResponse extends HandlerResponse {
  headers?: Record<string, string>;
}
import { INVOCATION_BUDGETS_MS } from './invocation-deadline.ts';
import type { ServerlessRuntime } from './serverless-runtime.ts';
import { handleDeliverySynchronously } from './synchronous-delivery.ts';

export const WEBHOOK_PATH = '/webhooks/hubspot';
const CARD_PATH = /^\/api\/contacts\/[^/]+\/(score|rescore)$/;

/**
 * The HTTP routes every serverless host shares (Lambda behind API Gateway, a HubSpot app
 * function's public endpoint), over framework-free handlers: the webhook (answered once the
 * scores are written), the card's score and rescore, and a health check.
 */
export async function routeServerlessRequest(
  request: HandlerRequest,
  runtime: ServerlessRuntime,
  /** When the invocation began (epoch ms): HubSpot's time limits count from about then. */
  startedAt: number,
): Promise<ServerlessResponse> {
  const path = pathOf(request.url);
  const method = request.method.toUpperCase();
  if (path === WEBHOOK_PATH) {
    if (method !== 'POST') return { status: 405, body: { error: 'use POST' } };
    return handleDeliverySynchronously(request, {
      clientSecret: runtime.config.clientSecret,
      publicBaseUrl: runtime.config.publicBaseUrl,
      urlToken: runtime.config.webhookUrlToken,
      triage: {
        modelProperties: new Set(runtime.compiled.properties),
        ownAppId: runtime.config.appId,
      },
      hubspot: runtime.hubspotUntil(startedAt + INVOCATION_BUDGETS_MS.webhook),
      compiled: runtime.compiled,
      now: runtime.now,
      scoringClock: runtime.scoringClock,
      logger: runtime.logger,
    });
  }
  if (CARD_PATH.test(path)) {
    const hubspot = runtime.hubspotUntil(startedAt + INVOCATION_BUDGETS_MS.card);
    return handleCardRequest(request, {
      compiled: runtime.compiled,
      verifySignature: verifyCardSignature({
        clientSecret: runtime.config.clientSecret,
        publicBaseUrl: runtime.config.publicBaseUrl,
        now: runtime.now,
      }),
      // One private-app token: the account HubSpot signed the request for is the one it serves.
      hubspotForPortal: () => hubspot,
      now: runtime.scoringClock,
      logger: runtime.logger,
    });
  }
  if (path === '/healthz' && method === 'GET') {
    return { status: 200, body: { status: 'ok', model: runtime.compiled.model.name } };
  }
  return { status: 404, body: { error: 'not found' } };
}

export function pathOf(url: string): string {
  const end = url.search(/[?#]/);
  return end < 0 ? url : url.slice(0, end);
}
