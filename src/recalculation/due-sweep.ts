import type { HubSpotPort } from '../hubspot/hubspot-port.ts';
import type { CompiledModel } from '../scoring/index.ts';
import { dueContactPages } from './due-contacts.ts';
import { addTally, emptyTally, rescoreBatch, type RescoreTally } from './rescore-batch.ts';

/**
 * The rescoring sweep: decay changes scores while no webhook arrives, so contacts whose
 * `recruitment_next_review_at` has passed are rescored. Rescoring moves a contact's review
 * ahead (or clears it), which takes it out of the next sweep.
 */

export interface DueSweepOptions {
  port: HubSpotPort;
  compiled: CompiledModel;
  /** The sweep's moment: contacts due at or before it are rescored as of it. */
  now: number;
  /** After each page of up to 200 contacts. */
  onProgress?: (summary: Readonly<DueSweepSummary>) => void;
  /** Stops after the page in flight; the summary then says `stopped`. */
  signal?: AbortSignal;
  /** Read and score only: the summary says what would change. */
  dryRun?: boolean;
}

export interface DueSweepSummary extends RescoreTally {
  /** Due contacts found (each counted once, however often search showed it). */
  due: number;
  /** True when the signal stopped the sweep before every due contact was done. */
  stopped: boolean;
}

export async function runDueSweep(options: DueSweepOptions): Promise<DueSweepSummary> {
  const { port, compiled, now, signal } = options;
  const summary: DueSweepSummary = { ...emptyTally(), due: 0, stopped: false };
  const pages = dueContactPages(port, now, summary.requests);
  for await (const page of pages) {
    summary.due += page.ids.length;
    addTally(
      summary,
      await rescoreBatch(port, compiled, page.ids, now, { dryRun: options.dryRun ?? false }),
    );
    options.onProgress?.(summary);
    if (signal?.aborted) {
      summary.stopped = true;
      break;
    }
  }
  return summary;
}

/** One line for logs: "rescored 312 due contacts: 290 written, cold → warm: 12". */
export function describeSweep(summary: Readonly<DueSweepSummary>): string {
  const r = summary.requests;
  return (
    `${summary.stopped ? 'stopped after' : 'rescored'} ${summary.due} due contact(s): ` +
    `${summary.read} read, ${summary.changed} changed, ${summary.written} written` +
    (summary.missing > 0 ? `, ${summary.missing} gone` : '') +
    (summary.stillDue > 0 ? `, ${summary.stillDue} still due` : '') +
    ` (${r.searches} searches, ${r.reads} reads, ${r.writes} writes)`
  );
}
