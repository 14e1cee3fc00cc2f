import { ConfigError, readServerConfig } from '../server/config.ts';
import { storeLocationOf } from '../store/database-url.ts';
import { WEBHOOK_TOKEN_SECRET, webhookTokenProblem } from './webhook-url-token.ts';

/**
 * The serverless handlers read the server's variables (see src/server/config.ts) with two
 * differences: there is no sandbox mode (a function has no local HubSpot stand-in to start),
 * and PORT means nothing. DATABASE_URL is optional and PostgreSQL only (a function has no
 * lasting disk): with the store the servers use, every function instance counts the account's
 * HubSpot requests in its shared rate windows, so concurrent invocations stay under the limit.
 */
export interface ServerlessConfig {
  clientSecret: string;
  accessToken: string;
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
  /** HUBSPOT_PORTAL_ID: the account whose rate windows the token's requests count in. */
  portalId: number | undefined;
}

export function readServerlessConfig(env: NodeJS.ProcessEnv): ServerlessConfig {
  const config = readServerConfig(env);
  if (config.hubspot.mode !== 'account') {
    throw new ConfigError([
      "HUBSPOT_ACCESS_TOKEN and HUBSPOT_CLIENT_SECRET: missing; a serverless deployment needs the private app's token and client secret (there is no sandbox mode here)",
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
  return {
    databaseUrl,
    portalId: config.portalId,
    webhookUrlToken,
    clientSecret: config.hubspot.clientSecret,
    accessToken: config.hubspot.accessToken,
    apiBaseUrl: config.hubspot.apiBaseUrl,
    publicBaseUrl: config.appBaseUrl!,
    appId: config.appId,
    scoringModelPath: config.scoringModelPath,
    rateLimitPer10s: config.rateLimitPer10s,
    requestTimeoutMs: config.requestTimeoutMs,
  };
}
