import { Router, type Request, type Response } from 'express';
import {
  handleCallback,
  handleInstall,
  type InstallFlowDeps,
  type OAuthRequest,
  type OAuthResponse,
} from './install-handlers.ts';
import { CALLBACK_PATH, INSTALL_PATH } from './oauth-config.ts';

/** The express adapter of the install flow; mount it with `app.use(createOAuthRoutes(deps))`. */
export function createOAuthRoutes(deps: InstallFlowDeps): Router {
  const router = Router();
  router.get(INSTALL_PATH, async (req, res) =>
    send(res, await handleInstall(toRequest(req), deps)),
  );
  router.get(CALLBACK_PATH, async (req, res) =>
    send(res, await handleCallback(toRequest(req), deps)),
  );
  return router;
}

function toRequest(req: Request): OAuthRequest {
  return { method: req.method, url: req.originalUrl, headers: req.headers };
}

function send(res: Response, answer: OAuthResponse): void {
  for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value);
  res.status(answer.status).send(answer.body);
}
