import { z } from 'zod';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../hubspot/index.ts';
import { DEFAULT_MODEL_PATH } from '../model/index.ts';
import { readOAuthConfig, type OAuthConfig } from '../oauth/oauth-config.ts';
import { ConfigError } from './config-error.ts';
import {
  DATABASE_URL_FORMS,
  DatabaseUrlError,
  DEFAULT_DATABASE_URL,
  storeLocationOf,
} from '../store/database-url.ts';

export { ConfigError } from './config-error.ts';

/**
 * The server's configuration, read from the environment once at start-up. Three modes:
 * - OAuth (marketplace app, many accounts): HUBSPOT_CLIENT_ID + HUBSPOT_CLIENT_SECRET +
 *   TOKEN_ENCRYPTION_KEY + APP_BASE_URL (see src/oauth/oauth-config.ts);
 * - one account with a private app's token: HUBSPOT_ACCESS_TOKEN + HUBSPOT_CLIENT_SECRET;
 * - sandbox: no HubSpot credentials, a local stand-in of the HubSpot API, so `npm start` works
 *   on a fresh machine.
 */
export interface ServerConfig {
  port: number;
  /** The public URL HubSpot calls (no trailing slash); signatures are checked against it. */
  appBaseUrl: string | undefined;
  hubspot:
    | { mode: 'account'; clientSecret: string; accessToken: string; apiBaseUrl: string }
    | { mode: 'oauth'; clientSecret: string; apiBaseUrl: string; oauth: OAuthConfig }
    | { mode: 'sandbox' };
  /**
   * With a private app's token: the one account it belongs to. Requests (webhooks, card) of
   * other accounts are then refused; unset, the token serves whatever portalId arrives.
   */
  portalId: number | undefined;
  /** Our HubSpot app's id, to recognise our own writes; by default the `appId` of each event. */
  appId: string | undefined;
  scoringModelPath: string;
  /** DATABASE_URL: `sqlite:PATH` (or `sqlite::memory:`), or `postgres://...` for several instances. */
  databaseUrl: string;
  /** DATABASE_URL was not set: the sandbox then keeps its queue in memory. */
  databaseIsDefault: boolean;
  /**
   * The account's HubSpot limit, requests per 10 seconds; the adapter spends a margin below it
   * (RATE_BUDGET_MARGIN in src/hubspot/rate-budget.ts).
   */
  rateLimitPer10s: number;
  /** Deadline of one HubSpot request in ms; unanswered by then it is aborted and retried. */
  requestTimeoutMs: number;
  /** Minutes between rescoring sweeps of contacts whose review time passed; 0: no sweep. */
  sweepIntervalMinutes: number;
  /**
   * How long a batch of queued work is the claiming instance's (WORK_LEASE_SECONDS, 300): after
   * a crash, another instance (or this one restarted) takes the work over when it runs out.
   */
  workLeaseSeconds: number;
  /**
   * Who may publish, roll back and choose a template on the settings page: HubSpot's super
   * admins of the account (default), or only these HubSpot user ids.
   */
  settingsPublishers: 'super-admins' | readonly string[];
  /** Values no log line may show (client secret, access token, encryption key). */
  secrets: string[];
}

export const DEFAULT_SWEEP_INTERVAL_MINUTES = 15;
export const DEFAULT_WORK_LEASE_SECONDS = 300;

/** Empty values count as unset: `.env` templates often hold `NAME=`. */
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const httpUrl = (what: string) =>
  optionalText.refine(
    (v) => v === undefined || /^https?:\/\/[^\s/]+/i.test(v),
    `must be an http(s) URL, like https://${what}`,
  );

const wholeNumber = (message: string, min: number, max: number) =>
  optionalText.pipe(
    z
      .string()
      .regex(/^\d+$/, message)
      .transform(Number)
      .refine((n) => n >= min && n <= max, message)
      .optional(),
  );

const envSchema = z.object({
  PORT: wholeNumber('must be a port number (0-65535)', 0, 65535),
  APP_BASE_URL: httpUrl('scoring.example.com'),
  HUBSPOT_CLIENT_ID: optionalText,
  HUBSPOT_CLIENT_SECRET: optionalText,
  HUBSPOT_ACCESS_TOKEN: optionalText,
  HUBSPOT_PORTAL_ID: optionalText.refine(
    (v) => v === undefined || /^[1-9]\d{0,15}$/.test(v),
    'must be the numeric id of the HubSpot account (the Hub ID in its account menu)',
  ),
  HUBSPOT_API_BASE_URL: httpUrl('api.hubapi.com'),
  HUBSPOT_APP_ID: optionalText.refine(
    (v) => v === undefined || /^\d+$/.test(v),
    'must be the numeric id of the HubSpot app',
  ),
  SCORING_MODEL: optionalText,
  DATABASE_URL: optionalText.superRefine((v, context) => {
    if (v === undefined) return;
    try {
      storeLocationOf(v);
    } catch (error) {
      if (!(error instanceof DatabaseUrlError)) throw error;
      context.addIssue({
        code: 'custom',
        message: `must have the form ${DATABASE_URL_FORMS}, or sqlite::memory:`,
      });
    }
  }),
  HUBSPOT_RATE_LIMIT: optionalText.pipe(
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number of requests per 10 seconds (for example 110)')
      .transform(Number)
      .refine((n) => n >= 1, 'must be at least 1 request per 10 seconds')
      .optional(),
  ),
  HUBSPOT_REQUEST_TIMEOUT_MS: wholeNumber(
    'must be a whole number of milliseconds from 100 to 120000 (for example 15000)',
    100,
    120_000,
  ),
  SWEEP_INTERVAL_MINUTES: wholeNumber(
    'must be a whole number of minutes from 1 to 1440, or 0 to turn the rescoring sweep off',
    0,
    1440,
  ),
  WORK_LEASE_SECONDS: wholeNumber(
    'must be a whole number of seconds from 10 to 3600 (for example 300)',
    10,
    3600,
  ),
  SETTINGS_PUBLISHERS: optionalText.refine(
    (v) => v === undefined || v === 'super-admins' || /^\d+(\s*,\s*\d+)*$/.test(v),
    'must be super-admins, or a comma-separated list of HubSpot user ids (for example 1234567,7654321)',
  ),
});

