import { describe, expect, it } from 'vitest';
import { BACKEND_BASE_URL } from '../../extensions/backend-config.ts';
import {
  asPrivateApp,
  loadAppManifest,
  manifestProblems,
  parseAppManifest,
  ProjectBuildError,
  subscriptionsForModel,
  type AppManifest,
  WEBHOOK_PATH,
} from '../../src/hubspot-project/index.ts';
import { createApp, type AppDeps } from '../../src/server/app.ts';
import { OAUTH_SCOPES } from '../../src/oauth/oauth-config.ts';
import { defaultModel } from '../helpers/scoring-fixtures.ts';
import { readJson, repoFile } from './project-fixtures.ts';

const shipped = () => readJson<Record<string, unknown>>(repoFile('app.json'));
const parsed = (json: unknown = shipped()) => parseAppManifest(json);

/** The shipped manifest with one change, checked against the card's backend. */
function problemsWith(change: (m: AppManifest) => AppManifest): string[] {
  return manifestProblems(change(parsed()), BACKEND_BASE_URL);
}

function schemaErrors(change: (json: Record<string, unknown>) => void): string[] {
  const json = shipped();
  change(json);
  try {
    parseAppManifest(json);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ProjectBuildError);
    return [...(error as ProjectBuildError).problems];
  }
}

