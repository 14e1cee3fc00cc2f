import {
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  signedUri,
  verifySignatureV3,
} from '../server/request-signature.ts';
import { headerValue } from '../server/http-types.ts';
import type { CardSignatureCheck } from './card-handlers.ts';
import type { CardApiRequest } from './card-request.ts';

export interface CardSignatureConfig {
  /** The app's client secret: HubSpot signs `hubspot.fetch` calls with it. */
  clientSecret: string;
  /** The public URL HubSpot calls (APP_BASE_URL); behind a proxy the Host header differs. */
  publicBaseUrl: string;
  now(): number;
}

/**
 * The card API's signature check: HubSpot v3 over method + full public URL (with the query
 * HubSpot adds: appId, portalId, userId...) + raw body + timestamp, within five minutes.
 */
export function verifyCardSignature(
  config: CardSignatureConfig,
): (request: CardApiRequest) => CardSignatureCheck {
  return (request) =>
    verifySignatureV3({
      clientSecret: config.clientSecret,
      method: request.method,
      uri: signedUri(config.publicBaseUrl, request.url),
      rawBody: request.rawBody,
      signature: headerValue(request, SIGNATURE_HEADER),
      timestamp: headerValue(request, TIMESTAMP_HEADER),
      nowMs: config.now(),
    });
}
