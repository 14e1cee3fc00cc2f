/**
 * The request and answer our handlers speak, free of any framework: express adapts to it
 * here, and AWS Lambda or a HubSpot app function can adapt to it the same way.
 */
export interface HandlerRequest {
  method: string;
  /** Path and query as received, e.g. `/webhooks/hubspot?x=1`. */
  url: string;
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  rawBody: Uint8Array;
}

export interface HandlerResponse {
  status: number;
  body: unknown;
}

export function headerValue(request: HandlerRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(request.headers)) {
    if (key.toLowerCase() !== wanted) continue;
    return typeof value === 'string' ? value : value?.[0];
  }
  return undefined;
}