describe('app.json, the app manifest', () => {
  it('is valid and agrees with itself and with the card’s backend URL', async () => {
    const manifest = await loadAppManifest(repoFile('app.json'));
    expect(manifestProblems(manifest, BACKEND_BASE_URL)).toEqual([]);
    expect(manifest.distribution).toBe('marketplace');
    expect(manifest.auth.type).toBe('oauth');
    expect(manifest.auth.redirectUrls).toEqual([`${BACKEND_BASE_URL}/oauth/callback`]);
    expect(manifest.permittedUrls.fetch).toEqual([BACKEND_BASE_URL]);
    expect(manifest.webhooks.targetUrl).toBe(`${BACKEND_BASE_URL}/webhooks/hubspot`);
    expect(manifest.webhooks.maxConcurrentRequests).toBe(10);
  });

  it('lists exactly the webhook subscriptions the shipped model needs (run --sync-manifest after a model change)', () => {
    const { subscriptions } = subscriptionsForModel(
      defaultModel.properties,
      parsed().webhooks.contactEvents,
    );
    expect(parsed().webhooks.subscriptions).toEqual(subscriptions);
  });

  it('asks for the least scopes: contacts and their properties (engagements included), the users read for the settings page, oauth', () => {
    expect([...parsed().auth.requiredScopes].sort()).toEqual([
      'crm.objects.contacts.read',
      'crm.objects.contacts.write',
      'crm.schemas.contacts.read',
      'crm.schemas.contacts.write',
      'oauth',
      'settings.users.read',
    ]);
    expect(parsed().auth.optionalScopes).toEqual([]);
  });

  it('asks for exactly the scopes the install flow puts in the authorize URL', () => {
    expect([...parsed().auth.requiredScopes].sort()).toEqual([...OAUTH_SCOPES].sort());
  });

  it('drops the users scope when the app has no settings page', () => {
    expect(problemsWith((m) => ({ ...m, extensions: { crm: m.extensions.crm } }))).toEqual([
      'auth.requiredScopes: settings.users.read not used by any feature; ask for the least scopes only',
    ]);
  });

  it('refuses a scope no feature uses, and a missing one', () => {
    expect(
      problemsWith((m) => ({
        ...m,
        auth: { ...m.auth, requiredScopes: [...m.auth.requiredScopes, 'sales-email-read'] },
      })),
    ).toEqual([
      'auth.requiredScopes: sales-email-read not used by any feature; ask for the least scopes only',
    ]);
    expect(
      problemsWith((m) => ({
        ...m,
        auth: {
          ...m.auth,
          requiredScopes: m.auth.requiredScopes.filter((s) => s !== 'crm.schemas.contacts.write'),
        },
      })),
    ).toEqual([
      'auth.requiredScopes: missing crm.schemas.contacts.write (the app cannot work without them)',
    ]);
  });

  it('sends webhooks to the path the server takes deliveries on', () => {
    const app = createApp({
      webhook: {} as AppDeps['webhook'],
      isReady: () => true,
      queueCounts: () => ({}) as ReturnType<AppDeps['queueCounts']>,
    });
    const routes = (app.router.stack as { route?: { path: string; methods: object } }[])
      .filter((layer) => layer.route !== undefined)
      .map((layer) => [layer.route!.path, Object.keys(layer.route!.methods)]);
    expect(routes).toContainEqual([WEBHOOK_PATH, ['post']]);
    expect(new URL(parsed().webhooks.targetUrl).pathname).toBe(WEBHOOK_PATH);
  });

  it('keeps the card registration the card relies on', () => {
    expect(parsed().extensions.crm.cards).toEqual([
      { file: 'extensions/recruitment-score-card.json' },
    ]);
  });

  it('refuses a webhook target, fetch URL or redirect that is not the card’s backend', () => {
    expect(
      problemsWith((m) => ({
        ...m,
        webhooks: { ...m.webhooks, targetUrl: 'https://elsewhere.example.com/webhooks/hubspot' },
      })),
    ).toEqual([
      `webhooks.targetUrl: is https://elsewhere.example.com/webhooks/hubspot, must be ${BACKEND_BASE_URL}/webhooks/hubspot (the backend's webhook endpoint)`,
    ]);
    expect(
      problemsWith((m) => ({
        ...m,
        permittedUrls: { ...m.permittedUrls, fetch: ['https://elsewhere.example.com'] },
      })),
    ).toEqual([
      `permittedUrls.fetch: must include ${BACKEND_BASE_URL} (BACKEND_BASE_URL in extensions/backend-config.ts), or HubSpot refuses the card's requests`,
    ]);
    expect(
      problemsWith((m) => ({
        ...m,
        auth: { ...m.auth, redirectUrls: ['http://localhost:3000/cb'] },
      })),
    ).toEqual([
      `auth.redirectUrls: must include ${BACKEND_BASE_URL}/oauth/callback (the backend's OAuth callback)`,
    ]);
  });

  it('refuses a marketplace app without OAuth', () => {
    expect(
      problemsWith((m) => ({
        ...m,
        auth: {
          type: 'static',
          requiredScopes: m.auth.requiredScopes.filter((s) => s !== 'oauth'),
          optionalScopes: [],
        },
      })),
    ).toEqual(['auth.type: a marketplace app installs through OAuth: use "oauth"']);
  });

  it('has a private-app variant: static token, no redirect, no oauth scope, nothing else changed', () => {
    const manifest = parsed();
    const privateApp = asPrivateApp(manifest);
    expect(privateApp.distribution).toBe('private');
    expect(privateApp.auth).toEqual({
      type: 'static',
      requiredScopes: manifest.auth.requiredScopes.filter((s) => s !== 'oauth'),
      optionalScopes: [],
    });
    expect(manifestProblems(privateApp, BACKEND_BASE_URL)).toEqual([]);
    expect(privateApp.webhooks).toEqual(manifest.webhooks);
    expect(privateApp.permittedUrls).toEqual(manifest.permittedUrls);
  });

  it('its schema names a misspelt key, a bad uid, an http URL and a bad concurrency', () => {
    expect(schemaErrors((j) => (j.distrubution = 'private'))).toEqual([
      'app.json: (root): Unrecognized key: "distrubution"',
    ]);
    expect(schemaErrors((j) => (j.uid = 'recruitment lead scoring'))).toEqual([
      'app.json: uid: must be 1-64 letters, digits, ".", "-" or "_" (HubSpot uid rule)',
    ]);
    expect(
      schemaErrors(
        (j) => ((j.permittedUrls as { fetch: string[] }).fetch = ['http://plain.example.com']),
      ),
    ).toEqual(['app.json: permittedUrls.fetch.0: must be an https URL']);
    expect(
      schemaErrors(
        (j) => ((j.webhooks as { maxConcurrentRequests: number }).maxConcurrentRequests = 50),
      ),
    ).toEqual(['app.json: webhooks.maxConcurrentRequests: Too big: expected number to be <=10']);
  });
});
