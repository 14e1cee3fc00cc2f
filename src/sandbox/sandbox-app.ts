import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { HUBSPOT_API_VERSION } from '../hubspot/hubspot-paths.ts';
import { userRoutes } from './account-users.ts';
import { associationRoutes } from './association-routes.ts';
import { contactRoutes } from './contact-routes.ts';
import { defaultFailureBody, errorBody, rateLimitBody, sendError } from './hubspot-responses.ts';
import { propertyRoutes } from './property-routes.ts';
import { RollingRateLimit } from './rolling-rate-limit.ts';
import type { SandboxAccount } from './sandbox-account.ts';
import { injectedFaults } from './sandbox-faults.ts';

export interface SandboxRateLimit {
  requests: number;
  perMilliseconds: number;
  /** Search has its own limit at HubSpot, about 5 a second; `false` turns it off. */
  searchPerSecond?: number | false;
}

export interface SandboxAppOptions {
  rateLimit: SandboxRateLimit | false;
  /** When set, only this bearer token is accepted; otherwise any non-empty one is. */
  accessToken?: string | undefined;
  associationPageSize: number;
}

/**
 * Logs every request with the status it got, for tests to assert on exact calls; a request
 * that got no answer (hung, then aborted by the client or ended by closing) with status 0.
 */
function requestLog(account: SandboxAccount): RequestHandler {
  return (req, res, next) => {
    const arrivedAt = Date.now();
    const log = (status: number) =>
      account.requests.push({
        method: req.method,
        path: req.path,
        query: { ...req.query },
        body: req.body,
        status,
        arrivedAt,
      });
    res.on('finish', () => log(res.statusCode));
    res.on('close', () => {
      if (!res.writableFinished) log(0);
    });
    next();
  };
}

/**
 * The numbered CRM APIs (v3, v4) end in 2027 and this app must not call them: the sandbox
 * refuses them loudly instead of answering like the date-based ones.
 */
const numberedApis: RequestHandler = (req, res, next) => {
  if (!/^\/crm\/(v\d+|objects\/v\d+|properties\/v\d+|associations\/v\d+)\//.test(req.path)) {
    return next();
  }
  sendError(
    res,
    404,
    'OBJECT_NOT_FOUND',
    `${req.method} ${req.path}: the numbered CRM APIs are not served by the sandbox; ` +
      `call the date-based ones (/crm/objects/${HUBSPOT_API_VERSION}/..., ` +
      `/crm/properties/${HUBSPOT_API_VERSION}/..., /crm/associations/${HUBSPOT_API_VERSION}/...)`,
  );
};

function bearerAuth(accessToken: string | undefined): RequestHandler {
  return (req, res, next) => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '');
    if (match && (accessToken === undefined || match[1] === accessToken)) return next();
    sendError(
      res,
      401,
      'INVALID_AUTHENTICATION',
      match
        ? 'The OAuth token used to make this call is not valid.'
        : 'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview',
    );
  };
}

function injectedFailures(account: SandboxAccount): RequestHandler {
  return (_req, res, next) => {
    const failure = account.failures.shift();
    if (!failure) return next();
    res.set(failure.headers ?? {});
    res.status(failure.status).json(failure.body ?? defaultFailureBody(failure.status));
  };
}

function rateLimits(limit: SandboxRateLimit): RequestHandler {
  const rolling = new RollingRateLimit(limit.requests, limit.perMilliseconds);
  const search =
    limit.searchPerSecond === false
      ? undefined
      : new RollingRateLimit(limit.searchPerSecond ?? 5, 1000);
  return (req, res, next) => {
    // Search answers carry no rate-limit headers at HubSpot, and have a secondly limit.
    if (search && req.path.endsWith('/search')) {
      if (!search.admit().allowed) return void res.status(429).json(rateLimitBody('SECONDLY'));
    }
    const { allowed, remaining } = rolling.admit();
    if (!req.path.endsWith('/search')) {
      res.set({
        'X-HubSpot-RateLimit-Max': String(limit.requests),
        'X-HubSpot-RateLimit-Remaining': String(remaining),
        'X-HubSpot-RateLimit-Interval-Milliseconds': String(limit.perMilliseconds),
      });
    }
    if (!allowed) return void res.status(429).json(rateLimitBody('TEN_SECONDLY_ROLLING'));
    next();
  };
}

const jsonErrors: ErrorRequestHandler = (
  err: { status?: number; message?: string },
  _req,
  res,
  next,
) => {
  if (res.headersSent) return next(err);
  const status = err.status && err.status >= 400 && err.status < 500 ? err.status : 500;
  res
    .status(status)
    .json(
      errorBody(
        status === 500 ? 'INTERNAL_ERROR' : 'VALIDATION_ERROR',
        status === 500
          ? 'internal error'
          : `Invalid input JSON: ${err.message ?? 'unreadable body'}`,
      ),
    );
};

/** The local stand-in of the HubSpot CRM API, over one in-memory account. */
export function createSandboxApp(account: SandboxAccount, options: SandboxAppOptions) {
  const app = express();
  app.disable('x-powered-by');
  app.use(requestLog(account));
  app.use(express.json({ limit: '5mb' }));
  app.use(bearerAuth(options.accessToken));
  app.use(injectedFailures(account));
  app.use(injectedFaults(account.faults));
  app.use(numberedApis);
  if (options.rateLimit) app.use(rateLimits(options.rateLimit));
  app.use(contactRoutes(account));
  app.use(propertyRoutes(account));
  app.use(associationRoutes(account, options.associationPageSize));
  app.use(userRoutes(account));
  app.use((req, res) => {
    sendError(
      res,
      404,
      'OBJECT_NOT_FOUND',
      `No route for ${req.method} ${req.path} in the sandbox`,
    );
  });
  app.use(jsonErrors);
  return app;
}
