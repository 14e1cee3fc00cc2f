import type { OAuthConfig } from '../oauth/oauth-config.ts';
import { ConfigError, readServerConfig } from '../server/config.ts';
import { storeLocationOf } from '../store/database-url.ts';
import { WEBHOOK_TOKEN_SECRET, webhookTokenProblem } from './webhook-url-token.ts';

/**
 * The serverless handlers read the server's variables (see src/server/config.ts) with two
 * differences: there is no sandbox mode (a function has no local HubSpot stand-in to start),
 * and PORT means nothing. Two ways to reach HubSpot, as the server has:
 * - a private app's token (HUBSPOT_ACCESS_TOKEN): one account; DATABASE_URL optional;
 * - the marketplace app (HUBSPOT_CLIENT_ID ...: OAuth): every account that installs it; its
 *   tokens, models and rate windows live in the PostgreSQL store, so DATABASE_URL is required.
 * DATABASE_URL is PostgreSQL only (a function has no lasting disk): with the store the servers
 * use, every function instance counts each account's HubSpot requests in its shared rate
 * windows, so concurrent invocations stay under the limit.
 */
export interface ServerlessConfig {
  clientSecret: string;
  /** How HubSpot is reached: one private app's token, or the installed accounts' OAuth tokens. */
  access: PrivateAppAccess | MarketplaceAccess;
  apiBaseUrl: string;
  /** The public URL HubSpot calls (no trailing slash); signatures are checked against it. */
  publicBaseUrl: string;
  appId: string | undefined;
  scoringModelPath: string;
  rateLimitPer10s: number;
  /** HUBSPOT_REQUEST_TIMEOUT_MS: the deadline of each HubSpot request. */
  requestTimeoutMs: number;
  /** WEBHOOK_URL_TOKEN: where signatures cannot arrive (app functions), the URL's secret. */
  webhookUrlToken: string | undefined;
  /** A postgres:// DATABASE_URL, or undefined: nothing is kept. */
  databaseUrl: string | undefined;
  /** SETTINGS_PUBLISHERS: who may publish on the settings page. */
  settingsPublishers: 'super-admins' | readonly string[];
  /** What the log must never show (the server's list: secret, token, encryption key...). */
  secrets: string[];
  /** SWEEP_INTERVAL_MINUTES: how often the schedule should run the sweep (its period). */
  sweepIntervalMinutes: number;
}

export interface PrivateAppAccess {
  mode: 'private-app';
  accessToken: string;
  /** HUBSPOT_PORTAL_ID: the account the token belongs to (its rate windows and models). */
  portalId: number | undefined;
}

export interface MarketplaceAccess {
  mode: 'oauth';
  oauth: OAuthConfig;
}

export function readServerlessConfig(env: NodeJS.ProcessEnv): ServerlessConfig {
  const config = readServerConfig(env);
  if (config.hubspot.mode === 'sandbox') {
    throw new ConfigError([
      'HUBSPOT_ACCESS_TOKEN and HUBSPOT_CLIENT_SECRET (a private app), or HUBSPOT_CLIENT_ID, HUBSPOT_CLIENT_SECRET and TOKEN_ENCRYPTION_KEY (the marketplace app): missing; a serverless deployment has no sandbox mode',
    ]);
  }
  // readServerConfig already refuses an account without APP_BASE_URL.
  const webhookUrlToken = env[WEBHOOK_TOKEN_SECRET]?.trim() || undefined;
  const problem = webhookUrlToken === undefined ? undefined : webhookTokenProblem(webhookUrlToken);
  if (problem !== undefined) throw new ConfigError([problem]);
  const databaseUrl = env.DATABASE_URL?.trim() ? config.databaseUrl : undefined;
  if (databaseUrl !== undefined && storeLocationOf(databaseUrl).engine !== 'postgres') {
    throw new ConfigError([
      'DATABASE_URL: a serverless function has no lasting disk; leave it unset, or give the postgres:// store the servers use',
    ]);
  }
  if (config.hubspot.mode === 'oauth' && databaseUrl === undefined) {
    throw new ConfigError([
      'DATABASE_URL: missing; the marketplace app (OAuth) keeps every account’s tokens and models, so a serverless deployment needs the postgres:// store the servers use',
    ]);
  }
  const access: ServerlessConfig['access'] =
    config.hubspot.mode === 'oauth'
      ? { mode: 'oauth', oauth: config.hubspot.oauth }
      : { mode: 'private-app', accessToken: config.hubspot.accessToken, portalId: config.portalId };
  return {
    access,
    databaseUrl,
    webhookUrlToken,
    clientSecret: config.hubspot.clientSecret,
    apiBaseUrl: config.hubspot.apiBaseUrl,
    publicBaseUrl: config.appBaseUrl!,
    appId: config.appId,
    scoringModelPath: config.scoringModelPath,
    rateLimitPer10s: config.rateLimitPer10s,
    requestTimeoutMs: config.requestTimeoutMs,
    sweepIntervalMinutes: config.sweepIntervalMinutes,
    secrets: config.secrets,
    settingsPublishers: config.settingsPublishers,
  };
}
