/**
 * What the app needs from one HubSpot account, in our domain's words. The adapter over the
 * date-based HubSpot APIs implements it (batching, rate budget, retries, deadlines); tests and
 * the sandbox talk to the same shape. Every method may throw HubSpotError.
 */

/** A contact as HubSpot returns it: every value a string, or null when unknown. */
export interface HubSpotContact {
  id: string;
  properties: Record<string, string | null>;
  /** Every value of the properties asked `withHistory`, newest first (batch reads of 50). */
  propertiesWithHistory?: Record<string, PropertyHistoryEntry[]>;
}

export interface ReadContactsOptions {
  /**
   * Properties whose history (every value with its timestamp) is read too: what history
   * touchpoints count. HubSpot then takes 50 ids a batch instead of 100, so ask only when needed.
   */
  withHistory?: readonly string[] | undefined;
}

export interface ContactUpdate {
  id: string;
  properties: Record<string, string>;
}

/** CRM search: HubSpot's filter groups (OR of ANDs), at most 200 a page, 10,000 a query. */
export interface ContactSearch {
  filterGroups: {
    filters: {
      propertyName: string;
      operator: string;
      value?: string;
      values?: string[];
      highValue?: string;
    }[];
  }[];
  sorts?: { propertyName: string; direction: 'ASCENDING' | 'DESCENDING' }[];
  properties: string[];
  limit: number;
  after?: string;
}

export interface ContactSearchPage {
  total: number;
  results: HubSpotContact[];
  /** Paging cursor for the next page; absent on the last page. */
  after?: string;
}

export interface PropertyHistoryEntry {
  value: string;
  timestamp: string;
  sourceType?: string;
}

/** One contact property of the account, as the settings page's pickers show it. */
export interface ContactPropertyInfo {
  name: string;
  label: string;
  /** HubSpot's type: string, number, date, datetime, enumeration, bool. */
  type: string;
  fieldType: string;
  groupName?: string | undefined;
  options: { value: string; label: string }[];
  /** A HubSpot default property, not one the account (or an app) created. */
  hubspotDefined?: boolean | undefined;
}

/** A user of the account, as HubSpot's users API gives it. */
export interface HubSpotUser {
  id: string;
  email?: string | undefined;
  /** Super admins may change every app's settings. */
  superAdmin: boolean;
  roleIds: string[];
}

export interface HubSpotPort {
  /**
   * Batch read (100 ids a request); ids HubSpot does not know are left out of the result.
   * Ids that HubSpot kept failing (a 207 with other errors) end in PartialBatchError, which
   * carries every contact that was read (`contacts`) and the ids to retry (`failedIds`).
   */
  readContacts(
    ids: readonly string[],
    properties: readonly string[],
    options?: ReadContactsOptions,
  ): Promise<HubSpotContact[]>;
  /** Batch update (100 contacts a request). */
  updateContacts(updates: readonly ContactUpdate[]): Promise<void>;
  searchContacts(search: ContactSearch): Promise<ContactSearchPage>;
  /** Contacts associated with engagements (calls, emails, meetings, notes, tasks, communications). */
  contactsOfEngagements(
    objectType: string,
    objectIds: readonly string[],
  ): Promise<Map<string, string[]>>;
  /** Property history of one contact (for the score trend). */
  propertyHistory(contactId: string, property: string): Promise<PropertyHistoryEntry[]>;
  /**
   * Creates the `recruitment_scoring` group and output properties; idempotent (409 = exists).
   * `recruitment_profile` only when the model has fit profiles (its options follow them).
   */
  ensureScoreProperties(
    tierNames: readonly string[],
    profiles?: readonly { id: string; label: string }[],
  ): Promise<void>;
  /** The account's contact properties (the properties API), for the settings page's pickers. */
  listContactProperties(): Promise<ContactPropertyInfo[]>;
  /** One user of the account (HubSpot's users API); undefined when the id is not a user of it. */
  findUser(userId: string): Promise<HubSpotUser | undefined>;
}
