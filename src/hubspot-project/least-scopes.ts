import type { EngagementTypeId } from '../pipeline/engagement-types.ts';

/**
 * The least scopes the app works with, and why each one is there. An admin installing the
 * app reads this list on HubSpot's consent screen: nothing may be on it that no feature uses.
 */
export const CONTACT_SCOPES = {
  /** Read contacts (batch read, search for due reviews, property history for the trend). */
  'crm.objects.contacts.read': 'read contacts and their property history',
  /** Write the score properties back. */
  'crm.objects.contacts.write': 'write the recruitment score properties',
  /** Check which score properties exist. */
  'crm.schemas.contacts.read': 'read the contact property definitions',
  /** Create the property group and the score properties on install. */
  'crm.schemas.contacts.write': 'create the recruitment score properties',
} as const;

/**
 * Reading an engagement's contacts (associations v4 batch read from calls, emails...) and
 * subscribing to its events: HubSpot serves calls, emails, meetings, notes, tasks and
 * communications under the contacts scope, so they add no scope (the install flow in
 * src/oauth/oauth-config.ts asks for the same). `sales-email-read` (email bodies) is NOT
 * needed: the app reads association ids, never content. HubSpot's 2026-03 specs also name
 * per-object read scopes (`crm.objects.calls.read`, ...); if an account ever refuses the
 * contacts scope for engagements, those read-only scopes go here, and nothing broader.
 */
export const ENGAGEMENT_READ_SCOPES = {
  '0-48': 'crm.objects.contacts.read',
  '0-49': 'crm.objects.contacts.read',
  '0-47': 'crm.objects.contacts.read',
  '0-46': 'crm.objects.contacts.read',
  '0-27': 'crm.objects.contacts.read',
  '0-18': 'crm.objects.contacts.read',
} as const satisfies Record<EngagementTypeId, string>;

/**
 * The settings page lets only users who may change the app's settings publish, roll back or
 * choose a template: the backend looks the signed user up in HubSpot's users API
 * (`GET /settings/users/2026-03/{userId}`, its `superAdmin` flag), which needs this read-only
 * scope. Nothing else of the account's users or settings is read.
 */
export const SETTINGS_PAGE_SCOPES = {
  'settings.users.read':
    'check that the user who publishes a scoring model is a super admin (HubSpot users API)',
} as const;

/** OAuth apps must ask for `oauth`; static-token private apps have no use for it. */
export const OAUTH_SCOPE = 'oauth';

export type AuthType = 'oauth' | 'static';

/** The scopes the app needs for the engagements it follows and its settings page, in a stable order. */
export function leastScopes(
  authType: AuthType,
  engagementTypes: readonly EngagementTypeId[],
  features: { settingsPage?: boolean } = {},
): string[] {
  const scopes = [
    ...(authType === 'oauth' ? [OAUTH_SCOPE] : []),
    ...Object.keys(CONTACT_SCOPES),
    ...engagementTypes.map((id) => ENGAGEMENT_READ_SCOPES[id]),
    ...(features.settingsPage ? Object.keys(SETTINGS_PAGE_SCOPES) : []),
  ];
  return [...new Set(scopes)];
}

/** What is missing and what is more than needed, as words for the admin. */
export function scopeProblems(declared: readonly string[], needed: readonly string[]): string[] {
  const declaredSet = new Set(declared);
  const neededSet = new Set(needed);
  const problems: string[] = [];
  const missing = needed.filter((s) => !declaredSet.has(s));
  const extra = declared.filter((s) => !neededSet.has(s));
  if (missing.length > 0) {
    problems.push(
      `auth.requiredScopes: missing ${missing.join(', ')} (the app cannot work without them)`,
    );
  }
  if (extra.length > 0) {
    problems.push(
      `auth.requiredScopes: ${extra.join(', ')} not used by any feature; ask for the least scopes only`,
    );
  }
  return problems;
}
