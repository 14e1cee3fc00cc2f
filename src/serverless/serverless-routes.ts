import { handleCardRequest, type CardApiDeps } from '../card-api/card-handlers.ts';
import { verifyCardSignature } from '../card-api/card-signature.ts';
import { handleCallback, handleInstall, type OAuthResponse } from '../oauth/install-handlers.ts';
import { CALLBACK_PATH, INSTALL_PATH } from '../oauth/oauth-config.ts';
import type { HandlerRequest, HandlerResponse } from '../server/http-types.ts';
import { handleSettingsRequest } from '../settings-api/settings-api.ts';
import { SETTINGS_API_PREFIX } from '../settings-api/settings-contract.ts';
import { INVOCATION_BUDGETS_MS } from './invocation-deadline.ts';
import type { ServerlessRuntime } from './serverless-runtime.ts';
import { handleDeliverySynchronously, type DeliveryAccount } from './synchronous-delivery.ts';

/**
 * A route's answer: JSON `body`, or `rawBody` sent as it is (the install flow's HTML pages);
 * the card API adds `Retry-After` to its 503s, the install flow a `Set-Cookie` (a list).
 */
export interface ServerlessResponse extends HandlerResponse {
  headers?: Record<string, string | string[]>;
  rawBody?: string;
}

export const WEBHOOK_PATH = '/webhooks/hubspot';
const CARD_PATH = /^\/api\/contacts\/[^/]+\/(score|rescore)$/;

/**
 * The HTTP routes every serverless host shares (Lambda behind API Gateway, a HubSpot app
 * function's public endpoint), over framework-free handlers: the webhook (answered once the
 * scores are written), the card's score and rescore, the settings page's backend, the
 * marketplace app's install flow, and a health check. Each request's HubSpot calls run within its invocation's deadline.
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
    return runtime.within(startedAt + INVOCATION_BUDGETS_MS.webhook, () =>
      handleDeliverySynchronously(request, {
        clientSecret: runtime.config.clientSecret,
        publicBaseUrl: runtime.config.publicBaseUrl,
        urlToken: runtime.config.webhookUrlToken,
        ownAppId: runtime.config.appId,
        accountFor: (portalId) => deliveryAccount(runtime, portalId),
        now: runtime.now,
        scoringClock: runtime.scoringClock,
        logger: runtime.logger,
      }),
    );
  }
  if (CARD_PATH.test(path)) {
    return runtime.within(startedAt + INVOCATION_BUDGETS_MS.card, () =>
      handleCardRequest(request, {
        ...cardAccounts(runtime),
        verifySignature: verifyCardSignature({
          clientSecret: runtime.config.clientSecret,
          publicBaseUrl: runtime.config.publicBaseUrl,
          now: runtime.now,
        }),
        now: runtime.scoringClock,
        logger: runtime.logger,
      }),
    );
  }
  if ((path === INSTALL_PATH || path === CALLBACK_PATH) && runtime.installFlow) {
    const flow = runtime.installFlow;
    const handle = path === INSTALL_PATH ? handleInstall : handleCallback;
    // The callback sets the new account up (its output properties) before the page answers.
    return runtime.within(startedAt + INVOCATION_BUDGETS_MS.install, async () =>
      fromInstallPage(await handle(request, flow), runtime),
    );
  }
  if (path === SETTINGS_API_PREFIX || path.startsWith(`${SETTINGS_API_PREFIX}/`)) {
    const settings = runtime.settings;
    if (!settings) {
      return {
        status: 503,
        body: {
          error:
            'the settings page is not served here: it needs the shared store (DATABASE_URL=postgres://...) and a scheduled run for its jobs (AWS Lambda with its EventBridge rule, or a server)',
        },
      };
    }
    // `hubspot.fetch` waits 15 s, as for the card; the jobs it starts run in the scheduled run.
    return runtime.within(startedAt + INVOCATION_BUDGETS_MS.card, () =>
      handleSettingsRequest(request, settings),
    );
  }
  if (path === '/healthz' && method === 'GET') {
    return { status: 200, body: { status: 'ok', model: runtime.fallbackModel.model.name } };
  }
  return { status: 404, body: { error: 'not found' } };
}

/** The account a webhook's portal names, with its model fitted to its output properties. */
async function deliveryAccount(
  runtime: ServerlessRuntime,
  portalId: number,
): Promise<DeliveryAccount | undefined> {
  const account = await runtime.accounts.get(portalId);
  if (!account) return undefined;
  return { hubspot: account.hubspot, model: await runtime.accounts.preparedModelFor(portalId) };
}

/** The card's account: the portal HubSpot signed the request for (a number, or none). */
export function cardAccounts(
  runtime: ServerlessRuntime,
): Pick<CardApiDeps, 'compiledFor' | 'hubspotForPortal'> {
  const idOf = (portalId: string) => {
    const id = Number(portalId);
    return portalId !== '' && Number.isSafeInteger(id) && id >= 0 ? id : undefined;
  };
  return {
    compiledFor: (portalId) => {
      const id = idOf(portalId);
      return id === undefined ? runtime.fallbackModel : runtime.accounts.preparedModelFor(id);
    },
    hubspotForPortal: async (portalId) => {
      const id = idOf(portalId);
      return id === undefined ? undefined : (await runtime.accounts.get(id))?.hubspot;
    },
  };
}

/** The install flow's page as a route's answer; its refusals are logged here (no request log). */
function fromInstallPage(page: OAuthResponse, runtime: ServerlessRuntime): ServerlessResponse {
  if (page.refusal !== undefined) {
    runtime.logger.warn('install flow request refused', {
      status: page.status,
      reason: page.refusal,
    });
  }
  return { status: page.status, body: undefined, rawBody: page.body, headers: page.headers ?? {} };
}

export function pathOf(url: string): string {
  const end = url.search(/[?#]/);
  return end < 0 ? url : url.slice(0, end);
}
