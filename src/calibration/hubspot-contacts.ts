import type {
  ContactPropertyInfo,
  ContactSearch,
  HubSpotContact,
  HubSpotPort,
} from '../hubspot/index.ts';
import { CONTENT_PROPERTIES } from './content-scoring.ts';

/**
 * Every contact of the account, for calibration, through CRM search: 200 a page, sorted by id.
 * One search query stops at 10,000 results, so after 10,000 the next query starts above the
 * last id seen. The adapter keeps the requests within the search rate budget.
 */
export interface FetchProgress {
  /** The contacts that will be read (the account's count, from the first page, or the limit). */
  start(total: number, accountTotal: number): void;
  update(fetched: number): void;
  stop(): void;
}

export const SEARCH_PAGE_SIZE = 200;
/** History reads go 50 ids a call: ten calls between progress reports. */
const HISTORY_CHUNK = 500;
export const SEARCH_RESULT_CAP = 10_000;

/** Profile properties worth a place in the reference regression, next to what the model reads. */
export const PROFILE_PROPERTIES = [
  'createdate',
  'jobtitle',
  'industry',
  'city',
  'state',
  'country',
  'hs_language',
  'hs_analytics_source',
  'hs_analytics_first_timestamp',
  'num_unique_conversion_events',
  'hs_email_delivered',
  'hs_social_linkedin_clicks',
] as const;

/** What calibration asks HubSpot for: the model's properties, the outcome, content, profile. */
export function propertiesToFetch(
  modelProperties: readonly string[],
  extra: readonly (string | undefined)[],
): string[] {
  return [
    ...new Set([
      'hs_object_id',
      ...modelProperties,
      ...PROFILE_PROPERTIES,
      ...Object.values(CONTENT_PROPERTIES).flat(),
      ...extra.filter((p): p is string => p !== undefined),
    ]),
  ].sort();
}

export interface FetchOptions {
  /** Checked between pages: an aborted read stops with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Stop after this many contacts (the lowest ids). */
  limit?: number | undefined;
}

export async function fetchAllContacts(
  port: HubSpotPort,
  properties: readonly string[],
  progress?: FetchProgress,
  options: FetchOptions = {},
): Promise<HubSpotContact[]> {
  const { signal, limit = Number.POSITIVE_INFINITY } = options;
  const contacts: HubSpotContact[] = [];
  let aboveId: string | undefined;
  let started = false;
  try {
    while (true) {
      let after: string | undefined;
      let inQuery = 0;
      do {
        const search: ContactSearch = {
          filterGroups:
            aboveId === undefined
              ? []
              : [{ filters: [{ propertyName: 'hs_object_id', operator: 'GT', value: aboveId }] }],
          sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
          properties: [...properties],
          limit: SEARCH_PAGE_SIZE,
          ...(after === undefined ? {} : { after }),
        };
        signal?.throwIfAborted();
        const page = await port.searchContacts(search);
        if (!started) {
          progress?.start(Math.min(page.total, limit), page.total);
          started = true;
        }
        contacts.push(...page.results.slice(0, limit - contacts.length));
        inQuery += page.results.length;
        progress?.update(contacts.length);
        after = page.results.length > 0 ? page.after : undefined;
      } while (
        after !== undefined &&
        contacts.length < limit &&
        inQuery + SEARCH_PAGE_SIZE <= SEARCH_RESULT_CAP
      );
      if (after === undefined || contacts.length >= limit) return contacts;
      aboveId = contacts[contacts.length - 1]!.id;
    }
  } finally {
    progress?.stop();
  }
}

/**
 * CRM search returns no property history, so content scoring and history touchpoints would see
 * only the latest values: read the history of `properties` with batch reads (50 a call, HubSpot's
 * limit with history) and attach it to the contacts found.
 */
export async function attachPropertyHistory(
  port: HubSpotPort,
  contacts: readonly HubSpotContact[],
  properties: readonly string[],
  options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
): Promise<HubSpotContact[]> {
  if (properties.length === 0 || contacts.length === 0) return [...contacts];
  const histories = new Map<string, HubSpotContact['propertiesWithHistory']>();
  // The port batches 50 a call; asking HISTORY_CHUNK ids at a time lets a job show progress
  // and stop between chunks without changing the number of calls.
  for (let start = 0; start < contacts.length; start += HISTORY_CHUNK) {
    options.signal?.throwIfAborted();
    const chunk = contacts.slice(start, start + HISTORY_CHUNK);
    const read = await port.readContacts(
      chunk.map((c) => c.id),
      ['hs_object_id'],
      { withHistory: properties },
    );
    for (const c of read) histories.set(c.id, c.propertiesWithHistory);
    options.onProgress?.(start + chunk.length, contacts.length);
  }
  return contacts.map((contact) => {
    const history = histories.get(contact.id);
    return history === undefined ? contact : { ...contact, propertiesWithHistory: history };
  });
}

