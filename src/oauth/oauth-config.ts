import { z } from 'zod';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../hubspot/hubspot-client.ts';
import { ConfigError } from '../server/config.ts';

/**
 * The least the app needs in an installed account:
 * - contacts read/write: read the model's properties, write the scores, search due contacts;
 * - schemas read/write: create the `recruitment_scoring` group and output properties, and read
 *   them back to patch the tier options;
 * - `oauth`: required of every OAuth app.
 * Engagement associations (calls, emails, meetings, notes, tasks → contacts) need no scope of
 * their own: HubSpot serves engagements under the contacts scope, and `sales-email-read` only
 * unlocks the content of emails, which the app never reads (it reads association ids only).
 */
export const OAUTH_SCOPES = [
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.schemas.contacts.read',
  'crm.schemas.contacts.write',
  'oauth',
  // The settings page's super-admin check (HubSpot's users API) before a publish.
  'settings.users.read',
] as const;

export const DEFAULT_HUBSPOT_AUTHORIZE_URL = 'https://app.hubspot.com/oauth/authorize';
export const DEFAULT_HUBSPOT_OAUTH_BASE_URL = 'https://api.hubapi.com';
export const INSTALL_PATH = '/oauth/install';
export const CALLBACK_PATH = '/oauth/callback';

export interface OAuthConfig {
  clientId: string;
  clientSecret: string;
  /** Public URL of this server, no trailing slash. */
  appBaseUrl: string;
  /** APP_BASE_URL + /oauth/callback; must equal a redirect URL of the HubSpot app exactly. */
  redirectUri: string;
  /** 32 bytes for AES-256-GCM. */
  tokenEncryptionKey: Buffer;
  /**
   * Where the token endpoints live: HUBSPOT_OAUTH_BASE_URL, else HUBSPOT_API_BASE_URL (a proxy
   * or stand-in for the CRM API usually serves OAuth too), else https://api.hubapi.com.
   */
  oauthBaseUrl: string;
  /** Deadline of every token and introspection request (HUBSPOT_REQUEST_TIMEOUT_MS, as CRM calls). */
  requestTimeoutMs: number;
  /**
   * Express's `trust proxy` (TRUST_PROXY): how the client address of the install flow's rate
   * limit is found. Off by default: behind no proxy, X-Forwarded-For is whatever a client wrote.
   */
  trustProxy: false | number | string;
  authorizeUrl: string;
  scopes: readonly string[];
  /** Session cookies get `Secure` (and the `__Host-` prefix) when the public URL is https. */
  secureCookies: boolean;
}

/** Empty values count as unset: `.env` templates often hold `NAME=`. */
const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const httpUrl = (example: string) =>
  optionalText.refine(
    (v) => v === undefined || /^https?:\/\/[^\s/]+/i.test(v),
    `must be an http(s) URL, like ${example}`,
  );

export const oauthEnvSchema = z.object({
  HUBSPOT_CLIENT_ID: optionalText,
  HUBSPOT_CLIENT_SECRET: optionalText,
  HUBSPOT_ACCESS_TOKEN: optionalText,
  APP_BASE_URL: optionalText,
  TOKEN_ENCRYPTION_KEY: optionalText,
  HUBSPOT_OAUTH_BASE_URL: httpUrl(DEFAULT_HUBSPOT_OAUTH_BASE_URL),
  HUBSPOT_API_BASE_URL: httpUrl(DEFAULT_HUBSPOT_OAUTH_BASE_URL),
  HUBSPOT_AUTHORIZE_URL: httpUrl(DEFAULT_HUBSPOT_AUTHORIZE_URL),
  HUBSPOT_REQUEST_TIMEOUT_MS: optionalText.refine(
    // The same rule as the CRM calls' deadline (src/server/config.ts): one setting for both.
    (v) => v === undefined || (/^\d+$/.test(v) && Number(v) >= 100 && Number(v) <= 120_000),
    'must be a whole number of milliseconds from 100 to 120000 (for example 15000)',
  ),
  TRUST_PROXY: optionalText.transform((v, ctx) => {
    const trust = trustProxyFrom(v);
    if (trust === undefined) {
      ctx.addIssue({
        code: 'custom',
        message:
          'must be off (the default), the number of proxies in front of this server (for example 1), ' +
          'or their addresses (for example loopback or 10.0.0.0/8); "true" would trust any client-written X-Forwarded-For',
      });
      return z.NEVER;
    }
    return trust;
  }),
});

/**
 * TRUST_PROXY in express's terms: false, a hop count, or a list of proxy addresses / names
 * (loopback, linklocal, uniquelocal). `true` is refused: it believes any X-Forwarded-For, so
 * one client could pose as every address and step around the install flow's rate limit.
 */
