import type { ContactSearch, HubSpotPort } from '../hubspot/hubspot-port.ts';
import { SCORE_PROPERTIES } from '../hubspot/score-properties.ts';
import { SEARCH_PAGE_SIZE } from './due-contacts.ts';
import { RecalculationError } from './recalculation-error.ts';

/** HubSpot sets it on every change of a contact, ours included. */
export const LAST_MODIFIED = 'lastmodifieddate';
const SCORED_AT = SCORE_PROPERTIES.scoredAt;

type Filter = ContactSearch['filterGroups'][number]['filters'][number];

export interface ModifiedContact {
  id: string;
  modifiedAt: number;
  /** When our outputs last changed; NaN when never scored. */
  scoredAt: number;
}

export interface ModifiedPage {
  /** Contacts not handed out before in this walk, least recently modified first. */
  contacts: ModifiedContact[];
  /**
   * Every contact modified after the walk's start and at or before this moment has now been
   * handed out: once this page is rescored, the account's watermark may move here.
   */
  throughMs: number;
}

/** Where the next query starts: after a time, at a time (ties seen), or inside one time by id. */
type Cursor =
  | { kind: 'after'; at: number }
  | { kind: 'at-least'; at: number }
  | { kind: 'same-time'; at: number; afterId: string };

/**
 * Contacts whose `lastmodifieddate` lies in (sinceMs, untilMs], least recently modified first,
 * each handed out once.
 *
 * HubSpot's search takes one sort rule and stops at 10,000 results, and its `after` cursor is an
 * offset that skips contacts when earlier ones leave the filter (they do: our writes move their
 * `lastmodifieddate` past `untilMs`). So, as in due-contacts.ts, every page is a fresh query from
 * the last time seen ("modified at or after it"), never an offset; the contacts of that time
 * come back and are skipped. A full page of one single time cannot move on that way: that time
 * is then walked by id, and the query moves past it. Every query hands out something new or
 * moves the cursor forward, so the walk ends.
 */
export async function* modifiedContactPages(
  port: HubSpotPort,
  window: { sinceMs: number; untilMs: number },
  counter: { searches: number },
  pageSize = SEARCH_PAGE_SIZE,
): AsyncGenerator<ModifiedPage> {
  let cursor: Cursor = { kind: 'after', at: window.sinceMs };
  // Only contacts of the cursor's own time can come back: the ids seen at that time.
  let seenAtCursor = new Set<string>();
  for (;;) {
    const page = await port.searchContacts(searchFor(cursor, window.untilMs, pageSize));
    counter.searches++;
    const found = page.results.map(toModified);
    const fresh = found.filter((contact) => !seenAtCursor.has(contact.id));
    const lastPage = page.after === undefined || found.length < pageSize;
    const last = found.at(-1);

    if (cursor.kind === 'same-time') {
      for (const contact of fresh) seenAtCursor.add(contact.id);
      const at: number = cursor.at;
      cursor = lastPage ? { kind: 'after', at } : { kind: 'same-time', at, afterId: last!.id };
      if (lastPage) seenAtCursor = new Set();
      yield { contacts: fresh, throughMs: lastPage ? at : at - 1 };
      continue;
    }
    if (lastPage || last === undefined) {
      yield { contacts: fresh, throughMs: window.untilMs };
      return;
    }
    const oneTime = found[0]!.modifiedAt === last.modifiedAt;
    if (oneTime) {
      // More contacts share this time than a page holds: walk it by id from the start (the
      // ones handed out already are skipped), then go past it.
      const atTime = cursor.at === last.modifiedAt ? seenAtCursor : new Set<string>();
      for (const contact of fresh) atTime.add(contact.id);
      seenAtCursor = atTime;
      cursor = { kind: 'same-time', at: last.modifiedAt, afterId: '0' };
      yield { contacts: fresh, throughMs: last.modifiedAt - 1 };
      continue;
    }
    seenAtCursor = new Set(found.filter((c) => c.modifiedAt === last.modifiedAt).map((c) => c.id));
    cursor = { kind: 'at-least', at: last.modifiedAt };
    yield { contacts: fresh, throughMs: last.modifiedAt - 1 };
  }
}

function searchFor(cursor: Cursor, untilMs: number, limit: number): ContactSearch {
  const properties = [LAST_MODIFIED, SCORED_AT];
  if (cursor.kind === 'same-time') {
    return {
      filterGroups: [
        {
          filters: [
            { propertyName: LAST_MODIFIED, operator: 'EQ', value: String(cursor.at) },
            { propertyName: 'hs_object_id', operator: 'GT', value: cursor.afterId },
          ],
        },
      ],
      sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
      properties,
      limit,
    };
  }
  const filters: Filter[] = [
    {
      propertyName: LAST_MODIFIED,
      operator: cursor.kind === 'after' ? 'GT' : 'GTE',
      value: String(cursor.at),
    },
    { propertyName: LAST_MODIFIED, operator: 'LTE', value: String(untilMs) },
  ];
  return {
    filterGroups: [{ filters }],
    sorts: [{ propertyName: LAST_MODIFIED, direction: 'ASCENDING' }],
    properties,
    limit,
  };
}

function toModified(contact: {
  id: string;
  properties: Record<string, string | null>;
}): ModifiedContact {
  const modifiedAt = epochMs(contact.properties[LAST_MODIFIED]);
  if (!Number.isFinite(modifiedAt)) {
    throw new RecalculationError(
      `contact search returned contact ${contact.id} without a valid ${LAST_MODIFIED} under a filter on it`,
    );
  }
  return { id: contact.id, modifiedAt, scoredAt: epochMs(contact.properties[SCORED_AT]) };
}

/** HubSpot hands datetimes back as ISO text; epoch ms text is accepted too. */
function epochMs(value: string | null | undefined): number {
  const text = (value ?? '').trim();
  if (text === '') return Number.NaN;
  return /^\d+$/.test(text) ? Number(text) : Date.parse(text);
}