/** Reads the configuration; throws ConfigError naming every missing or invalid variable once. */
export function readServerConfig(env: NodeJS.ProcessEnv): ServerConfig {
  const parsed = envSchema.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map(
        (issue) => `${String(issue.path[0] ?? 'environment')}: ${issue.message}`,
      );
  let oauth: OAuthConfig | undefined;
  try {
    oauth = readOAuthConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  if (!parsed.success) throw new ConfigError(onePerVariable(problems));

  const e = parsed.data;
  if (e.HUBSPOT_CLIENT_ID === undefined) problems.push(...staticModeProblems(e));
  if (e.HUBSPOT_CLIENT_ID !== undefined && e.HUBSPOT_PORTAL_ID !== undefined) {
    problems.push(
      'HUBSPOT_PORTAL_ID: only for a private app (HUBSPOT_ACCESS_TOKEN); in OAuth mode every account that installs the app is served, so unset it',
    );
  }
  if (problems.length > 0) throw new ConfigError(onePerVariable(problems));

  const apiBaseUrl = (e.HUBSPOT_API_BASE_URL ?? 'https://api.hubapi.com').replace(/\/+$/, '');
  const hasToken = e.HUBSPOT_ACCESS_TOKEN !== undefined;
  const databaseUrl = e.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  return {
    port: e.PORT ?? 3000,
    appBaseUrl: e.APP_BASE_URL?.replace(/\/+$/, ''),
    hubspot: oauth
      ? { mode: 'oauth', clientSecret: oauth.clientSecret, apiBaseUrl, oauth }
      : hasToken
        ? {
            mode: 'account',
            clientSecret: e.HUBSPOT_CLIENT_SECRET!,
            accessToken: e.HUBSPOT_ACCESS_TOKEN!,
            apiBaseUrl,
          }
        : { mode: 'sandbox' },
    portalId: hasToken && e.HUBSPOT_PORTAL_ID ? Number(e.HUBSPOT_PORTAL_ID) : undefined,
    appId: e.HUBSPOT_APP_ID,
    scoringModelPath: e.SCORING_MODEL ?? DEFAULT_MODEL_PATH,
    databaseUrl,
    databaseIsDefault: e.DATABASE_URL === undefined,
    rateLimitPer10s: e.HUBSPOT_RATE_LIMIT ?? 110,
    requestTimeoutMs: e.HUBSPOT_REQUEST_TIMEOUT_MS ?? DEFAULT_REQUEST_TIMEOUT_MS,
    sweepIntervalMinutes: e.SWEEP_INTERVAL_MINUTES ?? DEFAULT_SWEEP_INTERVAL_MINUTES,
    workLeaseSeconds: e.WORK_LEASE_SECONDS ?? DEFAULT_WORK_LEASE_SECONDS,
    settingsPublishers:
      e.SETTINGS_PUBLISHERS === undefined || e.SETTINGS_PUBLISHERS === 'super-admins'
        ? 'super-admins'
        : e.SETTINGS_PUBLISHERS.split(',').map((id) => id.trim()),
    secrets: secretsOf(env, oauth),
  };
}

type Env = z.infer<typeof envSchema>;

/** A private app's token needs its client secret (signatures) and the public URL. */
function staticModeProblems(e: Env): string[] {
  const hasSecret = e.HUBSPOT_CLIENT_SECRET !== undefined;
  const hasToken = e.HUBSPOT_ACCESS_TOKEN !== undefined;
  if (hasSecret && !hasToken) {
    return [
      "HUBSPOT_ACCESS_TOKEN: missing; set it to your private app's access token, or set HUBSPOT_CLIENT_ID for the marketplace app (OAuth), or unset HUBSPOT_CLIENT_SECRET to run the sandbox",
    ];
  }
  if (hasToken && !hasSecret) {
    return [
      "HUBSPOT_CLIENT_SECRET: missing; set it to your app's client secret (it signs webhooks and card requests), or unset HUBSPOT_ACCESS_TOKEN to run the sandbox",
    ];
  }
  if (hasToken && e.APP_BASE_URL === undefined) {
    return [
      'APP_BASE_URL: missing; set it to the public URL HubSpot calls (for example https://scoring.example.com)',
    ];
  }
  return [];
}

/** Two checks may fault the same variable (URL shape, then OAuth's https rule): say it once. */
function onePerVariable(problems: readonly string[]): string[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const variable = problem.split(':', 1)[0]!;
    if (seen.has(variable)) return false;
    seen.add(variable);
    return true;
  });
}

function secretsOf(env: NodeJS.ProcessEnv, oauth: OAuthConfig | undefined): string[] {
  const values = [
    env.HUBSPOT_CLIENT_SECRET,
    env.HUBSPOT_ACCESS_TOKEN,
    env.TOKEN_ENCRYPTION_KEY,
    oauth?.tokenEncryptionKey.toString('hex'),
  ];
  return [...new Set(values.map((v) => v?.trim()).filter((v): v is string => !!v))];
}
