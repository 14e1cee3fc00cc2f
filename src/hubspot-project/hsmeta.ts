import type { AppManifest } from './app-manifest.ts';
import type { CardRegistration } from './card-registration.ts';
import type { WebhookSubscriptions } from './webhook-subscriptions.ts';

/**
 * The files of a HubSpot project for platform 2026.03, built from the manifest. Pure: values
 * in, JSON-ready objects out. An hsmeta file may only hold uid, type, config and dependencies
 * at its top level; HubSpot's parser flags anything else.
 */

export const PLATFORM_VERSION = '2026.03';
export const SRC_DIR = 'src';
/** Folders inside `src/` that HubSpot reads components from. */
export const APP_DIR = 'app';
export const CARDS_DIR = 'app/cards';
export const WEBHOOKS_DIR = 'app/webhooks';
export const FUNCTIONS_DIR = 'app/functions';
export const SETTINGS_DIR = 'app/settings';

export interface Hsmeta<Type extends string, Config> {
  uid: string;
  type: Type;
  config: Config;
}

export function hsProjectJson(name: string) {
  return { name, srcDir: SRC_DIR, platformVersion: PLATFORM_VERSION };
}

export function appHsmeta(manifest: AppManifest) {
  const { auth } = manifest;
  return {
    uid: manifest.uid,
    type: 'app',
    config: {
      name: manifest.name,
      description: manifest.description,
      distribution: manifest.distribution,
      auth: {
        type: auth.type,
        ...(auth.type === 'oauth' && { redirectUrls: auth.redirectUrls ?? [] }),
        requiredScopes: auth.requiredScopes,
        optionalScopes: auth.optionalScopes,
        conditionallyRequiredScopes: [],
      },
      permittedUrls: manifest.permittedUrls,
      ...(manifest.support && { support: manifest.support }),
    },
  } satisfies Hsmeta<'app', unknown>;
}

/** `entryFile` is the entry's path inside the cards folder. */
export function cardHsmeta(card: CardRegistration, entryFile: string) {
  return {
    uid: card.uid,
    type: 'card',
    config: {
      name: card.title,
      ...(card.description !== undefined && { description: card.description }),
      location: card.location,
      entrypoint: `/${CARDS_DIR}/${entryFile}`,
      objectTypes: card.objectTypes,
    },
  } satisfies Hsmeta<'card', unknown>;
}

/**
 * The settings page (2026.03 `settings` component, one per app): HubSpot's own component
 * template holds only the entrypoint in its config.
 */
export function settingsHsmeta(uid: string, entryFile: string) {
  return {
    uid,
    type: 'settings',
    config: { entrypoint: `/${SETTINGS_DIR}/${entryFile}` },
  } satisfies Hsmeta<'settings', unknown>;
}

export function webhooksUid(manifest: AppManifest): string {
  return manifest.webhooks.uid ?? `${manifest.uid}_webhooks`.slice(0, 64);
}

export function webhooksHsmeta(manifest: AppManifest, subscriptions: WebhookSubscriptions) {
  // Empty arrays are left out: HubSpot's examples only list the kinds an app uses.
  const nonEmpty = Object.fromEntries(
    Object.entries(subscriptions).filter(([, list]) => (list as unknown[]).length > 0),
  ) as Partial<WebhookSubscriptions>;
  return {
    uid: webhooksUid(manifest),
    type: 'webhooks',
    config: {
      settings: {
        targetUrl: manifest.webhooks.targetUrl,
        maxConcurrentRequests: manifest.webhooks.maxConcurrentRequests,
      },
      subscriptions: nonEmpty,
    },
  } satisfies Hsmeta<'webhooks', unknown>;
}

export interface AppFunctionSettings {
  uid: string;
  /** The bundle's file name inside the functions folder. */
  entryFile: string;
  /** Behind `https://<connected-domain>/hs/serverless/`, without a leading slash. */
  endpointPath: string;
  /** Secret names HubSpot injects as environment variables (`hs secret add NAME`). */
  secretKeys: readonly string[];
}

/**
 * An app function with a public endpoint taking POSTs. `methods` is a list: HubSpot's own
 * 2026.03 component template writes `"methods": ["GET"]`, and its validator is reported to
 * refuse the singular `method` its reference table shows.
 */
export function appFunctionHsmeta(settings: AppFunctionSettings) {
  return {
    uid: settings.uid,
    type: 'app-function',
    config: {
      entrypoint: `/${FUNCTIONS_DIR}/${settings.entryFile}`,
      endpoint: { path: settings.endpointPath, methods: ['POST'] },
      secretKeys: [...settings.secretKeys],
    },
  } satisfies Hsmeta<'app-function', unknown>;
}

/** One package.json for all cards (and one for the settings page): what HubSpot installs before it bundles them. */
export function cardsPackageJson(
  name: string,
  version: string,
  dependencies: Record<string, string>,
) {
  return { name, version, private: true, dependencies };
}

/** An npm package name from an app uid: lower case, `-` for `_` and `.`. */
export function npmName(uid: string): string {
  return uid.toLowerCase().replace(/[^a-z0-9-]/g, '-');
}
