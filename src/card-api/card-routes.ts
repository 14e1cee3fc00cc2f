import express, { Router, type Request, type Response } from 'express';
import { handleGetContactScore, handleRescoreContact, type CardApiDeps } from './card-handlers.ts';
import type { CardApiRequest, CardApiResponse } from './card-request.ts';

/** HubSpot's limit for `hubspot.fetch` bodies. */
const MAX_BODY = '1mb';

/**
 * The card API as an express 5 router with absolute paths: `app.use(createCardRoutes(deps))`.
 * Mount it before any JSON body parser: the signature covers the raw bytes.
 */
export function createCardRoutes(deps: CardApiDeps): Router {
  const router = Router();
  const rawBody = express.raw({ type: () => true, limit: MAX_BODY });
  const adapt =
    (handler: (request: CardApiRequest, deps: CardApiDeps) => Promise<CardApiResponse>) =>
    async (req: Request, res: Response) => {
      const result = await handler(toCardApiRequest(req), deps);
      if (result.headers) res.set(result.headers);
      res.status(result.status).json(result.body);
    };
  // `all`: a wrong method gets the handler's JSON 405, not the app's HTML 404.
  router.all('/api/contacts/:contactId/score', rawBody, adapt(handleGetContactScore));
  router.all('/api/contacts/:contactId/rescore', rawBody, adapt(handleRescoreContact));
  return router;
}

function toCardApiRequest(req: Request): CardApiRequest {
  const body: unknown = req.body;
  if (body !== undefined && !Buffer.isBuffer(body)) {
    // A parser that ran before us threw the bytes away; every signed POST would fail.
    throw new Error('createCardRoutes must be mounted before any body parser');
  }
  return {
    method: req.method,
    url: req.originalUrl,
    headers: req.headers,
    rawBody: body ?? Buffer.alloc(0),
  };
}
