import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  computeSignatureV3,
  decodeSignedUri,
  signedUri,
  signRequestV3,
  verifySignatureV3,
} from '../../src/server/request-signature.ts';

// HubSpot's documented v3 example (docs "Validating requests", 2025).
const DOCS = {
  clientSecret: 'cfc68c0b-4b4e-4ef8-b764-95350e4ea479',
  method: 'POST',
  uri: 'https://webhook.site/335453f5-94b3-49d9-b684-a55354d4b8df',
  timestamp: '1752613922216',
  rawBody:
    '[{"eventId":531833541,"subscriptionId":3923621,"portalId":48807704,"appId":16111050,"occurredAt":1752613920733,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":138017612137,"changeFlag":"CREATED","changeSource":"CRM_UI","sourceId":"userId:76023669"}]',
  signature: 'gbj1XPRvUt0noT7i7fXfTzOD4sLzQmf0VT28ZYq0EYg=',
};
const SIGNED_AT = Number(DOCS.timestamp);

function verifyDocs(overrides: Partial<Parameters<typeof verifySignatureV3>[0]> = {}) {
  return verifySignatureV3({
    clientSecret: DOCS.clientSecret,
    method: DOCS.method,
    uri: DOCS.uri,
    rawBody: DOCS.rawBody,
    signature: DOCS.signature,
    timestamp: DOCS.timestamp,
    nowMs: SIGNED_AT + 1_000,
    ...overrides,
  });
}

describe('HubSpot v3 request signatures', () => {
  it("reproduces HubSpot's documented signature", () => {
    expect(computeSignatureV3(DOCS)).toBe(DOCS.signature);
  });

  it("accepts HubSpot's documented request within five minutes of its timestamp", () => {
    expect(verifyDocs()).toEqual({ valid: true });
    expect(verifyDocs({ nowMs: SIGNED_AT + 5 * 60_000 })).toEqual({ valid: true });
  });

  it('refuses a request signed more than five minutes ago', () => {
    expect(verifyDocs({ nowMs: SIGNED_AT + 5 * 60_000 + 1 })).toEqual({
      valid: false,
      reason: 'the request timestamp is more than 5 minutes off',
    });
  });

  it('refuses a timestamp far in the future (a clock cannot be that wrong)', () => {
    expect(verifyDocs({ nowMs: SIGNED_AT - 10 * 60_000 }).valid).toBe(false);
  });

  it('refuses a body changed by one byte', () => {
    const tampered = DOCS.rawBody.replace('138017612137', '138017612138');
    expect(verifyDocs({ rawBody: tampered })).toEqual({
      valid: false,
      reason: 'the signature does not match',
    });
  });

  it('refuses a body re-serialised with other whitespace: the raw bytes are signed', () => {
    const pretty = JSON.stringify(JSON.parse(DOCS.rawBody), null, 2);
    expect(verifyDocs({ rawBody: pretty }).valid).toBe(false);
  });

  it('refuses a signature made with another secret', () => {
    expect(verifyDocs({ clientSecret: 'another-app-secret' }).valid).toBe(false);
  });

  it('refuses a tampered timestamp even within the window', () => {
    expect(verifyDocs({ timestamp: String(SIGNED_AT + 1) }).valid).toBe(false);
  });

  it('refuses missing headers, malformed timestamps and signatures of another length', () => {
    expect(verifyDocs({ signature: undefined })).toMatchObject({
      valid: false,
      reason: expect.stringContaining('X-HubSpot-Signature-v3'),
    });
    expect(verifyDocs({ timestamp: undefined })).toMatchObject({
      reason: expect.stringContaining('X-HubSpot-Request-Timestamp'),
    });
    expect(verifyDocs({ timestamp: '17526139e3' }).valid).toBe(false);
    expect(verifyDocs({ signature: 'short' }).valid).toBe(false);
    expect(verifyDocs({ signature: `${DOCS.signature}A` }).valid).toBe(false);
  });

  it('verifies raw bytes as well as text', () => {
    expect(verifyDocs({ rawBody: Buffer.from(DOCS.rawBody, 'utf8') })).toEqual({ valid: true });
  });

  it("signs HubSpot's documented example body byte for byte", () => {
    const raw = readFileSync(
      new URL('./fixtures/contact.creation.signature-doc-example.raw.json', import.meta.url),
    );
    const headers = signRequestV3({
      clientSecret: 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy',
      method: 'POST',
      uri: 'https://www.example.com/webhook_uri',
      rawBody: raw,
      nowMs: 1_564_113_600_000,
    });
    const check = (body: Uint8Array | string) =>
      verifySignatureV3({
        clientSecret: 'yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy',
        method: 'POST',
        uri: 'https://www.example.com/webhook_uri',
        rawBody: body,
        signature: headers['X-HubSpot-Signature-v3'],
        timestamp: headers['X-HubSpot-Request-Timestamp'],
        nowMs: 1_564_113_600_500,
      });
    expect(check(raw)).toEqual({ valid: true });
    expect(check(Buffer.concat([raw, Buffer.from('\n')])).valid).toBe(false);
  });
});

