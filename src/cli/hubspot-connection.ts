import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  createHubSpotAdapter,
  createHubSpotClient,
  HUBSPOT_API_BASE,
  HubSpotError,
  type HubSpotClient,
  redactSecrets,
  type HubSpotLogger,
  type HubSpotPort,
} from '../hubspot/index.ts';
import { DEFAULT_MODEL_PATH } from '../model/index.ts';
import { DATABASE_URL_FORMS, DEFAULT_DATABASE_URL } from '../store/database-url.ts';

/**
 * The HubSpot account and store of the commands that talk to HubSpot (`setup`, `rescore`),
 * from the same environment variables as the server. Unlike the server, a command needs only
 * the access token: no webhooks arrive here, so no client secret.
 */

export interface CliConnectionConfig {
  accessToken: string;
  apiBaseUrl: string;
  /** HubSpot requests per 10 seconds for the whole account. */
  rateLimitPer10s: number;
  /** Deadline of one HubSpot request in ms (default 15 s). */
  requestTimeoutMs?: number | undefined;
  /** SQLite file (from `sqlite:PATH`). */
  /** DATABASE_URL: sqlite:PATH or postgres://... (where `rescore --all` keeps its checkpoint). */
  databaseUrl: string;
  scoringModelPath: string;
}

/** Same default as the server's, so a command finds the server's store. */

/** The environment lacks something a command needs: the message names the variable. */
export class ConnectionConfigError extends Error {
  override name = 'ConnectionConfigError';
}

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const envSchema = z.object({
  HUBSPOT_ACCESS_TOKEN: optionalText.refine(
    (v) => v !== undefined,
    "missing; set it to your private app's access token (HubSpot > Development > Private apps)",
  ),
  HUBSPOT_API_BASE_URL: optionalText.refine(
    (v) => v === undefined || /^https?:\/\/[^\s/]+/i.test(v),
    'must be an http(s) URL, like https://api.hubapi.com',
  ),
  HUBSPOT_RATE_LIMIT: optionalText.refine(
    (v) => v === undefined || (/^\d+$/.test(v) && Number(v) >= 1),
    'must be a whole number of requests per 10 seconds (for example 110)',
  ),
  HUBSPOT_REQUEST_TIMEOUT_MS: optionalText.refine(
    (v) => v === undefined || (/^\d+$/.test(v) && Number(v) >= 100 && Number(v) <= 120_000),
    'must be a whole number of milliseconds from 100 to 120000 (for example 15000)',
  ),
  DATABASE_URL: optionalText.refine(
    (v) => v === undefined || /^(sqlite:.+|postgres(ql)?:\/\/.+)/.test(v),
    `must have the form ${DATABASE_URL_FORMS}`,
  ),
  SCORING_MODEL: optionalText,
});

export function readConnectionConfig(env: NodeJS.ProcessEnv): CliConnectionConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `  - ${String(issue.path[0] ?? 'environment')}: ${issue.message}`,
    );
    throw new ConnectionConfigError(
      `This command needs a HubSpot account:\n${problems.join('\n')}`,
    );
  }
  const e = parsed.data;
  return {
    accessToken: e.HUBSPOT_ACCESS_TOKEN!,
    apiBaseUrl: (e.HUBSPOT_API_BASE_URL ?? HUBSPOT_API_BASE).replace(/\/+$/, ''),
    rateLimitPer10s: e.HUBSPOT_RATE_LIMIT === undefined ? 110 : Number(e.HUBSPOT_RATE_LIMIT),
    ...(e.HUBSPOT_REQUEST_TIMEOUT_MS === undefined
      ? {}
      : { requestTimeoutMs: Number(e.HUBSPOT_REQUEST_TIMEOUT_MS) }),
    databaseUrl: e.DATABASE_URL ?? DEFAULT_DATABASE_URL,
    scoringModelPath: e.SCORING_MODEL ?? DEFAULT_MODEL_PATH,
  };
}

export interface HubSpotConnection {
  port: HubSpotPort;
  /** The HubSpot client behind the port, for the odd read the port has no method for. */
  client: HubSpotClient;
  /** Which account, for checkpoints: a fingerprint of the base URL and token, never the token. */
  accountKey: string;
  /** Removes the token from any text before it is printed. */
  redact(text: string): string;
}

export function connectHubSpot(
  config: CliConnectionConfig,
  options: { requestsPer10s?: number; logger?: HubSpotLogger } = {},
): HubSpotConnection {
  const client = createHubSpotClient({
    accessToken: config.accessToken,
    basePath: config.apiBaseUrl,
    timeoutMs: config.requestTimeoutMs,
  });
  const port = createHubSpotAdapter({
    client,
    // An explicit share (rescore --all's) is spent as given; otherwise the margin below the
    // account's limit applies.
    ...(options.requestsPer10s === undefined
      ? { accountRateLimit: { requests: config.rateLimitPer10s, perMilliseconds: 10_000 } }
      : { rateBudget: { requests: options.requestsPer10s, perMilliseconds: 10_000 } }),
    logger: options.logger,
  });
  return {
    port,
    client,
    accountKey: createHash('sha256')
      .update(`${config.apiBaseUrl}\n${config.accessToken}`)
      .digest('hex')
      .slice(0, 16),
    redact: (text) => redactSecrets(text.split(config.accessToken).join('[redacted]')),
  };
}

/** What to tell the person at the terminal when HubSpot refused or failed. */
export function describeHubSpotFailure(error: HubSpotError): string {
  if (error.category === 'auth') {
    return `HubSpot refused the access token (HTTP ${error.status}): check HUBSPOT_ACCESS_TOKEN and the private app's scopes (crm.objects.contacts.read, crm.objects.contacts.write, crm.schemas.contacts.write)`;
  }
  return `HubSpot request failed: ${error.message}`;
}
