import express, { type ErrorRequestHandler, type Request, type Response } from 'express';
import { createCardRoutes, type CardApiDeps } from '../card-api/index.ts';
import { createOAuthRoutes, type InstallFlowDeps } from '../oauth/index.ts';
import { createSettingsRoutes, type SettingsApiDeps } from '../settings-api/index.ts';
import type { QueueCounts } from '../store/work-queue.ts';
import type { HandlerRequest, HandlerResponse } from './http-types.ts';
import { requestLog } from './request-log.ts';
import {
  DEFAULT_MAX_WEBHOOK_BYTES,
  handleWebhookDelivery,
  type WebhookDeps,
} from './webhook-handler.ts';

export interface AppDeps {
  webhook: WebhookDeps;
  /** The contact card's backend (`hubspot.fetch`): `/api/contacts/:id/score` and `/rescore`. */
  card?: CardApiDeps | undefined;
  /** The settings page's backend (`hubspot.fetch`): `/api/settings/...`. */
  settings?: SettingsApiDeps | undefined;
  /** OAuth mode only: `/oauth/install` and `/oauth/callback`. */
  installFlow?: InstallFlowDeps | undefined;
  /** True once HubSpot's output properties exist and the worker runs. */
  isReady: () => boolean;
  /** `/healthz`'s status field; by default from `isReady`. */
  phase?: () => 'starting' | 'ok' | 'stopping';
  queueCounts: () => Promise<QueueCounts>;
  /** `/readyz`: the store answers and the worker makes progress; 503 otherwise. */
  readiness?: () => Promise<{ ready: boolean; body: unknown }>;
}

/**
 * The express adapter: it only moves bytes in and answers out. The handlers themselves are
 * plain functions (see http-types.ts), so other hosts can run them unchanged.
 */
export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // TRUST_PROXY (off by default): where req.ip, and so the install flow's rate limit, looks.
  app.set('trust proxy', deps.installFlow?.config.trustProxy ?? false);
  // First: a request id for every log line of the request, and refusals logged once.
  app.use(requestLog(deps.webhook.logger));

  // Liveness: 200 while the process runs (a restart would not help a starting server).
  app.get('/healthz', async (_req, res) => {
    const status = deps.phase?.() ?? (deps.isReady() ? 'ok' : 'starting');
    let queue: QueueCounts | undefined;
    try {
      queue = await deps.queueCounts();
    } catch {
      queue = undefined; // the store is closing; /readyz tells
    }
    res.status(200).json({ status, ...(queue ? { queue } : {}) });
  });

  // Readiness: whether this server does its job now (store, worker progress), with figures.
  if (deps.readiness) {
    const readiness = deps.readiness;
    app.get('/readyz', async (_req, res) => {
      const { ready, body } = await readiness();
      res.status(ready ? 200 : 503).json(body);
    });
  }

  // Before any body parser: the card's signature covers the raw bytes (the router checks).
  if (deps.card) app.use(createCardRoutes(deps.card));
  if (deps.settings) app.use(createSettingsRoutes(deps.settings));
  if (deps.installFlow) app.use(createOAuthRoutes(deps.installFlow));

  app.post(
    '/webhooks/hubspot',
    // Raw bytes whatever the content type: the signature covers them exactly as sent.
    express.raw({
      type: () => true,
      limit: deps.webhook.maxBodyBytes ?? DEFAULT_MAX_WEBHOOK_BYTES,
    }),
    async (req, res) => send(res, await handleWebhookDelivery(toHandlerRequest(req), deps.webhook)),
  );

  app.use((_req, res) => {
    res.status(404).json({ error: 'not found' });
  });

  const onError: ErrorRequestHandler = (
    error: { status?: number; type?: string },
    _req,
    res,
    _next,
  ) => {
    if (error.type === 'entity.too.large') {
      res.status(413).json({ error: 'the body is too large' });
    } else if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
      res.status(error.status).json({ error: 'the request body could not be read' });
    } else {
      deps.webhook.logger.error('request failed', { error: error as unknown });
      res.status(500).json({ error: 'internal error' });
    }
  };
  app.use(onError);
  return app;
}

function toHandlerRequest(req: Request): HandlerRequest {
  return {
    method: req.method,
    url: req.originalUrl,
    headers: req.headers,
    rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
  };
}

function send(res: Response, answer: HandlerResponse): void {
  res.status(answer.status).json(answer.body);
}