/** The properties whose history calibration reads: the model's, the content, the outcome. */
export function historyToFetch(modelHistory: readonly string[], outcomeProperty: string): string[] {
  return [
    ...new Set([...modelHistory, ...Object.values(CONTENT_PROPERTIES).flat(), outcomeProperty]),
  ].sort();
}

/** The most account properties discovery reads beside the model's and the profile's. */
export const MAX_DISCOVERY_PROPERTIES = 100;

/** Types discovery can turn into criteria; free text (textarea) and files it cannot. */
const DISCOVERABLE_TYPES: ReadonlySet<string> = new Set([
  'string',
  'enumeration',
  'number',
  'date',
  'datetime',
  'bool',
]);
const UNDISCOVERABLE_FIELD_TYPES: ReadonlySet<string> = new Set(['textarea', 'file', 'html']);

/**
 * What discovery may look at beyond the model: the properties the account created itself (a
 * "specialization" or "notice period" field), in name order, at most MAX_DISCOVERY_PROPERTIES.
 * HubSpot's own properties are many and mostly bookkeeping, so only PROFILE_PROPERTIES of
 * them are read. The app's outputs, protected attributes and fields set by the hiring process
 * are read but left out of learning by calibration's leakage guard.
 */
export function discoveryProperties(accountProperties: readonly ContactPropertyInfo[]): {
  properties: string[];
  /** Account properties beyond the cap, left unread. */
  leftUnread: string[];
} {
  const usable = accountProperties
    .filter(
      (p) =>
        p.hubspotDefined !== true &&
        DISCOVERABLE_TYPES.has(p.type) &&
        !UNDISCOVERABLE_FIELD_TYPES.has(p.fieldType) &&
        !p.name.startsWith('recruitment_'),
    )
    .map((p) => p.name)
    .sort();
  return {
    properties: usable.slice(0, MAX_DISCOVERY_PROPERTIES),
    leftUnread: usable.slice(MAX_DISCOVERY_PROPERTIES),
  };
}

export interface AccountReadPlan {
  /** What the model reads, and whose history it counts (the compiled model's lists). */
  modelProperties: readonly string[];
  historyProperties: readonly string[];
  outcomeProperty: string;
  timeProperty?: string | undefined;
  /** Read the account's own properties too, for discovery to propose criteria from. */
  discovery: boolean;
}

export interface AccountReading {
  contacts: HubSpotContact[];
  /** Properties read with the search, and those whose history was read after it. */
  properties: string[];
  history: string[];
  /** Account properties discovery did not read (beyond MAX_DISCOVERY_PROPERTIES). */
  leftUnread: string[];
}

export interface AccountReadEvents {
  /** Before the search: what will be read. */
  planned?(properties: readonly string[], history: readonly string[]): void;
  reading?: FetchProgress;
  history?(done: number, total: number): void;
}

/**
 * Every contact calibration learns from, read from the account: the search (200 a page) with
 * the model's properties, the outcome, content, the profile and (with discovery) the account's
 * own properties; then the history of what history touchpoints and content scoring count.
 */
export async function readAccountCandidates(
  port: HubSpotPort,
  plan: AccountReadPlan,
  events: AccountReadEvents = {},
  options: FetchOptions = {},
): Promise<AccountReading> {
  const discovered = plan.discovery
    ? discoveryProperties(await port.listContactProperties())
    : { properties: [], leftUnread: [] };
  const properties = propertiesToFetch(plan.modelProperties, [
    plan.outcomeProperty,
    plan.timeProperty,
    ...discovered.properties,
  ]);
  const history = historyToFetch(plan.historyProperties, plan.outcomeProperty);
  events.planned?.(properties, history);
  const found = await fetchAllContacts(port, properties, events.reading, options);
  const contacts = await attachPropertyHistory(port, found, history, {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(events.history ? { onProgress: events.history } : {}),
  });
  return { contacts, properties, history, leftUnread: discovered.leftUnread };
}
