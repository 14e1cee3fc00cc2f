import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * HubSpot's v3 request signature, for webhooks and for the card's `hubspot.fetch` calls:
 * base64(HMAC-SHA256(client secret, method + uri + raw body + timestamp)).
 * Checked on the raw bytes before anything parses them.
 */

export const SIGNATURE_HEADER = 'x-hubspot-signature-v3';
export const TIMESTAMP_HEADER = 'x-hubspot-request-timestamp';
/** HubSpot's window: a request signed more than five minutes ago is a replay. */
export const SIGNATURE_MAX_AGE_MS = 5 * 60_000;

/** HubSpot decodes these escapes in the URI before signing; others stay encoded. */
const DECODED_ESCAPES: Record<string, string> = {
  '%3A': ':',
  '%2F': '/',
  '%3F': '?',
  '%40': '@',
  '%21': '!',
  '%24': '$',
  '%27': "'",
  '%28': '(',
  '%29': ')',
  '%2A': '*',
  '%2C': ',',
  '%3B': ';',
};

export function decodeSignedUri(uri: string): string {
  return uri.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (escape) => {
    return DECODED_ESCAPES[escape.toUpperCase()] ?? escape;
  });
}

/**
 * The URI HubSpot signed: the configured public base URL plus the path and query the server
 * received. Behind a proxy the server sees another host and scheme, so never use the Host header.
 */
export function signedUri(publicBaseUrl: string, pathAndQuery: string): string {
  const base = publicBaseUrl.replace(/\/+$/, '');
  return base + (pathAndQuery.startsWith('/') ? pathAndQuery : `/${pathAndQuery}`);
}

export interface SignatureInput {
  clientSecret: string;
  method: string;
  /** The full URL HubSpot called, as HubSpot sent it (escapes are decoded here). */
  uri: string;
  rawBody: Uint8Array | string;
  timestamp: string;
}

export function computeSignatureV3(input: SignatureInput): string {
  const hmac = createHmac('sha256', input.clientSecret);
  hmac.update(input.method.toUpperCase() + decodeSignedUri(input.uri), 'utf8');
  hmac.update(input.rawBody);
  hmac.update(input.timestamp, 'utf8');
  return hmac.digest('base64');
}

export type SignatureCheck = { valid: true } | { valid: false; reason: string };

export interface VerifyInput {
  clientSecret: string;
  method: string;
  uri: string;
  rawBody: Uint8Array | string;
  /** Header values as received (undefined when absent). */
  signature: string | undefined;
  timestamp: string | undefined;
  nowMs: number;
  maxAgeMs?: number;
}

/** Never throws: a request that cannot be checked is not valid. */
export function verifySignatureV3(input: VerifyInput): SignatureCheck {
  const { signature, timestamp } = input;
  if (!signature) return { valid: false, reason: 'the X-HubSpot-Signature-v3 header is missing' };
  if (!timestamp) {
    return { valid: false, reason: 'the X-HubSpot-Request-Timestamp header is missing' };
  }
  if (!/^\d{1,16}$/.test(timestamp)) {
    return { valid: false, reason: 'the request timestamp is not a number of milliseconds' };
  }
  const maxAge = input.maxAgeMs ?? SIGNATURE_MAX_AGE_MS;
  if (Math.abs(input.nowMs - Number(timestamp)) > maxAge) {
    return { valid: false, reason: 'the request timestamp is more than 5 minutes off' };
  }
  const expected = Buffer.from(computeSignatureV3({ ...input, timestamp }), 'utf8');
  const received = Buffer.from(signature, 'utf8');
  // timingSafeEqual throws on unequal lengths; compare against itself to spend the same time.
  const same =
    received.length === expected.length
      ? timingSafeEqual(received, expected)
      : !timingSafeEqual(expected, expected);
  return same ? { valid: true } : { valid: false, reason: 'the signature does not match' };
}

/** The headers HubSpot would send: for tests, the sandbox's sample deliveries and benches. */
export function signRequestV3(input: Omit<SignatureInput, 'timestamp'> & { nowMs: number }): {
  'X-HubSpot-Signature-v3': string;
  'X-HubSpot-Request-Timestamp': string;
  'X-HubSpot-Signature-Version': 'v3';
} {
  const timestamp = String(input.nowMs);
  return {
    'X-HubSpot-Signature-v3': computeSignatureV3({ ...input, timestamp }),
    'X-HubSpot-Request-Timestamp': timestamp,
    'X-HubSpot-Signature-Version': 'v3',
  };
}
