import { signRequestV3 } from '../../src/server/request-signature.ts';

export const TEST_CLIENT_SECRET = 'test-client-secret-0000';
export const WEBHOOK_PATH = '/webhooks/hubspot';

export interface DeliveryOptions {
  secret?: string;
  /** The URL HubSpot believes it calls (the public base URL plus the path). */
  signedUrl?: string;
  signedAtMs?: number;
  headers?: Record<string, string>;
  /** Sign one body, send another. */
  sendBody?: string;
}

/** Builds a webhook event the way HubSpot sends it. */
export function anEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventId: 1,
    subscriptionId: 12345,
    portalId: 62515,
    appId: 54321,
    occurredAt: 1_700_000_000_000,
    subscriptionType: 'contact.propertyChange',
    attemptNumber: 0,
    objectId: 101,
    propertyName: 'jobtitle',
    propertyValue: 'Java developer',
    changeSource: 'CRM_UI',
    sourceId: 'userId:1',
    ...overrides,
  };
}

/** POSTs a delivery signed like HubSpot signs it (v3). */
export async function postDelivery(
  baseUrl: string,
  body: unknown,
  options: DeliveryOptions = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const url = `${baseUrl}${WEBHOOK_PATH}`;
  const signature = signRequestV3({
    clientSecret: options.secret ?? TEST_CLIENT_SECRET,
    method: 'POST',
    uri: options.signedUrl ?? url,
    rawBody: raw,
    nowMs: options.signedAtMs ?? Date.now(),
  });
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...signature, ...options.headers },
    body: options.sendBody ?? raw,
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}