describe('the URI HubSpot signs', () => {
  it("decodes exactly HubSpot's list of escapes, in either case", () => {
    expect(
      decodeSignedUri('https://x.test/a%3Ab%2Fc%3Fd%40e%21f%24g%27h%28i%29j%2Ak%2Cl%3Bm'),
    ).toBe("https://x.test/a:b/c?d@e!f$g'h(i)j*k,l;m");
    expect(decodeSignedUri('https://x.test/?q=%3a%2f')).toBe('https://x.test/?q=:/');
    expect(decodeSignedUri('https://x.test/?q=%20%26%3D%25')).toBe(
      'https://x.test/?q=%20%26%3D%25',
    );
  });

  it('accepts a request whose query HubSpot signed decoded but sent encoded', () => {
    const clientSecret = 'app-secret';
    const timestamp = '1700000000000';
    const rawBody = '[]';
    const signature = computeSignatureV3({
      clientSecret,
      method: 'POST',
      uri: 'https://scoring.example.com/webhooks/hubspot?portal=1&at=2024-01-01T00:00:00Z',
      rawBody,
      timestamp,
    });
    const check = verifySignatureV3({
      clientSecret,
      method: 'POST',
      uri: 'https://scoring.example.com/webhooks/hubspot?portal=1&at=2024-01-01T00%3A00%3A00Z',
      rawBody,
      signature,
      timestamp,
      nowMs: 1_700_000_000_000,
    });
    expect(check).toEqual({ valid: true });
  });

  it('uses the public base URL, not the address a proxy forwards to', () => {
    const clientSecret = 'app-secret';
    const nowMs = 1_700_000_000_000;
    const headers = signRequestV3({
      clientSecret,
      method: 'POST',
      uri: 'https://scoring.example.com/webhooks/hubspot',
      rawBody: '[]',
      nowMs,
    });
    const verifyAt = (uri: string) =>
      verifySignatureV3({
        clientSecret,
        method: 'POST',
        uri,
        rawBody: '[]',
        signature: headers['X-HubSpot-Signature-v3'],
        timestamp: headers['X-HubSpot-Request-Timestamp'],
        nowMs,
      }).valid;
    // The proxy forwards to http://10.0.0.5:3000/webhooks/hubspot; the server knows its public URL.
    expect(verifyAt(signedUri('https://scoring.example.com/', '/webhooks/hubspot'))).toBe(true);
    expect(verifyAt(signedUri('http://10.0.0.5:3000', '/webhooks/hubspot'))).toBe(false);
  });

  it('joins a base URL with a path prefix and the path and query as received', () => {
    expect(signedUri('https://example.com/scoring/', '/webhooks/hubspot?a=1')).toBe(
      'https://example.com/scoring/webhooks/hubspot?a=1',
    );
  });
});
