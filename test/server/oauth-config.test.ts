import { describe, expect, it } from 'vitest';
import { ConfigError, readServerConfig } from '../../src/server/config.ts';
import { CLIENT_ID, CLIENT_SECRET, KEY_HEX } from '../oauth/helpers.ts';

const oauthEnv = {
  HUBSPOT_CLIENT_ID: CLIENT_ID,
  HUBSPOT_CLIENT_SECRET: CLIENT_SECRET,
  APP_BASE_URL: 'https://scoring.example.com/',
  TOKEN_ENCRYPTION_KEY: KEY_HEX,
};

function problemsOf(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    readServerConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('the server configuration in OAuth mode (marketplace app)', () => {
  it('accepts a client id and secret without an access token', () => {
    const config = readServerConfig({ ...oauthEnv, HUBSPOT_API_BASE_URL: 'http://127.0.0.1:9/' });
    expect(config.hubspot).toMatchObject({
      mode: 'oauth',
      clientSecret: CLIENT_SECRET,
      apiBaseUrl: 'http://127.0.0.1:9',
      oauth: {
        clientId: CLIENT_ID,
        redirectUri: 'https://scoring.example.com/oauth/callback',
      },
    });
    expect(config.appBaseUrl).toBe('https://scoring.example.com');
    expect(config.portalId).toBeUndefined();
  });

  it('keeps the client secret and the encryption key out of logs', () => {
    const upper = KEY_HEX.toUpperCase();
    const config = readServerConfig({ ...oauthEnv, TOKEN_ENCRYPTION_KEY: upper });
    expect(config.secrets).toEqual(expect.arrayContaining([CLIENT_SECRET, upper, KEY_HEX]));
  });

  it('refuses a malformed TOKEN_ENCRYPTION_KEY with one clear message, never echoing it', () => {
    const problems = problemsOf({ ...oauthEnv, TOKEN_ENCRYPTION_KEY: 'abc123' });
    expect(problems).toEqual([
      expect.stringMatching(/^TOKEN_ENCRYPTION_KEY: must be exactly 64 hex characters/),
    ]);
    expect(problems.join('\n')).not.toContain('abc123');
  });

  it('names every problem once, the server’s and the OAuth ones together', () => {
    expect(
      problemsOf({
        HUBSPOT_CLIENT_ID: CLIENT_ID,
        APP_BASE_URL: 'scoring.example.com',
        PORT: 'eighty',
        SWEEP_INTERVAL_MINUTES: '-5',
      }),
    ).toEqual([
      'PORT: must be a port number (0-65535)',
      'APP_BASE_URL: must be an http(s) URL, like https://scoring.example.com',
      'SWEEP_INTERVAL_MINUTES: must be a whole number of minutes from 1 to 1440, or 0 to turn the rescoring sweep off',
      expect.stringMatching(/^HUBSPOT_CLIENT_SECRET: missing/),
      expect.stringMatching(/^TOKEN_ENCRYPTION_KEY: missing/),
    ]);
  });

  it('wants https for the public URL HubSpot redirects to', () => {
    expect(problemsOf({ ...oauthEnv, APP_BASE_URL: 'http://scoring.example.com' })).toEqual([
      expect.stringMatching(/^APP_BASE_URL: must start with https:\/\//),
    ]);
  });

  it('refuses a client id next to a private app token, and HUBSPOT_PORTAL_ID', () => {
    expect(
      problemsOf({ ...oauthEnv, HUBSPOT_ACCESS_TOKEN: 'pat-na1-1', HUBSPOT_PORTAL_ID: '42' }),
    ).toEqual([
      expect.stringMatching(/^HUBSPOT_ACCESS_TOKEN: set together with HUBSPOT_CLIENT_ID/),
      expect.stringMatching(/^HUBSPOT_PORTAL_ID: only for a private app/),
    ]);
  });

  it('points a lone client secret at both ways of connecting', () => {
    expect(problemsOf({ HUBSPOT_CLIENT_SECRET: 'secret' })).toEqual([
      expect.stringContaining('or set HUBSPOT_CLIENT_ID for the marketplace app (OAuth)'),
    ]);
  });
});

describe('where the OAuth calls go, how long they may take, and which proxy is trusted', () => {
  const oauthOf = (env: NodeJS.ProcessEnv) => {
    const { hubspot } = readServerConfig(env);
    if (hubspot.mode !== 'oauth') throw new Error('expected OAuth mode');
    return hubspot.oauth;
  };

  it('sends token calls to HubSpot by default, with a 15 s deadline and no proxy trusted', () => {
    expect(oauthOf(oauthEnv)).toMatchObject({
      oauthBaseUrl: 'https://api.hubapi.com',
      requestTimeoutMs: 15_000,
      trustProxy: false,
    });
  });

  it('follows HUBSPOT_API_BASE_URL when HUBSPOT_OAUTH_BASE_URL is not set', () => {
    const oauth = oauthOf({ ...oauthEnv, HUBSPOT_API_BASE_URL: 'https://hubspot-proxy.example/' });
    expect(oauth.oauthBaseUrl).toBe('https://hubspot-proxy.example');
  });

  it('prefers HUBSPOT_OAUTH_BASE_URL over HUBSPOT_API_BASE_URL', () => {
    const oauth = oauthOf({
      ...oauthEnv,
      HUBSPOT_API_BASE_URL: 'https://crm-proxy.example',
      HUBSPOT_OAUTH_BASE_URL: 'https://oauth-proxy.example/',
    });
    expect(oauth.oauthBaseUrl).toBe('https://oauth-proxy.example');
  });

  it('uses HUBSPOT_REQUEST_TIMEOUT_MS for the OAuth calls too, and refuses nonsense once', () => {
    expect(oauthOf({ ...oauthEnv, HUBSPOT_REQUEST_TIMEOUT_MS: '5000' }).requestTimeoutMs).toBe(
      5000,
    );
    const problems = problemsOf({ ...oauthEnv, HUBSPOT_REQUEST_TIMEOUT_MS: 'soon' });
    expect(problems.filter((p) => p.startsWith('HUBSPOT_REQUEST_TIMEOUT_MS:'))).toHaveLength(1);
  });

  it('reads TRUST_PROXY as a hop count or proxy addresses, and refuses "true"', () => {
    expect(oauthOf({ ...oauthEnv, TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(oauthOf({ ...oauthEnv, TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe(
      'loopback,10.0.0.0/8',
    );
    expect(oauthOf({ ...oauthEnv, TRUST_PROXY: 'off' }).trustProxy).toBe(false);
    expect(problemsOf({ ...oauthEnv, TRUST_PROXY: 'true' })).toEqual([
      expect.stringMatching(/^TRUST_PROXY: must be off .*"true" would trust any client-written/),
    ]);
  });
});

describe('the rescoring sweep and account settings', () => {
  it('turns the sweep off with 0 and reads a portal id for a private app', () => {
    const config = readServerConfig({
      APP_BASE_URL: 'https://scoring.example.com',
      HUBSPOT_CLIENT_SECRET: 'secret-1234',
      HUBSPOT_ACCESS_TOKEN: 'pat-na1-1234',
      HUBSPOT_PORTAL_ID: '62515',
      SWEEP_INTERVAL_MINUTES: '0',
    });
    expect(config).toMatchObject({ portalId: 62515, sweepIntervalMinutes: 0 });
  });

  it('ignores HUBSPOT_PORTAL_ID in the sandbox, whose account has its own id', () => {
    expect(readServerConfig({ HUBSPOT_PORTAL_ID: '42' }).portalId).toBeUndefined();
  });

  it('refuses a portal id that is not a number', () => {
    expect(problemsOf({ HUBSPOT_PORTAL_ID: 'acme' })).toEqual([
      expect.stringMatching(/^HUBSPOT_PORTAL_ID: must be the numeric id/),
    ]);
  });
});
