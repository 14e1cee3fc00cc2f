import { CALLBACK_PATH } from '../oauth/oauth-config.ts';
import type { AppManifest } from './app-manifest.ts';
import { leastScopes, OAUTH_SCOPE, scopeProblems } from './least-scopes.ts';
import { subscribedEngagementTypes, type WebhookSubscriptions } from './webhook-subscriptions.ts';

/**
 * The rules that tie the manifest's settings together. The backend has ONE public base URL
 * (`APP_BASE_URL` on the server, `BACKEND_BASE_URL` in the card); every URL HubSpot knows
 * about is derived from it, so a typo in one of them is caught here, not at install time.
 */

/** Where the server takes webhook deliveries (src/server/app.ts). */
export const WEBHOOK_PATH = '/webhooks/hubspot';
/** Where HubSpot sends the admin back after consent: the install flow's callback. */
export const OAUTH_CALLBACK_PATH = CALLBACK_PATH;

export interface BackendUrls {
  /** The card's `hubspot.fetch` target: listed under permittedUrls.fetch. */
  fetch: string;
  webhookTarget: string;
  oauthRedirect: string;
}

export function backendUrls(baseUrl: string): BackendUrls {
  return {
    fetch: baseUrl,
    webhookTarget: `${baseUrl}${WEBHOOK_PATH}`,
    oauthRedirect: `${baseUrl}${OAUTH_CALLBACK_PATH}`,
  };
}

/** Every way the manifest disagrees with itself or with the card's backend URL. */
export function manifestProblems(manifest: AppManifest, backendBaseUrl: string): string[] {
  const problems: string[] = [];
  const urls = backendUrls(backendBaseUrl);
  const { auth } = manifest;

  if (manifest.distribution === 'marketplace' && auth.type !== 'oauth') {
    problems.push('auth.type: a marketplace app installs through OAuth: use "oauth"');
  }
  if (auth.type === 'oauth') {
    if (!auth.redirectUrls?.includes(urls.oauthRedirect)) {
      problems.push(
        `auth.redirectUrls: must include ${urls.oauthRedirect} (the backend's OAuth callback)`,
      );
    }
  } else if ((auth.redirectUrls ?? []).length > 0) {
    problems.push('auth.redirectUrls: a static-token app has no OAuth redirect; remove them');
  }
  if (!manifest.permittedUrls.fetch.includes(urls.fetch)) {
    problems.push(
      `permittedUrls.fetch: must include ${urls.fetch} (BACKEND_BASE_URL in extensions/backend-config.ts), or HubSpot refuses the card's requests`,
    );
  }
  if (manifest.webhooks.targetUrl !== urls.webhookTarget) {
    problems.push(
      `webhooks.targetUrl: is ${manifest.webhooks.targetUrl}, must be ${urls.webhookTarget} (the backend's webhook endpoint)`,
    );
  }
  problems.push(...scopeProblems(auth.requiredScopes, scopesFor(manifest)));
  return problems;
}

/** The least scopes for this manifest's auth type, the engagements it subscribes to and its settings page. */
export function scopesFor(manifest: AppManifest): string[] {
  return leastScopes(
    manifest.auth.type,
    subscribedEngagementTypes(manifest.webhooks.subscriptions),
    { settingsPage: manifest.extensions.settings !== undefined },
  );
}

/**
 * The same app as a private app for one account: static token (HUBSPOT_ACCESS_TOKEN on the
 * server), no OAuth redirect, no `oauth` scope. Nothing else changes.
 */
export function asPrivateApp(manifest: AppManifest): AppManifest {
  return {
    ...manifest,
    distribution: 'private',
    auth: {
      type: 'static',
      requiredScopes: manifest.auth.requiredScopes.filter((s) => s !== OAUTH_SCOPE),
      optionalScopes: manifest.auth.optionalScopes,
    },
  };
}

/** Moves every backend URL from one base to another (redirect, fetch, webhook target). */
export function withBaseUrl(manifest: AppManifest, from: string, to: string): AppManifest {
  const move = (url: string) =>
    url === from || url.startsWith(`${from}/`) ? to + url.slice(from.length) : url;
  return {
    ...manifest,
    auth: {
      ...manifest.auth,
      ...(manifest.auth.redirectUrls && { redirectUrls: manifest.auth.redirectUrls.map(move) }),
    },
    permittedUrls: { ...manifest.permittedUrls, fetch: manifest.permittedUrls.fetch.map(move) },
    webhooks: { ...manifest.webhooks, targetUrl: move(manifest.webhooks.targetUrl) },
  };
}

export function withSubscriptions(
  manifest: AppManifest,
  subscriptions: WebhookSubscriptions,
): AppManifest {
  return { ...manifest, webhooks: { ...manifest.webhooks, subscriptions } };
}

/** `https://host[/path]` without a trailing slash, or undefined when it is not one. */
export function normalizeBaseUrl(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' || url.search !== '' || url.hash !== '') return undefined;
    return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  } catch {
    return undefined;
  }
}