function trustProxyFrom(value: string | undefined): false | number | string | undefined {
  if (value === undefined) return false;
  const v = value.toLowerCase();
  if (v === 'false' || v === 'off' || v === 'no' || v === '0') return false;
  if (/^\d{1,2}$/.test(v)) return Number(v);
  const parts = v.split(',').map((p) => p.trim());
  const address = /^(loopback|linklocal|uniquelocal|[0-9a-f.:]+(\/\d{1,3})?)$/;
  return parts.every((p) => address.test(p)) ? parts.join(',') : undefined;
}

const KEY_HELP =
  'set it to 64 hex characters (32 random bytes), e.g. the output of `openssl rand -hex 32`, ' +
  'and keep it: tokens stored under one key cannot be read with another';

/**
 * Problems with TOKEN_ENCRYPTION_KEY, in words an operator can act on. The value itself is a
 * secret and is never repeated in a message.
 */
export function tokenEncryptionKeyProblem(value: string | undefined): string | undefined {
  const name = 'TOKEN_ENCRYPTION_KEY';
  if (value === undefined) {
    return `${name}: missing; OAuth mode stores each account's tokens encrypted with it; ${KEY_HELP}`;
  }
  if (!/^[0-9a-f]*$/i.test(value)) {
    return `${name}: must be hexadecimal (0-9, a-f) only, 64 characters; ${KEY_HELP}`;
  }
  if (value.length !== 64) {
    return `${name}: must be exactly 64 hex characters (32 bytes), not ${value.length}; ${KEY_HELP}`;
  }
  if (/^(.)\1*$/i.test(value)) {
    return `${name}: is one character repeated, not a random key; ${KEY_HELP}`;
  }
  return undefined;
}

/** https, or http on this machine only (HubSpot accepts http redirect URLs for localhost). */
function appBaseUrlProblem(value: string | undefined): string | undefined {
  const name = 'APP_BASE_URL';
  if (value === undefined) {
    return `${name}: missing; set it to the public URL of this server (for example https://scoring.example.com); the OAuth redirect URL is it plus ${CALLBACK_PATH}`;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${name}: must be a URL, like https://scoring.example.com`;
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    return `${name}: must start with https:// (HubSpot only redirects to http:// on localhost)`;
  }
  if (url.search || url.hash) return `${name}: must not have a query or a #fragment`;
  return undefined;
}

/**
 * OAuth mode is on when HUBSPOT_CLIENT_ID is set; then every other OAuth setting must be right
 * or start-up is refused. Returns undefined outside OAuth mode (static token or sandbox).
 */
export function readOAuthConfig(env: NodeJS.ProcessEnv): OAuthConfig | undefined {
  const parsed = oauthEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map(
        (issue) => `${String(issue.path[0] ?? 'environment')}: ${issue.message}`,
      ),
    );
  }
  const e = parsed.data;
  if (e.HUBSPOT_CLIENT_ID === undefined) return undefined;

  const problems = [
    e.HUBSPOT_ACCESS_TOKEN === undefined
      ? undefined
      : 'HUBSPOT_ACCESS_TOKEN: set together with HUBSPOT_CLIENT_ID; set only HUBSPOT_ACCESS_TOKEN for a private app (one account), or only HUBSPOT_CLIENT_ID for the marketplace app (OAuth)',
    e.HUBSPOT_CLIENT_SECRET === undefined
      ? "HUBSPOT_CLIENT_SECRET: missing; set it to the app's client secret (it signs webhooks and authenticates token requests)"
      : undefined,
    appBaseUrlProblem(e.APP_BASE_URL),
    tokenEncryptionKeyProblem(e.TOKEN_ENCRYPTION_KEY),
  ].filter((p): p is string => p !== undefined);
  if (problems.length > 0) throw new ConfigError(problems);

  const appBaseUrl = e.APP_BASE_URL!.replace(/\/+$/, '');
  return {
    clientId: e.HUBSPOT_CLIENT_ID,
    clientSecret: e.HUBSPOT_CLIENT_SECRET!,
    appBaseUrl,
    redirectUri: `${appBaseUrl}${CALLBACK_PATH}`,
    tokenEncryptionKey: Buffer.from(e.TOKEN_ENCRYPTION_KEY!, 'hex'),
    oauthBaseUrl: (
      e.HUBSPOT_OAUTH_BASE_URL ??
      e.HUBSPOT_API_BASE_URL ??
      DEFAULT_HUBSPOT_OAUTH_BASE_URL
    ).replace(/\/+$/, ''),
    requestTimeoutMs:
      e.HUBSPOT_REQUEST_TIMEOUT_MS === undefined
        ? DEFAULT_REQUEST_TIMEOUT_MS
        : Number(e.HUBSPOT_REQUEST_TIMEOUT_MS),
    trustProxy: e.TRUST_PROXY,
    authorizeUrl: e.HUBSPOT_AUTHORIZE_URL ?? DEFAULT_HUBSPOT_AUTHORIZE_URL,
    scopes: OAUTH_SCOPES,
    secureCookies: appBaseUrl.startsWith('https:'),
  };
}
