import type { ContactSearch, HubSpotContact, HubSpotPort } from '../hubspot/index.ts';
import { CONTENT_PROPERTIES } from './content-scoring.ts';

/**
 * Every contact of the account, for calibration, through CRM search: 200 a page, sorted by id.
 * One search query stops at 10,000 results, so after 10,000 the next query starts above the
 * last id seen. The adapter keeps the requests within the search rate budget.
 */
export interface FetchProgress {
  /** The account's contact count, from the first page. */
  start(total: number): void;
  update(fetched: number): void;
  stop(): void;
}

export const SEARCH_PAGE_SIZE = 200;
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

export async function fetchAllContacts(
  port: HubSpotPort,
  properties: readonly string[],
  progress?: FetchProgress,
): Promise<HubSpotContact[]> {
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
        const page = await port.searchContacts(search);
        if (!started) {
          progress?.start(page.total);
          started = true;
        }
        contacts.push(...page.results);
        inQuery += page.results.length;
        progress?.update(contacts.length);
        after = page.results.length > 0 ? page.after : undefined;
      } while (after !== undefined && inQuery + SEARCH_PAGE_SIZE <= SEARCH_RESULT_CAP);
      if (after === undefined) return contacts;
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
): Promise<HubSpotContact[]> {
  if (properties.length === 0 || contacts.length === 0) return [...contacts];
  const read = await port.readContacts(
    contacts.map((c) => c.id),
    ['hs_object_id'],
    { withHistory: properties },
  );
  const histories = new Map(read.map((c) => [c.id, c.propertiesWithHistory]));
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
