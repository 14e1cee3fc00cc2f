import express, { Router, type Request, type Response } from 'express';
import { handleSettingsRequest } from './settings-api.ts';
import { SETTINGS_API_PREFIX } from './settings-contract.ts';
import type { SettingsApiDeps } from './settings-handlers.ts';

/** HubSpot's limit for `hubspot.fetch` bodies. */
const MAX_BODY = '1mb';

/**
 * The settings backend as an express router: `app.use(createSettingsRoutes(deps))`. Mount it
 * before any JSON body parser: the signature covers the raw bytes.
 */
export function createSettingsRoutes(deps: SettingsApiDeps): Router {
  const router = Router();
  const rawBody = express.raw({ type: () => true, limit: MAX_BODY });
  router.use(SETTINGS_API_PREFIX, rawBody, async (req: Request, res: Response) => {
    const body: unknown = req.body;
    const answer = await handleSettingsRequest(
      {
        method: req.method,
        url: req.originalUrl,
        headers: req.headers,
        rawBody: Buffer.isBuffer(body) ? body : Buffer.alloc(0),
      },
      deps,
    );
    if (answer.headers) res.set(answer.headers);
    res.status(answer.status).json(answer.body);
  });
  return router;
}
