import type { ContactUpdate, HubSpotContact, HubSpotPort } from '../hubspot/hubspot-port.ts';
import { SCORE_PROPERTIES, scoreOutputValues } from '../hubspot/score-properties.ts';
import {
  contactsPerRead,
  HUBSPOT_BATCH_SIZE,
  readContactsFor,
  scoreHubSpotContact,
} from '../pipeline/rescore-contacts.ts';
import { outputsUnchanged, withScoredAt } from '../pipeline/score-outputs.ts';
import type { CompiledModel } from '../scoring/index.ts';
import { addTierMove, mergeTierMoves, UNSCORED, type TierMoves } from './tier-moves.ts';

/**
 * Rescoring for the sweep and the full recalculation: the pipeline's write rule (only changed
 * outputs are written, with `recruitment_scored_at`), plus what those runs report and the
 * pipeline does not need: the tier each contact left, and a dry run that writes nothing.
 */

export interface RescoreTally {
  /** Contacts HubSpot returned. */
  read: number;
  /** Ids HubSpot no longer knows (deleted or merged away since they were found). */
  missing: number;
  /** Contacts whose outputs differ from what HubSpot holds: written, or would be in a dry run. */
  changed: number;
  written: number;
  /** Contacts still due after rescoring (their review time is not ahead): seen, not looped on. */
  stillDue: number;
  tierMoves: TierMoves;
  /** HubSpot requests, by kind; searches are counted by whoever searches. */
  requests: { searches: number; reads: number; writes: number };
}

export function emptyTally(): RescoreTally {
  return {
    read: 0,
    missing: 0,
    changed: 0,
    written: 0,
    stillDue: 0,
    tierMoves: {},
    requests: { searches: 0, reads: 0, writes: 0 },
  };
}

export function addTally(into: RescoreTally, more: Readonly<RescoreTally>): void {
  into.read += more.read;
  into.missing += more.missing;
  into.changed += more.changed;
  into.written += more.written;
  into.stillDue += more.stillDue;
  mergeTierMoves(into.tierMoves, more.tierMoves);
  into.requests.searches += more.requests.searches;
  into.requests.reads += more.requests.reads;
  into.requests.writes += more.requests.writes;
}

const requestsFor = (count: number) => Math.ceil(count / HUBSPOT_BATCH_SIZE);

/**
 * Reads the contacts (one batch read per 100, per 50 when the model reads property history; the adapter sends a page's batches side by side),
 * scores them as of `nowMs` and writes the changed outputs (one batch update per 100).
 */
export async function rescoreBatch(
  port: HubSpotPort,
  compiled: CompiledModel,
  contactIds: readonly string[],
  nowMs: number,
  options: { dryRun?: boolean } = {},
): Promise<RescoreTally> {
  const { tally, updates } = await readAndScore(port, compiled, contactIds, nowMs);
  if (!options.dryRun) await writeUpdates(port, updates, tally);
  return tally;
}

/** The first half of rescoring: what would be written, and the tally so far. */
export async function readAndScore(
  port: HubSpotPort,
  compiled: CompiledModel,
  contactIds: readonly string[],
  nowMs: number,
): Promise<{ tally: RescoreTally; updates: ContactUpdate[] }> {
  const tally = emptyTally();
  const ids = [...new Set(contactIds)];
  if (ids.length === 0) return { tally, updates: [] };
  const contacts = await readContactsFor(port, compiled, ids);
  tally.requests.reads += Math.ceil(ids.length / contactsPerRead(compiled));
  tally.read = contacts.length;
  tally.missing = ids.length - new Set(contacts.map((contact) => contact.id)).size;
  const updates = scoreAll(compiled, contacts, nowMs, tally);
  tally.changed = updates.length;
  return { tally, updates };
}

/** The second half: one batch update per 100 changed contacts, counted in `tally`. */
export async function writeUpdates(
  port: HubSpotPort,
  updates: readonly ContactUpdate[],
  tally: RescoreTally,
): Promise<void> {
  if (updates.length === 0) return;
  await port.updateContacts(updates);
  tally.requests.writes += requestsFor(updates.length);
  tally.written += updates.length;
}

function scoreAll(
  compiled: CompiledModel,
  contacts: readonly HubSpotContact[],
  nowMs: number,
  tally: RescoreTally,
): ContactUpdate[] {
  const updates: ContactUpdate[] = [];
  for (const contact of contacts) {
    const score = scoreHubSpotContact(compiled, contact, nowMs);
    const outputs = scoreOutputValues(score);
    const heldTier = contact.properties[SCORE_PROPERTIES.tier]?.trim() || UNSCORED;
    addTierMove(tally.tierMoves, heldTier, score.tier);
    const unchanged = outputsUnchanged(contact.properties, outputs, nowMs);
    if (!unchanged) {
      updates.push({ id: contact.id, properties: withScoredAt(outputs, nowMs) });
    }
    // The engine puts reviews in the future; one that is not would keep the contact due.
    const reviewAt = unchanged
      ? Date.parse(contact.properties[SCORE_PROPERTIES.nextReviewAt] ?? '')
      : (score.nextReviewAt ?? Infinity);
    if (reviewAt <= nowMs) tally.stillDue++;
  }
  return updates;
}
