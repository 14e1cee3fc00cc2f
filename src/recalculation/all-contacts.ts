import type { ContactSearch, HubSpotPort } from '../hubspot/hubspot-port.ts';
import { SEARCH_PAGE_SIZE } from './due-contacts.ts';

export interface ContactIdPage {
  ids: string[];
  /** Contacts after the cursor when the page was asked for: the rest of the run, roughly. */
  remaining: number;
}

/**
 * Every contact id in ascending `hs_object_id`, 200 a page, starting after `afterId`. Each page
 * is a fresh query "id above the last one seen", so the walk passes search's 10,000-result cap
 * and can resume from a stored id. The next page is asked for while the caller works on this
 * one: the search's round trip then costs no time, only budget.
 */
export async function* allContactPages(
  port: HubSpotPort,
  afterId: string,
  counter: { searches: number },
): AsyncGenerator<ContactIdPage> {
  const search = (after: string) => {
    counter.searches++;
    const answer = port.searchContacts(idsAfter(after));
    // The caller may fail before it awaits this page: its failure must not go unhandled.
    answer.catch(() => undefined);
    return answer;
  };
  let pending = search(afterId);
  try {
    for (;;) {
      const page = await pending;
      const ids = page.results.map((contact) => contact.id);
      const more = ids.length === SEARCH_PAGE_SIZE && page.after !== undefined;
      if (more) pending = search(ids.at(-1)!);
      if (ids.length > 0) yield { ids, remaining: page.total };
      if (!more) return;
    }
  } finally {
    // A run stopped mid-way leaves the prefetched page unused: let it land (no request may
    // outlive the run) and ignore its failure, which is nobody's news.
    await pending.catch(() => undefined);
  }
}

function idsAfter(afterId: string): ContactSearch {
  return {
    filterGroups: [{ filters: [{ propertyName: 'hs_object_id', operator: 'GT', value: afterId }] }],
    sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
    properties: ['hs_object_id'],
    limit: SEARCH_PAGE_SIZE,
  };
}
