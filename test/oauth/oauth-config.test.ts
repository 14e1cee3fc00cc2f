import { describe, expect, it } from 'vitest';
import { OAUTH_SCOPES, readOAuthConfig } from '../../src/oauth/index.ts';
import { ConfigError } from '../../src/server/config.ts';
import { CLIENT_ID, CLIENT_SECRET, KEY_HEX } from './helpers.ts';

const oauthEnv = {
  HUBSPOT_CLIENT_ID: CLIENT_ID,
  HUBSPOT_CLIENT_SECRET: CLIENT_SECRET,
  APP_BASE_URL: 'https://scoring.example.com/',
  TOKEN_ENCRYPTION_KEY: KEY_HEX,
};

function problemsOf(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    readOAuthConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('the OAuth configuration', () => {
  it('is off without HUBSPOT_CLIENT_ID, whatever else is set (static token or sandbox)', () => {
    expect(readOAuthConfig({})).toBeUndefined();
    expect(
      readOAuthConfig({ HUBSPOT_ACCESS_TOKEN: 'pat-na1-1', TOKEN_ENCRYPTION_KEY: 'not-a-key' }),
    ).toBeUndefined();
  });

  it('derives the redirect URI from APP_BASE_URL and defaults the HubSpot URLs', () => {
    const config = readOAuthConfig(oauthEnv)!;
    expect(config).toMatchObject({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      appBaseUrl: 'https://scoring.example.com',
      redirectUri: 'https://scoring.example.com/oauth/callback',
      oauthBaseUrl: 'https://api.hubapi.com',
      authorizeUrl: 'https://app.hubspot.com/oauth/authorize',
      scopes: OAUTH_SCOPES,
      secureCookies: true,
    });
    expect(config.tokenEncryptionKey.equals(Buffer.from(KEY_HEX, 'hex'))).toBe(true);
  });

  it('asks for the least scopes: contacts and their schema, read and write, oauth, and the users read for the settings page', () => {
    expect([...OAUTH_SCOPES].sort()).toEqual([
      'crm.objects.contacts.read',
      'crm.objects.contacts.write',
      'crm.schemas.contacts.read',
      'crm.schemas.contacts.write',
      'oauth',
      'settings.users.read',
    ]);
  });

  it('points the token calls and the consent screen elsewhere when told (tests, fakes)', () => {
    const config = readOAuthConfig({
      ...oauthEnv,
      APP_BASE_URL: 'http://localhost:3000',
      HUBSPOT_OAUTH_BASE_URL: 'http://127.0.0.1:9999/',
      HUBSPOT_AUTHORIZE_URL: 'http://127.0.0.1:9999/oauth/authorize',
    })!;
    expect(config.oauthBaseUrl).toBe('http://127.0.0.1:9999');
    expect(config.authorizeUrl).toBe('http://127.0.0.1:9999/oauth/authorize');
    expect(config.redirectUri).toBe('http://localhost:3000/oauth/callback');
    expect(config.secureCookies).toBe(false);
  });

  it('refuses to start without TOKEN_ENCRYPTION_KEY and says how to make one', () => {
    const [problem] = problemsOf({ ...oauthEnv, TOKEN_ENCRYPTION_KEY: '' });
    expect(problem).toMatch(/^TOKEN_ENCRYPTION_KEY: missing; OAuth mode stores/);
    expect(problem).toContain('openssl rand -hex 32');
  });

  it.each([
    ['too short', KEY_HEX.slice(0, 63), /exactly 64 hex characters \(32 bytes\), not 63/],
    ['too long', `${KEY_HEX}00`, /exactly 64 hex characters \(32 bytes\), not 66/],
    ['not hex', `${KEY_HEX.slice(0, 62)}zz`, /must be hexadecimal \(0-9, a-f\) only/],
    ['base64 instead of hex', Buffer.from(KEY_HEX, 'hex').toString('base64'), /hexadecimal/],
    ['one character repeated', '0'.repeat(64), /one character repeated, not a random key/],
  ])('refuses a malformed key (%s) without repeating it', (_case, key, message) => {
    const problems = problemsOf({ ...oauthEnv, TOKEN_ENCRYPTION_KEY: key });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
    expect(problems[0]).not.toContain(key);
  });

  it('names every missing setting at once', () => {
    expect(problemsOf({ HUBSPOT_CLIENT_ID: CLIENT_ID }).map((p) => p.split(':')[0])).toEqual([
      'HUBSPOT_CLIENT_SECRET',
      'APP_BASE_URL',
      'TOKEN_ENCRYPTION_KEY',
    ]);
  });

  it('refuses a plain-http public URL, which HubSpot only allows for localhost', () => {
    expect(problemsOf({ ...oauthEnv, APP_BASE_URL: 'http://scoring.example.com' })).toEqual([
      'APP_BASE_URL: must start with https:// (HubSpot only redirects to http:// on localhost)',
    ]);
  });

  it('refuses a static token and a client id together: one mode or the other', () => {
    expect(problemsOf({ ...oauthEnv, HUBSPOT_ACCESS_TOKEN: 'pat-na1-1234' })[0]).toMatch(
      /^HUBSPOT_ACCESS_TOKEN: set together with HUBSPOT_CLIENT_ID/,
    );
  });
});
