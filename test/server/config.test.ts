import { describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_PATH } from '../../src/model/index.ts';
import { ConfigError, readServerConfig } from '../../src/server/config.ts';

const account = {
  APP_BASE_URL: 'https://scoring.example.com/',
  HUBSPOT_CLIENT_SECRET: 'secret-1234',
  HUBSPOT_ACCESS_TOKEN: 'pat-na1-1234',
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

describe('the server configuration', () => {
  it('runs the sandbox with defaults when no HubSpot credentials are set', () => {
    expect(readServerConfig({})).toEqual({
      port: 3000,
      appBaseUrl: undefined,
      hubspot: { mode: 'sandbox' },
      appId: undefined,
      scoringModelPath: DEFAULT_MODEL_PATH,
      databaseUrl: 'sqlite:./data/recruitment-scoring.db',
      databaseIsDefault: true,
      rateLimitPer10s: 110,
      requestTimeoutMs: 15_000,
      portalId: undefined,
      sweepIntervalMinutes: 15,
      workLeaseSeconds: 300,
      settingsPublishers: 'super-admins',
      secrets: [],
    });
  });

  it('connects an account when the secret and the token are set', () => {
    const config = readServerConfig({
      ...account,
      PORT: '8080',
      HUBSPOT_API_BASE_URL: 'http://127.0.0.1:9999/',
      DATABASE_URL: 'sqlite:/var/lib/scoring/db.sqlite',
      HUBSPOT_RATE_LIMIT: '190',
      SCORING_MODEL: 'models/mine.yaml',
      HUBSPOT_APP_ID: '54321',
      HUBSPOT_PORTAL_ID: '48807704',
      SWEEP_INTERVAL_MINUTES: '5',
      WORK_LEASE_SECONDS: '30',
      HUBSPOT_REQUEST_TIMEOUT_MS: '4000',
      SETTINGS_PUBLISHERS: '1234567, 7654321',
    });
    expect(config).toEqual({
      port: 8080,
      appBaseUrl: 'https://scoring.example.com',
      hubspot: {
        mode: 'account',
        clientSecret: 'secret-1234',
        accessToken: 'pat-na1-1234',
        apiBaseUrl: 'http://127.0.0.1:9999',
      },
      appId: '54321',
      scoringModelPath: 'models/mine.yaml',
      databaseUrl: 'sqlite:/var/lib/scoring/db.sqlite',
      databaseIsDefault: false,
      rateLimitPer10s: 190,
      requestTimeoutMs: 4000,
      portalId: 48807704,
      sweepIntervalMinutes: 5,
      workLeaseSeconds: 30,
      settingsPublishers: ['1234567', '7654321'],
      secrets: ['secret-1234', 'pat-na1-1234'],
    });
  });

  it('treats empty values as unset, as .env templates leave them', () => {
    expect(
      readServerConfig({ HUBSPOT_CLIENT_SECRET: '', HUBSPOT_ACCESS_TOKEN: ' ', PORT: '' }),
    ).toMatchObject({
      port: 3000,
      hubspot: { mode: 'sandbox' },
    });
  });

  it('names every invalid variable, one message each', () => {
    expect(
      problemsOf({
        PORT: 'eighty',
        APP_BASE_URL: 'scoring.example.com',
        DATABASE_URL: 'mysql://db',
        WORK_LEASE_SECONDS: '2',
        HUBSPOT_RATE_LIMIT: '0',
        HUBSPOT_REQUEST_TIMEOUT_MS: '15s',
        SETTINGS_PUBLISHERS: 'admins',
      }),
    ).toEqual([
      'PORT: must be a port number (0-65535)',
      'APP_BASE_URL: must be an http(s) URL, like https://scoring.example.com',
      'DATABASE_URL: must have the form sqlite:PATH (for example sqlite:./data/recruitment-scoring.db) or postgres://USER:PASSWORD@HOST:PORT/DATABASE, or sqlite::memory:',
      'HUBSPOT_RATE_LIMIT: must be at least 1 request per 10 seconds',
      'HUBSPOT_REQUEST_TIMEOUT_MS: must be a whole number of milliseconds from 100 to 120000 (for example 15000)',
      'WORK_LEASE_SECONDS: must be a whole number of seconds from 10 to 3600 (for example 300)',
      'SETTINGS_PUBLISHERS: must be super-admins, or a comma-separated list of HubSpot user ids (for example 1234567,7654321)',
    ]);
  });

  it('says which credential is missing when only one is set', () => {
    expect(problemsOf({ HUBSPOT_ACCESS_TOKEN: 'pat-na1-1234' })).toEqual([
      expect.stringMatching(/^HUBSPOT_CLIENT_SECRET: missing/),
    ]);
    expect(problemsOf({ HUBSPOT_CLIENT_SECRET: 'secret' })).toEqual([
      expect.stringMatching(/^HUBSPOT_ACCESS_TOKEN: missing/),
    ]);
  });

  it('needs the public URL to check signatures of a real account', () => {
    const { APP_BASE_URL: _, ...withoutUrl } = account;
    expect(problemsOf(withoutUrl)).toEqual([expect.stringMatching(/^APP_BASE_URL: missing/)]);
  });

  it('never puts a secret in its messages', () => {
    const message = problemsOf({ HUBSPOT_ACCESS_TOKEN: 'pat-na1-very-secret', PORT: 'x' }).join(
      '\n',
    );
    expect(message).not.toContain('very-secret');
  });
});
