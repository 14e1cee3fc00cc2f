import type { HubSpotContact, HubSpotPort } from '../hubspot/hubspot-port.ts';
import { readProperties, scoreHubSpotContact } from '../pipeline/rescore-contacts.ts';
import { SEARCH_PAGE_SIZE } from '../recalculation/due-contacts.ts';
import type { CompiledModel } from '../scoring/index.ts';
import type { PreviewResult } from './job-types.ts';
import { previewFigures, type ScoredPair } from './preview-figures.ts';

/**
 * The preview's HubSpot side: the account's most recently modified contacts (the candidates
 * in play, not the oldest records), read once with what both models need, scored with the
 * model in use and with the draft as of the same moment. Nothing is written. Every call goes
 * through the account's port, so the sample costs its own rate budget: 1,000 contacts are 5
 * searches and 10 batch reads (20 when a model reads property history).
 */

export const DEFAULT_SAMPLE_SIZE = 1_000;
const NAME_PROPERTIES = ['firstname', 'lastname', 'email'];
const MOST_WARNINGS = 5;

export interface PreviewSampleOptions {
  port: HubSpotPort;
  draft: CompiledModel;
  /** The model scoring the account now; undefined when there is none to compare with. */
  current: CompiledModel | undefined;
  sampleSize?: number | undefined;
  nowMs: number;
  /** Stops before the next HubSpot call. */
  signal?: AbortSignal | undefined;
  onProgress?: (done: number, total: number) => void | Promise<void>;
}

export async function previewSample(options: PreviewSampleOptions): Promise<PreviewResult> {
  const { port, draft, current, nowMs, signal } = options;
  const wanted = options.sampleSize ?? DEFAULT_SAMPLE_SIZE;
  const models = current ? [draft, current] : [draft];
  const properties = [
    ...new Set([...models.flatMap((m) => readProperties(m)), ...NAME_PROPERTIES]),
  ];
  const history = [...new Set(models.flatMap((m) => m.historyProperties))];

  const pairs: ScoredPair[] = [];
  const warnings = new Map<string, number>();
  let after: string | undefined;
  let total = wanted;
  while (pairs.length < total) {
    signal?.throwIfAborted();
    const page = await port.searchContacts({
      filterGroups: [],
      sorts: [{ propertyName: 'lastmodifieddate', direction: 'DESCENDING' }],
      properties: ['hs_object_id'],
      limit: Math.min(SEARCH_PAGE_SIZE, total - pairs.length),
      ...(after ? { after } : {}),
    });
    total = Math.min(wanted, page.total);
    const ids = page.results.map((c) => c.id);
    if (ids.length === 0) break;
    signal?.throwIfAborted();
    const contacts = await port.readContacts(
      ids,
      properties,
      history.length > 0 ? { withHistory: history } : undefined,
    );
    for (const contact of contacts) {
      const pair = scorePair(contact, draft, current, nowMs, warnings);
      pairs.push(pair);
    }
    await options.onProgress?.(Math.min(pairs.length, total), total);
    after = page.after;
    if (after === undefined) break;
  }

  return {
    sampled: pairs.length,
    ...previewFigures(pairs, draft.tierNames),
    warnings: [...warnings.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, MOST_WARNINGS)
      .map(([text, count]) => `${count.toLocaleString('en')} × ${text}`),
  };
}

function scorePair(
  contact: HubSpotContact,
  draft: CompiledModel,
  current: CompiledModel | undefined,
  nowMs: number,
  warnings: Map<string, number>,
): ScoredPair {
  const after = scoreHubSpotContact(draft, contact, nowMs);
  for (const warning of new Set(after.warnings)) {
    warnings.set(warning, (warnings.get(warning) ?? 0) + 1);
  }
  const before = current ? scoreHubSpotContact(current, contact, nowMs) : undefined;
  return {
    contactId: contact.id,
    name: nameOf(contact.properties),
    after: { score: after.score, tier: after.tier },
    ...(before ? { before: { score: before.score, tier: before.tier } } : {}),
  };
}

function nameOf(properties: Record<string, string | null>): string | undefined {
  const name = [properties.firstname, properties.lastname]
    .filter((part) => part && part.trim())
    .join(' ')
    .trim();
  return name || properties.email?.trim() || undefined;
}
