/**
 * JSON Schemas for the components we generate, written by us from HubSpot's
 * documentation of platform 2026.03 (app configuration, cards, configure webhooks, settings). They are
 * NOT HubSpot's schemas, which the parser downloads from HubSpot and we cannot reach from here:
 * they hold the documented fields and reject anything else, so a typo in a generated key fails.
 */

const httpsUrl = { type: 'string', format: 'uri', pattern: '^https://' };
const strings = { type: 'array', items: { type: 'string', minLength: 1 } };

const APPLICATION = {
  type: 'object',
  required: ['name', 'description', 'distribution', 'auth'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, maxLength: 200, pattern: '^\\S(.*\\S)?$' },
    description: { type: 'string', minLength: 1, maxLength: 8192 },
    distribution: { enum: ['marketplace', 'private'] },
    auth: {
      type: 'object',
      required: ['type', 'requiredScopes'],
      additionalProperties: false,
      properties: {
        type: { enum: ['oauth', 'static'] },
        redirectUrls: { type: 'array', items: { type: 'string', format: 'uri' } },
        requiredScopes: strings,
        optionalScopes: strings,
        conditionallyRequiredScopes: strings,
      },
      if: { properties: { type: { const: 'oauth' } } },
      then: { required: ['redirectUrls'], properties: { redirectUrls: { minItems: 1 } } },
    },
    permittedUrls: {
      type: 'object',
      additionalProperties: false,
      properties: {
        fetch: { type: 'array', items: httpsUrl },
        iframe: { type: 'array', items: httpsUrl },
        img: { type: 'array', items: httpsUrl },
      },
    },
    support: {
      type: 'object',
      additionalProperties: false,
      properties: {
        supportEmail: { type: 'string', format: 'email' },
        documentationUrl: httpsUrl,
        supportUrl: httpsUrl,
        supportPhone: { type: 'string' },
      },
    },
  },
};

const CARD = {
  type: 'object',
  required: ['name', 'location', 'entrypoint', 'objectTypes'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1 },
    description: { type: 'string' },
    location: { enum: ['crm.record.sidebar', 'crm.record.tab', 'crm.preview', 'helpdesk.sidebar'] },
    entrypoint: { type: 'string', pattern: '^/app/cards/[^/]+\\.(jsx|tsx)$' },
    objectTypes: { type: 'array', minItems: 1, items: { type: 'string' } },
  },
};

const subscription = (types: string[], extra: Record<string, unknown>, required: string[]) => ({
  type: 'object',
  required: ['subscriptionType', 'active', ...required],
  additionalProperties: false,
  properties: { subscriptionType: { enum: types }, active: { type: 'boolean' }, ...extra },
  if: { properties: { subscriptionType: { pattern: '\\.propertyChange$' } } },
  then: { required: ['propertyName'] },
});

const WEBHOOKS = {
  type: 'object',
  required: ['settings', 'subscriptions'],
  additionalProperties: false,
  properties: {
    settings: {
      type: 'object',
      required: ['targetUrl', 'maxConcurrentRequests'],
      additionalProperties: false,
      properties: { targetUrl: httpsUrl, maxConcurrentRequests: { type: 'integer', minimum: 5 } },
    },
    subscriptions: {
      type: 'object',
      additionalProperties: false,
      properties: {
        crmObjects: {
          type: 'array',
          items: subscription(
            [
              'object.creation',
              'object.deletion',
              'object.merge',
              'object.restore',
              'object.propertyChange',
              // The generic format's association change (changelog "Public Beta: Generic Webhook
              // Subscriptions", Aug 2024; the webhooks API's eventType enum lists it too).
              'object.associationChange',
            ],
            { objectType: { type: 'string' }, propertyName: { type: 'string' } },
            ['objectType'],
          ),
        },
        legacyCrmObjects: {
          type: 'array',
          items: subscription(
            [
              'contact.creation',
              'contact.deletion',
              'contact.merge',
              'contact.restore',
              'contact.propertyChange',
            ],
            { propertyName: { type: 'string' } },
            [],
          ),
        },
        hubEvents: {
          type: 'array',
          items: subscription(['contact.privacyDeletion'], {}, []),
        },
      },
    },
  },
};

/**
 * The serverless functions reference (entrypoint, endpoint, secretKeys). Its table names the
 * endpoint's verb `method`; HubSpot's own 2026.03 component template writes a `methods` list,
 * which is what HubSpot's validator is reported to require, so `methods` is transcribed here.
 */
const APP_FUNCTION = {
  type: 'object',
  required: ['entrypoint'],
  additionalProperties: false,
  properties: {
    entrypoint: { type: 'string', pattern: '^/app/functions/[^/]+\\.(js|cjs|mjs)$' },
    endpoint: {
      type: 'object',
      required: ['path', 'methods'],
      additionalProperties: false,
      properties: {
        path: { type: 'string', minLength: 1 },
        methods: {
          type: 'array',
          minItems: 1,
          items: { enum: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] },
        },
      },
    },
    // PRIVATE_APP_ACCESS_TOKEN is HubSpot's own, injected without being listed.
    secretKeys: {
      type: 'array',
      items: { type: 'string', minLength: 1, not: { const: 'PRIVATE_APP_ACCESS_TOKEN' } },
    },
  },
};

/**
 * The settings component (2026.03): HubSpot's component template
 * (hubspot-project-components, 2026.03/components/settings) and its guide name only the
 * entrypoint, a React file in the settings folder.
 */
const SETTINGS = {
  type: 'object',
  required: ['entrypoint'],
  additionalProperties: false,
  properties: {
    entrypoint: { type: 'string', pattern: '^/app/settings/[^/]+\\.(jsx|tsx)$' },
  },
};

/** Keyed by the parser's internal component types, as HubSpot's schema endpoint answers. */
export const DOCUMENTED_COMPONENT_SCHEMAS = { APPLICATION, CARD, WEBHOOKS, APP_FUNCTION, SETTINGS };
