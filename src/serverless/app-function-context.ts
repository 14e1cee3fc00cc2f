import type { HandlerRequest } from '../server/http-types.ts';
import { WEBHOOK_PATH } from './serverless-routes.ts';

/**
 * What HubSpot hands an app function (platform 2026.03, `functions/`, type `app-function`).
 * HubSpot's reference documents the component (entrypoint, optional public `endpoint`, secrets
 * injected as environment variables) but not the context object of 2026.03; these fields are
 * the ones HubSpot's own local runtimes pass: `@hubspot/serverless-dev-runtime` for endpoint
 * functions (body, params, headers, method, endpoint, accountId, secrets) and
 * `@hubspot/app-functions-dev-server` for functions a card calls (parameters, secrets).
 */
export interface AppFunctionContext {
  /** HubSpot parses a JSON body before the function sees it; a string when it did not. */
  body?: unknown;
  /** Query parameters; HubSpot's runtime gives every value as an array. */
  params?: Record<string, string | readonly string[] | undefined>;
  headers?: Record<string, string | readonly string[] | undefined>;
  method?: string;
  /** The path behind the functions' base URL, possibly with its query (`webhooks/hubspot?a=1`). */
  endpoint?: string;
  path?: string;
  accountId?: number | string;
  /** Older runtimes pass secrets here; 2026.03 puts them in the environment too. */
  secrets?: Record<string, string | undefined>;
  /** A card's call of a private function (`hubspot.serverless(name, { parameters })`). */
  parameters?: unknown;
}

/** What the function answers: HubSpot's runtime sends `body` as JSON with `statusCode`. */
export interface AppFunctionResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: unknown;
}

export type SendResponse = (response: AppFunctionResponse) => void;

/** An endpoint invocation carries an HTTP request; a card's private call carries parameters. */
export function isEndpointInvocation(context: AppFunctionContext): boolean {
  return (
    context.method !== undefined ||
    context.headers !== undefined ||
    context.endpoint !== undefined ||
    context.path !== undefined
  );
}

/**
 * Rebuilds the HTTP request from the context. The signature covers the body's exact bytes:
 * a string body is used as is; a body HubSpot already parsed is serialised again, which gives
 * HubSpot's bytes back only while they were compact JSON without escapes JSON.stringify writes
 * differently (HubSpot's webhook bodies are; a mismatch is refused as a bad signature, 401).
 */
export function toHandlerRequest(context: AppFunctionContext): HandlerRequest {
  const method = (context.method ?? 'POST').toUpperCase();
  const target =
    context.endpoint ?? context.path ?? (Array.isArray(context.body) ? WEBHOOK_PATH : '/');
  const [pathPart, queryPart] = splitQuery(target);
  const query = queryPart ?? queryFromParams(context.params);
  return {
    method,
    url: `/${pathPart.replace(/^\/+/, '')}${query ? `?${query}` : ''}`,
    headers: { ...context.headers },
    // HubSpot's JSON parser turns a request without a body into {}: those signed no bytes.
    rawBody:
      method === 'GET' || method === 'HEAD' || isEmptyObject(context.body)
        ? new Uint8Array()
        : bodyBytes(context.body),
  };
}

function splitQuery(target: string): [string, string | undefined] {
  const at = target.indexOf('?');
  return at < 0 ? [target, undefined] : [target.slice(0, at), target.slice(at + 1)];
}

function queryFromParams(params: AppFunctionContext['params']): string {
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(params ?? {})) {
    for (const one of typeof value === 'string' ? [value] : (value ?? [])) {
      pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(one)}`);
    }
  }
  return pairs.join('&');
}

function isEmptyObject(body: unknown): boolean {
  return (
    typeof body === 'object' &&
    body !== null &&
    Object.getPrototypeOf(body) === Object.prototype &&
    Object.keys(body).length === 0
  );
}

function bodyBytes(body: unknown): Uint8Array {
  if (body === undefined || body === null || body === '') return new Uint8Array();
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (body instanceof Uint8Array) return body;
  return Buffer.from(JSON.stringify(body), 'utf8');
}
