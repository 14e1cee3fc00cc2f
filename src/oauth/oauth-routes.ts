import { Router, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { INSTALL_MESSAGES, pageLanguageOf } from './install-messages.ts';
import {
  handleCallback,
  handleInstall,
  languageHeaders,
  type InstallFlowDeps,
  type OAuthRequest,
  type OAuthResponse,
} from './install-handlers.ts';
import { CALLBACK_PATH, INSTALL_PATH } from './oauth-config.ts';
import { PAGE_HEADERS, renderPage } from './oauth-pages.ts';

/**
 * Per client address, across /oauth/install and /oauth/callback together: an admin needs two
 * requests per install, a few more after a mistake; a flood gets 429 after this many.
 */
export const INSTALL_RATE_LIMIT = { limit: 30, windowMs: 10 * 60_000 } as const;

/**
 * Where the request log finds a refusal's reason (`res.locals`), and whether it was logged
 * already (the rate limiter logs a flood once per window itself, not every refused request).
 */
export const REFUSAL_REASON = 'refusalReason';
export const REFUSAL_LOGGED = 'refusalLogged';

/** The express adapter of the install flow; mount it with `app.use(createOAuthRoutes(deps))`. */
export function createOAuthRoutes(deps: InstallFlowDeps): Router {
  const router = Router();
  const { limit, windowMs } = deps.rateLimit ?? INSTALL_RATE_LIMIT;
  const minutes = Math.max(1, Math.ceil(windowMs / 60_000));
  // express-rate-limit's memory store: one counter per client address (IPv6 by /56, the
  // library's default) for the current window, dropped when the window ends. With TRUST_PROXY
  // off, the address is the TCP peer's, which a client cannot choose.
  const limiter = rateLimit({
    windowMs,
    limit,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    // Its checks write to the console, beside our log; TRUST_PROXY=true is refused at start-up.
    validate: false,
    handler: (req, res) => {
      const info = (req as Request & { rateLimit?: { used: number; resetTime?: Date } }).rateLimit;
      const resetAt = info?.resetTime ?? new Date(deps.now() + windowMs);
      // The first refused request of a window speaks for the flood; the rest stay quiet.
      if (info !== undefined && info.used === limit + 1) {
        deps.logger.warn(
          'install flow flooded: refusing one client address until its window ends',
          {
            client: req.ip,
            limit,
            windowMinutes: minutes,
            until: resetAt.toISOString(),
          },
        );
      }
      res.locals[REFUSAL_LOGGED] = true;
      const language = pageLanguageOf(req.get('accept-language'));
      const retryAfter = Math.max(1, Math.ceil((resetAt.getTime() - deps.now()) / 1000));
      res
        .status(429)
        .set({ ...PAGE_HEADERS, ...languageHeaders(language), 'Retry-After': String(retryAfter) })
        .send(renderPage(INSTALL_MESSAGES[language].tooManyRequests(minutes), language));
    },
  });
  router.get(INSTALL_PATH, limiter, async (req, res) =>
    send(res, await handleInstall(toRequest(req), deps)),
  );
  router.get(CALLBACK_PATH, limiter, async (req, res) =>
    send(res, await handleCallback(toRequest(req), deps)),
  );
  // Other methods get the handlers' own 405 page, past the same limiter.
  router.all([INSTALL_PATH, CALLBACK_PATH], limiter, async (req, res) =>
    send(res, await handleCallback(toRequest(req), deps)),
  );
  return router;
}

function toRequest(req: Request): OAuthRequest {
  return { method: req.method, url: req.originalUrl, headers: req.headers };
}

function send(res: Response, answer: OAuthResponse): void {
  if (answer.refusal !== undefined) res.locals[REFUSAL_REASON] = answer.refusal;
  for (const [name, value] of Object.entries(answer.headers ?? {})) res.setHeader(name, value);
  res.status(answer.status).send(answer.body);
}
