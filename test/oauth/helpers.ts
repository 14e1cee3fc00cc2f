import nock from 'nock';
import { createLogger, type Logger } from '../../src/server/logger.ts';
import { openStoreDatabase, type StoreDatabase } from '../../src/store/database.ts';
import type { OAuthConfig } from '../../src/oauth/index.ts';

export const OAUTH_BASE = 'https://api.hubapi.com';
export const CLIENT_ID = '7f3c2a10-1111-4222-8333-944455566677';
export const CLIENT_SECRET = 'c1e2n3t-secret-0000-1111-222233334444';
export const APP_BASE_URL = 'https://scoring.example.com';
export const REDIRECT_URI = `${APP_BASE_URL}/oauth/callback`;
/** 32 bytes written as 64 hex characters, like TOKEN_ENCRYPTION_KEY. */
export const KEY_HEX = '8d1f4c0a93b27e5566a1f0c3d9e8b7a6152433f4e5d6c7b8a99a8b7c6d5e4f30';
export const OTHER_KEY_HEX = '0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778899aabbccddeeff0';

/** Shaped like HubSpot's OAuth tokens (not `pat-`: the logger's pattern redaction misses them). */
export const ACCESS_TOKEN = 'CKH0rZ2xMhIHAAEAQAAAARiO1ZcOILzEtQEo5J0JMhTqcU4hQmV0YUFjY2Vzc1Rva2Vu';
export const REFRESH_TOKEN = 'eu1-5b3a-refresh-9f8e7d6c-5b4a-4938-8271-605f4e3d2c1b';
export const NEW_ACCESS_TOKEN = 'CJ_new_access_T0ken_after_refresh_ZZZZZZZZZZZZZZZZZZZZZZZZZZ';
export const AUTH_CODE = '3f5e2d1c-auth-code-0b9a-8776-65544332211';
export const PORTAL_ID = 48807704;

/** 2026-03-02 09:00 UTC: a fixed clock for token lifetimes and state expiry. */
export const T0 = Date.UTC(2026, 2, 2, 9, 0, 0);

export function fixedClock(start = T0) {
  let now = start;
  return {
    now: () => now,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

export function anOAuthConfig(overrides: Partial<OAuthConfig> = {}): OAuthConfig {
  return {
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    appBaseUrl: APP_BASE_URL,
    redirectUri: REDIRECT_URI,
    tokenEncryptionKey: Buffer.from(KEY_HEX, 'hex'),
    oauthBaseUrl: OAUTH_BASE,
    requestTimeoutMs: 15_000,
    trustProxy: false,
    authorizeUrl: 'https://app.hubspot.com/oauth/authorize',
    scopes: [
      'crm.objects.contacts.read',
      'crm.objects.contacts.write',
      'crm.schemas.contacts.read',
      'crm.schemas.contacts.write',
      'oauth',
      'settings.users.read',
    ],
    secureCookies: true,
    ...overrides,
  };
}

/** A real logger (no secrets configured, so nothing is redacted for us) writing into a list. */
export function capturedLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  return { logger: createLogger({ write: (line) => lines.push(line), now: () => T0 }), lines };
}

export function memoryDb(): StoreDatabase {
  return openStoreDatabase(':memory:');
}

/** nock for the token endpoints; every interceptor checks the exact form body. */
export function hubspotOAuth() {
  return nock(OAUTH_BASE);
}

export function aTokenResponse(overrides: Record<string, unknown> = {}) {
  return {
    token_type: 'bearer',
    refresh_token: REFRESH_TOKEN,
    access_token: ACCESS_TOKEN,
    expires_in: 1800,
    ...overrides,
  };
}

export function aTokenInfo(overrides: Record<string, unknown> = {}) {
  return {
    active: true,
    token: ACCESS_TOKEN,
    user: 'recruiter@acme.example',
    hub_domain: 'acme-recruiting.com',
    scopes: [
      'oauth',
      'crm.objects.contacts.read',
      'crm.objects.contacts.write',
      'crm.schemas.contacts.read',
      'crm.schemas.contacts.write',
    ],
    hub_id: PORTAL_ID,
    app_id: 16111050,
    expires_in: 1795,
    user_id: 76023669,
    token_type: 'bearer',
    token_use: 'access_token',
    client_id: CLIENT_ID,
    ...overrides,
  };
}

export const codeExchangeForm = {
  grant_type: 'authorization_code',
  client_id: CLIENT_ID,
  client_secret: CLIENT_SECRET,
  redirect_uri: REDIRECT_URI,
  code: AUTH_CODE,
};

/** The v3 introspection form: the token in the body, never in a URL. */
export const introspectForm = (
  token: string,
  hint: 'access_token' | 'refresh_token' = 'access_token',
) => ({
  client_id: CLIENT_ID,
  client_secret: CLIENT_SECRET,
  token,
  token_type_hint: hint,
});

export const refreshForm = (refreshToken = REFRESH_TOKEN) => ({
  grant_type: 'refresh_token',
  client_id: CLIENT_ID,
  client_secret: CLIENT_SECRET,
  refresh_token: refreshToken,
});

export function useNock(): void {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
}

export function resetNock(): void {
  nock.cleanAll();
  nock.enableNetConnect();
}

/** An account adapter that only records which bearer token each call would have sent. */
export function tokenRecordingPort(currentAccessToken: () => string) {
  const tokensUsed: string[] = [];
  const use = async () => {
    tokensUsed.push(currentAccessToken());
  };
  const port = {
    readContacts: async () => (await use(), []),
    updateContacts: use,
    searchContacts: async () => (await use(), { total: 0, results: [] }),
    contactsOfEngagements: async () => (await use(), new Map<string, string[]>()),
    propertyHistory: async () => (await use(), []),
    ensureScoreProperties: use,
    listContactProperties: async () => (await use(), []),
    findUser: async () => (await use(), undefined),
  };
  return { port, tokensUsed };
}
