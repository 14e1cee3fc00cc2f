import type { ContactUpdate, HubSpotPort } from '../hubspot/hubspot-port.ts';
import { HUBSPOT_BATCH_SIZE } from '../pipeline/rescore-contacts.ts';
import type { CompiledModel } from '../scoring/index.ts';
import { allContactPages } from './all-contacts.ts';
import {
  addTally,
  emptyTally,
  readAndScore,
  writeUpdates,
  type RescoreTally,
} from './rescore-batch.ts';

/**
 * The full recalculation after a model change: every contact, in ascending id, 200 a page.
 *
 * After a model change often only some contacts change, a few per page. Their updates are
 * gathered over pages and written in full batches of 100, so sparse changes do not cost a
 * write per page. A checkpoint is taken only where everything read so far is written (the
 * remainder is flushed at least every MAX_PAGES_BETWEEN_CHECKPOINTS pages, and at a stop): an
 * interrupted run goes on after it, with the tally as it stood there, so no contact is skipped
 * and none is written twice (at most the pages read since are read again). After a crash, the
 * contacts written since the last checkpoint are found unchanged when read again and are not
 * counted again as changed.
 */

/** At most this many pages (2,000 contacts) are read again after a crash. */
export const MAX_PAGES_BETWEEN_CHECKPOINTS = 10;

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
  /** Stops after the page in flight (its changes are written first). */
  signal?: AbortSignal | undefined;
  /** Everything up to the position is written: store it (awaited before the next page). */
  onCheckpoint?: (position: Readonly<RecalculationPosition>) => void | Promise<void>;
  /** After each page read and scored (awaited). */
  onProgress?: (
    progress: RecalculationProgress,
    tally: Readonly<RescoreTally>,
  ) => void | Promise<void>;
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
  const dryRun = options.dryRun ?? false;
  // `saved` is what the last checkpoint holds; `unsaved` what was read since.
  const saved: RecalculationPosition = {
    lastContactId: options.resumeFrom?.lastContactId ?? '0',
    tally: emptyTally(),
  };
  if (options.resumeFrom) addTally(saved.tally, options.resumeFrom.tally);
  let unsaved = emptyTally();
  let pending: ContactUpdate[] = [];
  let lastRead = saved.lastContactId;
  let total: number | undefined;

  let pagesSinceCheckpoint = 0;
  const checkpoint = async () => {
    await writeUpdates(port, pending, unsaved);
    pending = [];
    pagesSinceCheckpoint = 0;
    addTally(saved.tally, unsaved);
    unsaved = emptyTally();
    saved.lastContactId = lastRead;
    await options.onCheckpoint?.(saved);
  };
  const handled = (t: RescoreTally) => t.read + t.missing;

  if (signal?.aborted) return { ...saved, finished: false };
  // Searches are counted in `unsaved` as they are sent; a checkpoint moves them to `saved`.
  const counter = {
    get searches() {
      return unsaved.requests.searches;
    },
    set searches(value: number) {
      unsaved.requests.searches = value;
    },
  };
  for await (const page of allContactPages(port, saved.lastContactId, counter)) {
    const { tally, updates } = await readAndScore(port, compiled, page.ids, options.clock());
    addTally(unsaved, tally);
    if (!dryRun) pending.push(...updates);
    lastRead = page.ids.at(-1)!;

    const done = handled(saved.tally) + handled(unsaved);
    total = Math.max((total ??= done - page.ids.length + page.remaining), done);
    await options.onProgress?.({ done, total }, combined(saved.tally, unsaved));

    const stopping = signal?.aborted ?? false;
    pagesSinceCheckpoint++;
    if (!stopping && pending.length > HUBSPOT_BATCH_SIZE) {
      // Full batches go now; the rest waits for the next page's changes, so sparse changes
      // are not written in part-empty batches.
      const full = pending.length - (pending.length % HUBSPOT_BATCH_SIZE);
      await writeUpdates(port, pending.slice(0, full), unsaved);
      pending = pending.slice(full);
    }
    if (
      stopping ||
      pending.length === 0 ||
      pending.length === HUBSPOT_BATCH_SIZE ||
      pagesSinceCheckpoint >= MAX_PAGES_BETWEEN_CHECKPOINTS
    ) {
      await checkpoint();
    }
    if (stopping) return { ...saved, finished: false };
  }
  await checkpoint();
  return { ...saved, finished: true };
}

function combined(a: Readonly<RescoreTally>, b: Readonly<RescoreTally>): RescoreTally {
  const sum = emptyTally();
  addTally(sum, a);
  addTally(sum, b);
  return sum;
}
