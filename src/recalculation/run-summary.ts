import { HUBSPOT_BATCH_SIZE } from '../pipeline/rescore-contacts.ts';
import { SEARCH_PAGE_SIZE } from './due-contacts.ts';
import type { RescoreTally } from './rescore-batch.ts';
import { describeTierMoves } from './tier-moves.ts';

/**
 * The least HubSpot calls for a run: a search per 200 found, a read per 100 (per 50 when the
 * model reads property history, HubSpot's limit then), a write per 100 changed.
 */
export function leastRequests(
  found: number,
  changedAndWritten: number,
  contactsPerRead: number = HUBSPOT_BATCH_SIZE,
) {
  return {
    searches: Math.max(1, Math.ceil(found / SEARCH_PAGE_SIZE)),
    reads: Math.ceil(found / contactsPerRead),
    writes: Math.ceil(changedAndWritten / HUBSPOT_BATCH_SIZE),
  };
}

/**
 * The end-of-run report, one fact a line: what was read, what changed, what was written, the
 * tier moves ("cold → warm: 312"), and the HubSpot calls spent against the least possible.
 */
export function summaryLines(
  tally: Readonly<RescoreTally>,
  options: {
    dryRun: boolean;
    tierOrder: readonly string[];
    found?: number;
    /** `contactsPerRead(compiled)`: 50 for a model that reads property history. */
    contactsPerRead?: number;
  },
): string[] {
  const n = (value: number) => value.toLocaleString('en').padStart(9);
  const found = options.found ?? tally.read + tally.missing;
  const lines = [
    `  contacts read     ${n(tally.read)}`,
    ...(tally.missing > 0 ? [`  gone from HubSpot ${n(tally.missing)}`] : []),
    `  ${options.dryRun ? 'would change' : 'changed     '}      ${n(tally.changed)}`,
    `  written           ${n(tally.written)}${options.dryRun ? '  (dry run: nothing written)' : ''}`,
    ...(tally.stillDue > 0 ? [`  still due         ${n(tally.stillDue)}`] : []),
  ];
  const moves = describeTierMoves(tally.tierMoves, options.tierOrder);
  lines.push(
    moves.length === 0
      ? `  tier moves: none`
      : `  tier moves${options.dryRun ? ' (if written)' : ''}:`,
  );
  for (const move of moves) lines.push(`    ${move}`);
  const least = leastRequests(found, tally.written, options.contactsPerRead);
  const r = tally.requests;
  lines.push(
    `  HubSpot calls: ${r.searches} searches, ${r.reads} batch reads, ${r.writes} batch updates ` +
      `(least possible: ${least.searches} + ${least.reads} + ${least.writes})`,
  );
  return lines;
}
