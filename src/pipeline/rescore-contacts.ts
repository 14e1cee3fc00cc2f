import { PartialBatchError } from '../hubspot/hubspot-error.ts';
import type { ContactUpdate, HubSpotContact, HubSpotPort } from '../hubspot/hubspot-port.ts';
import { outputPropertyNamesOf, scoreOutputValues } from '../hubspot/score-properties.ts';
import { scoreContact, type CompiledModel, type ContactScore } from '../scoring/index.ts';
import { outputsUnchanged, withScoredAt } from './score-outputs.ts';

/** HubSpot's batch endpoints take at most 100 contacts a request. */
export const HUBSPOT_BATCH_SIZE = 100;
/** ... and 50 when the read asks for property history. */
export const HUBSPOT_HISTORY_BATCH_SIZE = 50;

/** Contacts one batch read of this model takes: 50 when its touchpoints read history. */
export function contactsPerRead(compiled: CompiledModel): number {
  return compiled.historyProperties.length > 0 ? HUBSPOT_HISTORY_BATCH_SIZE : HUBSPOT_BATCH_SIZE;
}

/** What a batch read of this model asks for: its properties, our outputs, its history. */
export function readContactsFor(
  port: HubSpotPort,
  compiled: CompiledModel,
  ids: readonly string[],
): Promise<HubSpotContact[]> {
  const history = compiled.historyProperties;
  return port.readContacts(
    ids,
    readProperties(compiled),
    history.length > 0 ? { withHistory: history } : undefined,
  );
}

/** The contact's score from what HubSpot sent, history included. */
export function scoreHubSpotContact(
  compiled: CompiledModel,
  contact: HubSpotContact,
  nowMs: number,
): ContactScore {
  return scoreContact(compiled, contact.properties, nowMs, contact.propertiesWithHistory);
}

export interface RescoredContact {
  contactId: string;
  score: ContactScore;
  /** False when HubSpot already held these outputs: nothing was written. */
  written: boolean;
}

export interface RescoreOutcome {
  rescored: RescoredContact[];
  /** Ids HubSpot does not know (deleted or merged away): nothing to score. */
  missing: string[];
  reads: number;
  writes: number;
  /** Ids HubSpot could not read this time (a 207 with errors for them): retry only these. */
  unread: string[];
  /** Why `unread` is not empty. */
  unreadError?: PartialBatchError | undefined;
}

export interface RescoreOptions {
  /**
   * A batch read that failed for some ids: 'report' scores and writes the others and lists
   * the failed ids in `unread` (the worker retries only those); 'throw' (the default, for
   * callers that cannot retry part of their work) writes the others, then throws.
   */
  partialReads?: 'report' | 'throw';
}

/**
 * Scores contacts from HubSpot's current data and writes only the ones whose outputs change:
 * one batch read per 100 contacts (the model's properties and the current outputs; 50 when the
 * model reads property history), one batch update per 100 changed. Reading current data makes
 * duplicates and order harmless.
 */
export async function rescoreContacts(
  port: HubSpotPort,
  compiled: CompiledModel,
  contactIds: readonly string[],
  nowMs: number,
  options: RescoreOptions = {},
): Promise<RescoreOutcome> {
  const outcome: RescoreOutcome = { rescored: [], missing: [], reads: 0, writes: 0, unread: [] };
  const unique = [...new Set(contactIds)];
  const perRead = contactsPerRead(compiled);
  // A write takes 100: reads of 50 (history) are written two at a time.
  const perRound = Math.max(perRead, HUBSPOT_BATCH_SIZE);
  for (let start = 0; start < unique.length; start += perRound) {
    const ids = unique.slice(start, start + perRound);
    const contacts = await readWhatCanBeRead(port, compiled, ids, outcome);
    outcome.reads += Math.ceil(ids.length / perRead);
    const found = new Set<string>(outcome.unread);
    const updates: ContactUpdate[] = [];
    const batch: RescoredContact[] = [];
    for (const contact of contacts) {
      found.add(contact.id);
      const score = scoreHubSpotContact(compiled, contact, nowMs);
      const outputs = scoreOutputValues(score);
      const written = !outputsUnchanged(contact.properties, outputs, nowMs);
      if (written) updates.push({ id: contact.id, properties: withScoredAt(outputs, nowMs) });
      batch.push({ contactId: contact.id, score, written });
    }
    if (updates.length > 0) {
      await port.updateContacts(updates);
      outcome.writes++;
    }
    outcome.rescored.push(...batch);
    outcome.missing.push(...ids.filter((id) => !found.has(id)));
  }
  if (outcome.unreadError && options.partialReads !== 'report') throw outcome.unreadError;
  return outcome;
}

/** The batch read; on a partial answer, the contacts that were read (the rest go in `unread`). */
async function readWhatCanBeRead(
  port: HubSpotPort,
  compiled: CompiledModel,
  ids: string[],
  outcome: RescoreOutcome,
): Promise<HubSpotContact[]> {
  try {
    return await readContactsFor(port, compiled, ids);
  } catch (error) {
    if (!(error instanceof PartialBatchError)) throw error;
    outcome.unread.push(...error.failedIds);
    outcome.unreadError ??= error;
    return error.contacts;
  }
}

/** The model's properties plus our outputs, which tell whether a write is needed. */
export function readProperties(compiled: CompiledModel): string[] {
  return [...new Set([...compiled.properties, ...outputPropertyNamesOf(compiled)])];
}
