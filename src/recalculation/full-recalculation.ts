import type { HubSpotPort } from '../hubspot/hubspot-port.ts';
import type { CompiledModel } from '../scoring/index.ts';
import { allContactPages } from './all-contacts.ts';
import { addTally, emptyTally, rescoreBatch, type RescoreTally } from './rescore-batch.ts';

/**
 * The full recalculation after a model change: every contact, in ascending id, 200 a page.
 * After each page the caller gets the last id done and the running tally to store, so an
 * interrupted run continues after that id with the same tally: no contact skipped, none
 * counted twice.
 */

export interface RecalculationPosition {
  /** Every contact with an id up to this one is done ('0': none yet). */
  lastContactId: string;
  tally: RescoreTally;
}

export interface FullRecalculationOptions {
  port: HubSpotPort;
  compiled: CompiledModel;
  /** The time each page is scored at; read per page, so a long run scores as of its own hour. */
  clock: () => number;
  /** Read and score only; the tally says what would have changed. */
  dryRun?: boolean;
  /** Where an earlier run of the same model stopped. */
  resumeFrom?: RecalculationPosition | undefined;
  /** Stops after the page in flight. */
  signal?: AbortSignal | undefined;
  /** After each page, before the next one starts: store the position here. */
  onPage?: (position: Readonly<RecalculationPosition>, progress: RecalculationProgress) => void;
}

export interface RecalculationProgress {
  /** Contacts read so far in the whole run, this session and earlier ones. */
  done: number;
  /** The best estimate of the run's size: done plus what search says is left. */
  total: number;
}

export interface FullRecalculationResult extends RecalculationPosition {
  /** False when the signal stopped the run early; the position says where to go on from. */
  finished: boolean;
}

export async function recalculateAllContacts(
  options: FullRecalculationOptions,
): Promise<FullRecalculationResult> {
  const { port, compiled, signal } = options;
  const tally = emptyTally();
  if (options.resumeFrom) addTally(tally, options.resumeFrom.tally);
  let lastContactId = options.resumeFrom?.lastContactId ?? '0';
  const handled = () => tally.read + tally.missing;
  // Totals are taken from the first page: later pages count only what lies after them.
  let total: number | undefined;

  if (signal?.aborted) return { lastContactId, tally, finished: false };
  for await (const page of allContactPages(port, lastContactId, tally.requests)) {
    total ??= handled() + page.remaining;
    addTally(
      tally,
      await rescoreBatch(port, compiled, page.ids, options.clock(), {
        dryRun: options.dryRun ?? false,
      }),
    );
    lastContactId = page.ids.at(-1)!;
    total = Math.max(total, handled());
    options.onPage?.({ lastContactId, tally }, { done: handled(), total });
    if (signal?.aborted) return { lastContactId, tally, finished: false };
  }
  return { lastContactId, tally, finished: true };
}
