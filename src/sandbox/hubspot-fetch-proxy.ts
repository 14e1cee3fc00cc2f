import { signRequestV3 } from '../server/request-signature.ts';

/**
 * What HubSpot's `hubspot.fetch` proxy does with a call from a UI extension (the card, the
 * settings page): it appends the account, the user and the app from the extension's context,
 * signs the request (v3, over the app's public URL) and sends it on. The sandbox demo and the
 * benchmarks call the server this way; here the request goes to the server's local URL, as a
 * proxy in front of it would.
 */

export interface ProxyTarget {
  /** Where the server listens. */
  localUrl: string;
  /** The URL HubSpot believes it calls (the signature covers it). */
  publicBaseUrl: string;
  clientSecret: string;
}

export interface ProxyCall {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  portalId: number;
  userId: string;
  locale?: string | undefined;
  body?: unknown;
  appId?: string | undefined;
}

export async function proxiedFetch(
  target: ProxyTarget,
  call: ProxyCall,
): Promise<{ status: number; body: unknown }> {
  const query = new URLSearchParams({
    appId: call.appId ?? '54321',
    portalId: String(call.portalId),
    userId: call.userId,
    locale: call.locale ?? 'en',
  });
  const pathAndQuery = `${call.path}?${query.toString()}`;
  const body = call.body === undefined ? '' : JSON.stringify(call.body);
  const signature = signRequestV3({
    clientSecret: target.clientSecret,
    method: call.method,
    uri: target.publicBaseUrl + pathAndQuery,
    rawBody: body,
    nowMs: Date.now(),
  });
  const response = await fetch(target.localUrl + pathAndQuery, {
    method: call.method,
    headers: { ...signature, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    ...(body ? { body } : {}),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}
