import { z } from 'zod';
import { DEFAULT_MODEL_PATH } from '../model/index.ts';

/**
 * The server's configuration, read from the environment once at start-up. Without HubSpot
 * credentials the server runs in sandbox mode against a local stand-in of the HubSpot API,
 * so `npm start` works on a fresh machine.
 */
export interface ServerConfig {
  port: number;
  /** The public URL HubSpot calls (no trailing slash); signatures are checked against it. */
  appBaseUrl: string | undefined;
  hubspot:
    | { mode: 'account'; clientSecret: string; accessToken: string; apiBaseUrl: string }
    | { mode: 'sandbox' };
  /** Our HubSpot app's id, to recognise our own writes; by default the `appId` of each event. */
  appId: string | undefined;
  scoringModelPath: string;
  /** SQLite file path (from `sqlite:PATH`), or ':memory:'. */
  databasePath: string;
  /** DATABASE_URL was not set: the sandbox then keeps its queue in memory. */
  databaseIsDefault: boolean;
  /** HubSpot requests allowed per 10 seconds. */
  rateLimitPer10s: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `The server's configuration is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

const DEFAULT_DATABASE_URL = 'sqlite:./data/recruitment-scoring.db';

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

const envSchema = z.object({
  PORT: optionalText.pipe(
    z
      .string()
      .regex(/^\d+$/, 'must be a port number (0-65535)')
      .transform(Number)
      .refine((n) => n <= 65535, 'must be a port number (0-65535)')
      .optional(),
  ),
  APP_BASE_URL: httpUrl('scoring.example.com'),
  HUBSPOT_CLIENT_SECRET: optionalText,
  HUBSPOT_ACCESS_TOKEN: optionalText,
  HUBSPOT_API_BASE_URL: httpUrl('api.hubapi.com'),
  HUBSPOT_APP_ID: optionalText.refine(
    (v) => v === undefined || /^\d+$/.test(v),
    'must be the numeric id of the HubSpot app',
  ),
  SCORING_MODEL: optionalText,
  DATABASE_URL: optionalText.refine(
    (v) => v === undefined || /^sqlite:.+/.test(v),
    `must have the form sqlite:PATH (for example ${DEFAULT_DATABASE_URL}, or sqlite::memory:)`,
  ),
  HUBSPOT_RATE_LIMIT: optionalText.pipe(
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number of requests per 10 seconds (for example 110)')
      .transform(Number)
      .refine((n) => n >= 1, 'must be at least 1 request per 10 seconds')
      .optional(),
  ),
});

/** Reads the configuration; throws ConfigError naming every missing or invalid variable. */
export function readServerConfig(env: NodeJS.ProcessEnv): ServerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map(
        (issue) => `${String(issue.path[0] ?? 'environment')}: ${issue.message}`,
      ),
    );
  }
  const e = parsed.data;
  const problems: string[] = [];
  const hasSecret = e.HUBSPOT_CLIENT_SECRET !== undefined;
  const hasToken = e.HUBSPOT_ACCESS_TOKEN !== undefined;
  if (hasSecret !== hasToken) {
    problems.push(
      hasSecret
        ? "HUBSPOT_ACCESS_TOKEN: missing; set it to your private app's access token, or unset HUBSPOT_CLIENT_SECRET to run the sandbox"
        : "HUBSPOT_CLIENT_SECRET: missing; set it to your app's client secret (it signs webhooks), or unset HUBSPOT_ACCESS_TOKEN to run the sandbox",
    );
  }
  if (hasSecret && hasToken && e.APP_BASE_URL === undefined) {
    problems.push(
      'APP_BASE_URL: missing; set it to the public URL HubSpot calls (for example https://scoring.example.com)',
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const databaseUrl = e.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  return {
    port: e.PORT ?? 3000,
    appBaseUrl: e.APP_BASE_URL?.replace(/\/+$/, ''),
    hubspot:
      hasSecret && hasToken
        ? {
            mode: 'account',
            clientSecret: e.HUBSPOT_CLIENT_SECRET!,
            accessToken: e.HUBSPOT_ACCESS_TOKEN!,
            apiBaseUrl: (e.HUBSPOT_API_BASE_URL ?? 'https://api.hubapi.com').replace(/\/+$/, ''),
          }
        : { mode: 'sandbox' },
    appId: e.HUBSPOT_APP_ID,
    scoringModelPath: e.SCORING_MODEL ?? DEFAULT_MODEL_PATH,
    databasePath: databaseUrl.slice('sqlite:'.length),
    databaseIsDefault: e.DATABASE_URL === undefined,
    rateLimitPer10s: e.HUBSPOT_RATE_LIMIT ?? 110,
  };
}
