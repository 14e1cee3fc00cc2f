import type { ContactSearch, HubSpotPort } from '../hubspot/hubspot-port.ts';
import { SCORE_PROPERTIES } from '../hubspot/score-properties.ts';
import { RecalculationError } from './recalculation-error.ts';

/** HubSpot's largest search page. */
export const SEARCH_PAGE_SIZE = 200;

const REVIEW = SCORE_PROPERTIES.nextReviewAt;

type Filter = ContactSearch['filterGroups'][number]['filters'][number];

/** Where the next query starts: at (or after) a review time, or inside one review time by id. */
type Cursor =
  | { kind: 'from-start' }
  | { kind: 'review-at-least'; reviewAt: number }
  | { kind: 'review-after'; reviewAt: number }
  | { kind: 'same-review'; reviewAt: number; afterId: string };

export interface DuePage {
  /** Contacts not handed out before in this sweep, most overdue first. */
  ids: string[];
}

/**
 * The contacts due for review at `nowMs`, most overdue first, each handed out once.
 *
 * One search query stops at 10,000 results and its `after` cursor is an offset, which skips
 * contacts when earlier ones leave the filter (they do: rescoring moves their review ahead).
 * So every page is a fresh query keyed on the sort value: "review between the last value seen
 * and now". Contacts sharing the last value come back; the ids already handed out are skipped.
 * When a whole page comes back with nothing new at one review time (more contacts share it
 * than a page holds, and they have not left the filter: search's index lags behind writes),
 * that review time is walked by id instead, and the query moves past it. Every query thus hands
 * out something new or moves the cursor forward, so the sweep ends.
 */
export async function* dueContactPages(
  port: HubSpotPort,
  nowMs: number,
  counter: { searches: number },
): AsyncGenerator<DuePage> {
  const handedOut = new Set<string>();
  let cursor: Cursor = { kind: 'from-start' };
  for (;;) {
    const page = await port.searchContacts(searchFor(cursor, nowMs));
    counter.searches++;
    const found = page.results.map((contact) => ({
      id: contact.id,
      reviewAt: reviewTime(contact.properties[REVIEW]),
    }));
    const fresh = found.filter((contact) => !handedOut.has(contact.id)).map((c) => c.id);
    for (const id of fresh) handedOut.add(id);
    if (fresh.length > 0) yield { ids: fresh };

    const last = found.at(-1);
    const lastPage = page.after === undefined || found.length < SEARCH_PAGE_SIZE;
    if (cursor.kind === 'same-review') {
      cursor = lastPage
        ? { kind: 'review-after', reviewAt: cursor.reviewAt }
        : { kind: 'same-review', reviewAt: cursor.reviewAt, afterId: last!.id };
      continue;
    }
    if (lastPage || last === undefined) return;
    if (!Number.isFinite(last.reviewAt)) {
      throw new RecalculationError(
        `contact search returned contact ${last.id} without a valid ${REVIEW} under a filter on it`,
      );
    }
    const stuck: boolean =
      fresh.length === 0 && cursor.kind !== 'from-start' && cursor.reviewAt === last.reviewAt;
    cursor = stuck
      ? { kind: 'same-review', reviewAt: last.reviewAt, afterId: '0' }
      : { kind: 'review-at-least', reviewAt: last.reviewAt };
  }
}

function searchFor(cursor: Cursor, nowMs: number): ContactSearch {
  const due: Filter = { propertyName: REVIEW, operator: 'LTE', value: String(nowMs) };
  const properties = [REVIEW];
  if (cursor.kind === 'same-review') {
    return {
      filterGroups: [
        {
          filters: [
            { propertyName: REVIEW, operator: 'EQ', value: String(cursor.reviewAt) },
            { propertyName: 'hs_object_id', operator: 'GT', value: cursor.afterId },
          ],
        },
      ],
      sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
      properties,
      limit: SEARCH_PAGE_SIZE,
    };
  }
  const filters: Filter[] = [due];
  if (cursor.kind !== 'from-start') {
    filters.push({
      propertyName: REVIEW,
      operator: cursor.kind === 'review-after' ? 'GT' : 'GTE',
      value: String(cursor.reviewAt),
    });
  }
  return {
    filterGroups: [{ filters }],
    sorts: [{ propertyName: REVIEW, direction: 'ASCENDING' }],
    properties,
    limit: SEARCH_PAGE_SIZE,
  };
}

/** HubSpot hands datetimes back as ISO text; epoch ms text is accepted too. */
function reviewTime(value: string | null | undefined): number {
  const text = (value ?? '').trim();
  if (text === '') return Number.NaN;
  return /^\d+$/.test(text) ? Number(text) : Date.parse(text);
}
