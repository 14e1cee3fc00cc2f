import type { HubSpotPort } from '../hubspot/hubspot-port.ts';
import type { CompiledModel } from '../scoring/index.ts';
import type { ChangedSinceWatermarks } from '../store/changed-since-watermarks.ts';
import { modifiedContactPages } from './modified-contacts.ts';
import { isOwnWrite, OWN_WRITE_WINDOW_MS } from './own-writes.ts';
import { addTally, emptyTally, rescoreBatch, type RescoreTally } from './rescore-batch.ts';

/**
 * The "changed since" pass: webhook subscriptions are app-wide and cover the properties the
 * shipped templates read, but an account's model may read any property. Every sweep interval,
 * the contacts modified since the account's watermark are found by CRM search on
 * `lastmodifieddate` and rescored (reading current data; only changed outputs are written).
 *
 * The window ends SEARCH_INDEX_LAG_MS before the pass starts: HubSpot's search index trails
 * writes by seconds, and a contact indexed late below the walk's position would be passed by
 * the watermark unread. Our own writes land after the window and come back in the next pass,
 * where the own-write rule (own-writes.ts) skips them without a read.
 *
 * The watermark moves as pages are rescored, to the last moment whose contacts have all been
 * rescored, never further: a pass that fails or is stopped resumes where it stood.
 */

/** How far behind the search index may be; the window ends this long before the pass. */
export const SEARCH_INDEX_LAG_MS = 60_000;

export interface ChangedSincePassOptions {
  port: HubSpotPort;
  compiled: CompiledModel;
  /** The account (undefined: the static account whose portal id is unknown). */
  portalId: number | undefined;
  watermarks: ChangedSinceWatermarks;
  /** The scoring clock, read once per page: our writes then stay within the own-write window. */
  clock: () => number;
  /** The first pass of an account looks back this far (one sweep interval), not to the start of time. */
  firstLookBackMs: number;
  indexLagMs?: number;
  ownWriteWindowMs?: number;
  /** Contacts a search page asks for: HubSpot's 200 unless a test wants smaller pages. */
  pageSize?: number;
  /** Stops after the page in flight; the summary then says `stopped`. */
  signal?: AbortSignal;
  onProgress?: (summary: Readonly<ChangedSinceSummary>) => void;
}

export interface ChangedSinceSummary extends RescoreTally {
  /** The window of this pass: modified after `sinceMs`, at or before `untilMs`. */
  sinceMs: number;
  untilMs: number;
  /** Where the account's watermark stands now (`untilMs` when the pass finished). */
  watermarkMs: number;
  /** Modified contacts the search found, each counted once. */
  found: number;
  /** Found, but last modified by our own write: not read. */
  skippedOwnWrites: number;
  stopped: boolean;
}

export async function runChangedSincePass(
  options: ChangedSincePassOptions,
): Promise<ChangedSinceSummary> {
  const { port, compiled, portalId, watermarks, clock, signal } = options;
  const startedAt = clock();
  const untilMs = startedAt - (options.indexLagMs ?? SEARCH_INDEX_LAG_MS);
  const stored = await watermarks.get(portalId);
  const sinceMs = stored ?? startedAt - options.firstLookBackMs;
  // Kept at once: a first pass that fails must be retried from this same start, not from one
  // interval before the retry.
  if (stored === undefined) await watermarks.save(portalId, sinceMs, startedAt);
  const summary: ChangedSinceSummary = {
    ...emptyTally(),
    sinceMs,
    untilMs,
    watermarkMs: sinceMs,
    found: 0,
    skippedOwnWrites: 0,
    stopped: false,
  };
  if (sinceMs >= untilMs) return summary;
  const windowMs = options.ownWriteWindowMs ?? OWN_WRITE_WINDOW_MS;

  const pages = modifiedContactPages(
    port,
    { sinceMs, untilMs },
    summary.requests,
    options.pageSize,
  );
  const pending = new PendingContacts();
  const rescore = async (ids: string[]) => {
    if (ids.length > 0) addTally(summary, await rescoreBatch(port, compiled, ids, clock()));
    const through = pending.throughMs();
    if (through !== undefined && through > summary.watermarkMs) {
      await watermarks.save(portalId, through, clock());
      summary.watermarkMs = through;
    }
  };
  for await (const page of pages) {
    summary.found += page.contacts.length;
    const toRescore = page.contacts.filter((contact) => !isOwnWrite(contact, windowMs));
    summary.skippedOwnWrites += page.contacts.length - toRescore.length;
    pending.add(
      toRescore.map((contact) => contact.id),
      page.throughMs,
    );
    await rescore(pending.takeFullRounds());
    options.onProgress?.(summary);
    if (signal?.aborted) {
      summary.stopped = true;
      break;
    }
  }
  await rescore(pending.takeAll());
  if (summary.watermarkMs >= untilMs) summary.stopped = false;
  return summary;
}

/**
 * Found contacts waiting to be rescored, gathered over search pages into rounds of 200 (two
 * writes of 100, two reads of 100 or four of 50): own writes and tie walks leave pages short,
 * and rescoring each short page alone would cost a partly empty read and write each time.
 * The watermark may only move past a page once every contact of it has been rescored.
 */
class PendingContacts {
  static readonly ROUND = 200;
  private readonly waiting: { id: string; page: number }[] = [];
  private readonly pageThrough: number[] = [];

  add(ids: readonly string[], throughMs: number): void {
    const page = this.pageThrough.push(throughMs) - 1;
    for (const id of ids) this.waiting.push({ id, page });
  }

  takeFullRounds(): string[] {
    const count = this.waiting.length - (this.waiting.length % PendingContacts.ROUND);
    return this.waiting.splice(0, count).map((entry) => entry.id);
  }

  takeAll(): string[] {
    return this.waiting.splice(0).map((entry) => entry.id);
  }

  /** The end of the last page none of whose contacts is still waiting. */
  throughMs(): number | undefined {
    const done = (this.waiting[0]?.page ?? this.pageThrough.length) - 1;
    return done >= 0 ? this.pageThrough[done] : undefined;
  }
}

/** One line for logs: "272 of 312 modified contacts rescored, 40 were our own writes, ...". */
export function describeChangedSince(summary: Readonly<ChangedSinceSummary>): string {
  const r = summary.requests;
  return (
    `${summary.stopped ? 'stopped after' : 'found'} ${summary.found} modified contact(s): ` +
    `${summary.read} rescored, ${summary.written} written, ` +
    `${summary.skippedOwnWrites} skipped as our own writes` +
    (summary.missing > 0 ? `, ${summary.missing} gone` : '') +
    ` (${r.searches} searches, ${r.reads} reads, ${r.writes} writes)`
  );
}
