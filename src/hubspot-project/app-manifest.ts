import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { ProjectBuildError } from './project-error.ts';

/**
 * `app.json`: the product's own manifest, kept at the repository root. It says what the app
 * is and needs (auth, least scopes, URLs, webhooks, the card, the settings page); `npm run hubspot:project`
 * turns it into the files HubSpot's platform 2026.03 reads.
 */

/** HubSpot's rule for component uids. */
export const UID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
const uid = z
  .string()
  .regex(UID_PATTERN, 'must be 1-64 letters, digits, ".", "-" or "_" (HubSpot uid rule)');

const isLocalhost = (url: URL) => url.hostname === 'localhost' || url.hostname === '127.0.0.1';

/** HubSpot calls and permits https URLs only; a redirect URL may be local while developing. */
const httpsUrl = (allowLocalhost = false) =>
  z.string().refine(
    (value) => {
      try {
        const url = new URL(value);
        return url.protocol === 'https:' || (allowLocalhost && isLocalhost(url));
      } catch {
        return false;
      }
    },
    allowLocalhost
      ? 'must be an https URL (or http://localhost while developing)'
      : 'must be an https URL',
  );

const noTrailingSlash = (schema: z.ZodType<string>) =>
  schema.refine((v) => !v.endsWith('/'), 'must not end with "/"');

const crmObjectSubscription = z.strictObject({
  subscriptionType: z.enum([
    'object.creation',
    'object.deletion',
    'object.merge',
    'object.restore',
    'object.propertyChange',
    'object.associationChange',
  ]),
  objectType: z.string().regex(/^[a-z_]+$/, 'must be an object name such as contact or call'),
  propertyName: z.string().min(1).optional(),
  active: z.boolean(),
});

const legacyCrmObjectSubscription = z.strictObject({
  subscriptionType: z.enum([
    'contact.creation',
    'contact.deletion',
    'contact.merge',
    'contact.restore',
    'contact.propertyChange',
  ]),
  propertyName: z.string().min(1).optional(),
  active: z.boolean(),
});

const hubEventSubscription = z.strictObject({
  subscriptionType: z.literal('contact.privacyDeletion'),
  active: z.boolean(),
});

export const appManifestSchema = z.strictObject({
  uid,
  name: z
    .string()
    .min(1)
    .max(200)
    .refine((v) => v.trim() === v, 'must not start or end with whitespace'),
  description: z.string().min(1).max(8192),
  distribution: z.enum(['marketplace', 'private']),
  auth: z.strictObject({
    type: z.enum(['oauth', 'static']),
    redirectUrls: z.array(httpsUrl(true)).optional(),
    requiredScopes: z.array(z.string().min(1)).min(1),
    optionalScopes: z.array(z.string().min(1)).default([]),
  }),
  permittedUrls: z.strictObject({
    fetch: z.array(noTrailingSlash(httpsUrl())),
    iframe: z.array(httpsUrl()).default([]),
    img: z.array(httpsUrl()).default([]),
  }),
  support: z
    .strictObject({
      supportEmail: z.email().optional(),
      documentationUrl: httpsUrl().optional(),
      supportUrl: httpsUrl().optional(),
      supportPhone: z.string().optional(),
    })
    .optional(),
  /** The card registrations the card engineer keeps (2023.2-style `extensions/*.json`). */
  extensions: z.strictObject({
    crm: z.strictObject({
      cards: z
        .array(z.strictObject({ file: z.string().regex(/^extensions\/[^/]+\.json$/) }))
        .min(1),
    }),
    /** The settings page (one per app): its uid and its entry module (calls hubspot.extend). */
    settings: z
      .strictObject({
        uid,
        entry: z
          .string()
          .regex(/^extensions\/[^/]+\.(tsx|jsx)$/, 'must be a .tsx or .jsx file in extensions/'),
      })
      .optional(),
  }),
  webhooks: z.strictObject({
    uid: uid.optional(),
    targetUrl: httpsUrl(),
    /** HubSpot's default and our pipeline's sizing: at most 10 deliveries in flight per account. */
    maxConcurrentRequests: z.number().int().min(5).max(10),
    contactEvents: z.enum(['crmObjects', 'legacyCrmObjects']).default('crmObjects'),
    /** Generated from the shipped model (`npm run hubspot:project -- --sync-manifest`). */
    subscriptions: z.strictObject({
      crmObjects: z.array(crmObjectSubscription),
      legacyCrmObjects: z.array(legacyCrmObjectSubscription),
      hubEvents: z.array(hubEventSubscription),
    }),
  }),
});

export type AppManifest = z.infer<typeof appManifestSchema>;

export function parseAppManifest(json: unknown, source = 'app.json'): AppManifest {
  const parsed = appManifestSchema.safeParse(json);
  if (!parsed.success) {
    throw new ProjectBuildError(
      parsed.error.issues.map(
        (issue) => `${source}: ${issue.path.join('.') || '(root)'}: ${issue.message}`,
      ),
    );
  }
  return parsed.data;
}

export async function loadAppManifest(path: string): Promise<AppManifest> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ProjectBuildError([`cannot read ${path}: ${(error as Error).message}`], {
      cause: error,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ProjectBuildError([`${path} is not valid JSON: ${(error as Error).message}`], {
      cause: error,
    });
  }
  return parseAppManifest(json, path);
}
