/**
 * HubSpot's date-based APIs: one version for every CRM call, and every path we call, here.
 * HubSpot ends the numbered APIs (v4 associations unsupported from 30 March 2027, v1-v3 from
 * September 2027) and marketplace listings need supported APIs. Moving to the next version is
 * this constant plus its specs in ./openapi/specs (`npm run generate:hubspot-types`): the
 * generated path types carry the version, so a constant without matching specs fails to compile.
 */
export const HUBSPOT_API_VERSION = '2026-03';

const V = HUBSPOT_API_VERSION;

/** Path templates as the specs spell them; openapi-fetch fills in the `{...}` parameters. */
export const HUBSPOT_PATHS = {
  contactsBatchRead: `/crm/objects/${V}/contacts/batch/read`,
  contactsBatchUpdate: `/crm/objects/${V}/contacts/batch/update`,
  contactsSearch: `/crm/objects/${V}/contacts/search`,
  contact: `/crm/objects/${V}/contacts/{contactId}`,
  properties: `/crm/properties/${V}/{objectType}`,
  propertyGroups: `/crm/properties/${V}/{objectType}/groups`,
  property: `/crm/properties/${V}/{objectType}/{propertyName}`,
  associationsBatchRead: `/crm/associations/${V}/{fromObjectType}/{toObjectType}/batch/read`,
  /** The Settings API's user provisioning (a user's super-admin flag); see account-users.ts. */
  user: `/settings/users/${V}/{userId}`,
} as const;
