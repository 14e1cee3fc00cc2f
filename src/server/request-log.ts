import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { withLogContext, type Logger } from './logger.ts';

/**
 * Every request gets an id: the caller's `X-Request-Id` when it looks like one (a proxy or
 * HubSpot's own tracing may set it), else a fresh UUID. It goes back in the response header
 * and into every log line written while the request is handled (see withLogContext), so one
 * grep finds a request's whole story.
 *
 * Refusals (4xx) are logged here, once each, at warn, with their reason: the `error` of the
 * JSON answer (`unauthorized: the signature does not match`, `not found`, `the body is too
 * large`) or what a handler left in `res.locals.refusalReason` (the install pages). A handler
 * that already wrote a warning for the request has said why; a flood refused by the rate
 * limiter is logged by the limiter once per window (`res.locals.refusalLogged`).
 */
export const REQUEST_ID_HEADER = 'X-Request-Id';

/** Letters, digits and `._:-`, 8 to 128 of them: a UUID, a trace id, nothing to forge a line with. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export function requestIdOf(header: string | undefined): string {
  return header !== undefined && SANE_REQUEST_ID.test(header) ? header : randomUUID();
}

interface RequestLogLocals {
  requestId?: string;
  refusalReason?: string;
  refusalLogged?: boolean;
  warned?: boolean;
}

export function requestLog(logger: Logger): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const locals = res.locals as RequestLogLocals;
    const requestId = requestIdOf(req.get(REQUEST_ID_HEADER));
    locals.requestId = requestId;
    res.setHeader(REQUEST_ID_HEADER, requestId);
    captureJsonError(res);
    const startedAt = Date.now();
    res.once('finish', () => {
      const { statusCode: status } = res;
      const fields = { requestId, status, method: req.method, path: req.path };
      if (status >= 400 && status < 500 && !locals.refusalLogged && !locals.warned) {
        logger.warn('request refused', {
          ...fields,
          reason: locals.refusalReason ?? 'no reason given',
        });
      } else {
        logger.debug('request', { ...fields, tookMs: Date.now() - startedAt });
      }
    });
    withLogContext({ requestId }, next, {
      onWarning: () => {
        locals.warned = true;
      },
    });
  };
}

/** The `error` of a JSON refusal, read on its way out. */
function captureJsonError(res: Response): void {
  const json = res.json.bind(res);
  res.json = (body?: unknown) => {
    const error = (body as { error?: unknown } | null | undefined)?.error;
    const locals = res.locals as RequestLogLocals;
    if (res.statusCode >= 400 && typeof error === 'string' && locals.refusalReason === undefined) {
      locals.refusalReason = error;
    }
    return json(body);
  };
}
