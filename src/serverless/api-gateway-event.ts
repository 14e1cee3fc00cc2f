import type { HandlerRequest } from '../server/http-types.ts';

/**
 * The few fields of AWS's event shapes the Lambda adapter reads, written here instead of
 * pulling in @types/aws-lambda: an API Gateway HTTP API request (payload format 2.0), an
 * EventBridge scheduled event, and the Lambda context.
 */

export interface ApiGatewayV2Event {
  version: '2.0';
  routeKey: string;
  /** The path as the client sent it, stage included (`/prod/webhooks/hubspot`). */
  rawPath: string;
  /** The query string as sent, still encoded, without the `?`. */
  rawQueryString: string;
  cookies?: string[];
  /** Lower-cased names; repeated headers joined with commas. */
  headers?: Record<string, string | undefined>;
  queryStringParameters?: Record<string, string | undefined>;
  pathParameters?: Record<string, string | undefined>;
  requestContext: {
    accountId?: string;
    apiId?: string;
    domainName?: string;
    http: {
      method: string;
      path: string;
      protocol?: string;
      sourceIp?: string;
      userAgent?: string;
    };
    requestId?: string;
    routeKey?: string;
    /** `$default`, or a named stage that prefixes every path. */
    stage: string;
    time?: string;
    timeEpoch?: number;
  };
  body?: string;
  isBase64Encoded: boolean;
}

export interface ApiGatewayV2Result {
  statusCode: number;
  headers: Record<string, string>;
  /** Set-Cookie values (payload format 2.0 has no repeated headers). */
  cookies?: string[];
  body: string;
}

export interface ScheduledEvent {
  version?: string;
  id?: string;
  'detail-type': 'Scheduled Event';
  source: 'aws.events';
  time?: string;
  resources?: string[];
  detail?: unknown;
}

export interface LambdaContext {
  getRemainingTimeInMillis(): number;
  awsRequestId?: string;
  functionName?: string;
}

export function isScheduledEvent(event: unknown): event is ScheduledEvent {
  const e = event as Partial<ScheduledEvent> | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    e.source === 'aws.events' &&
    e['detail-type'] === 'Scheduled Event'
  );
}

export function isApiGatewayV2Event(event: unknown): event is ApiGatewayV2Event {
  const e = event as Partial<ApiGatewayV2Event> | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    e.version === '2.0' &&
    typeof e.rawPath === 'string' &&
    typeof e.requestContext?.http?.method === 'string'
  );
}

/**
 * The request our handlers read. The body's bytes are rebuilt exactly (base64 when API Gateway
 * encoded them), since the signature covers them; the cookies (the install flow's session)
 * become the `cookie` header again. The URL is the path and raw query as sent,
 * less a named stage: APP_BASE_URL then names the stage's public URL, as HubSpot calls it.
 */
export function toHandlerRequest(event: ApiGatewayV2Event): HandlerRequest {
  const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
  const headers: Record<string, string | undefined> = { ...event.headers };
  // Payload 2.0 moves the request's cookies out of the headers into their own list.
  if (event.cookies && event.cookies.length > 0) headers.cookie = event.cookies.join('; ');
  return {
    method: event.requestContext.http.method,
    url: withoutStage(event.rawPath, event.requestContext.stage) + query,
    headers,
    rawBody: Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8'),
  };
}

function withoutStage(rawPath: string, stage: string): string {
  if (stage === '$default' || stage === '') return rawPath;
  const prefix = `/${stage}`;
  if (rawPath === prefix) return '/';
  return rawPath.startsWith(`${prefix}/`) ? rawPath.slice(prefix.length) : rawPath;
}

export function toApiGatewayResult(response: {
  status: number;
  body?: unknown;
  /** Sent as it is (an HTML page) instead of `body` as JSON. */
  rawBody?: string | undefined;
  headers?: Record<string, string | string[]> | undefined;
}): ApiGatewayV2Result {
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
  };
  let cookies: string[] | undefined;
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    // Payload 2.0 sends cookies in their own list, one Set-Cookie header each.
    if (name.toLowerCase() === 'set-cookie') {
      cookies = [...(cookies ?? []), ...[value].flat()];
      continue;
    }
    // A header given in another case replaces the default, not a second copy of it.
    if (name.toLowerCase() === 'content-type') delete headers['content-type'];
    headers[name] = [value].flat().join(', ');
  }
  return {
    statusCode: response.status,
    headers,
    ...(cookies ? { cookies } : {}),
    body: response.rawBody ?? JSON.stringify(response.body),
  };
}
