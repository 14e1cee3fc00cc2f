import { signRequestV3 } from '../../src/server/request-signature.ts';

export const PUBLIC_BASE_URL = 'https://scoring.example.com';

export interface CardCall {
  /** Where the server listens (tests talk to it directly, as a proxy would). */
  localUrl: string;
  method: 'GET' | 'POST';
  path: string;
  /** The query HubSpot's `hubspot.fetch` proxy adds; the signature covers it. */
  portalId: number | string;
  secret: string;
  signedAtMs: number;
  /** false: send it unsigned. */
  signed?: boolean;
}

/**
 * A card request as HubSpot's `hubspot.fetch` proxy sends it: to the public URL (here: the
 * local one, as behind a proxy), query with `portalId` added, v3-signed over the public URL.
 */
export async function cardRequest(call: CardCall): Promise<{ status: number; body: unknown }> {
  const pathAndQuery = `${call.path}?appId=16111050&portalId=${call.portalId}&userId=76023669`;
  const body = call.method === 'POST' ? '{}' : '';
  const signature =
    call.signed === false
      ? {}
      : signRequestV3({
          clientSecret: call.secret,
          method: call.method,
          uri: PUBLIC_BASE_URL + pathAndQuery,
          rawBody: body,
          nowMs: call.signedAtMs,
        });
  const response = await fetch(call.localUrl + pathAndQuery, {
    method: call.method,
    headers: { ...signature, ...(body ? { 'Content-Type': 'application/json' } : {}) },
    ...(body ? { body } : {}),
  });
  return { status: response.status, body: await response.json() };
}
