import { describe, expect, it } from 'vitest';
import { SCORE_PROPERTY_NAMES, scoreOutputValues } from '../../src/hubspot/score-properties.ts';
import { parseModel } from '../../src/model/index.ts';
import {
  contactsPerRead,
  HUBSPOT_HISTORY_BATCH_SIZE,
  readProperties,
  rescoreContacts,
} from '../../src/pipeline/rescore-contacts.ts';
import { compileModel, scoreContact } from '../../src/scoring/index.ts';
import {
  aContact,
  daysAgo,
  defaultModel,
  defaultModelText,
  NOW,
} from '../helpers/scoring-fixtures.ts';
import { fakeHubSpot } from './fake-hubspot.ts';

/** The shipped model without its history touchpoints: reads of 100 are allowed again. */
const noHistoryModel = (() => {
  const model = parseModel(defaultModelText, 'default');
  const touchpoints = model.engagement.touchpoints.filter((t) => t.history === undefined);
  return compileModel({ ...model, engagement: { ...model.engagement, touchpoints } });
})();

function candidates(count: number, overrides: Record<string, string> = {}) {
  return Object.fromEntries(
    Array.from({ length: count }, (_, i) => [
      String(1000 + i),
      { ...aContact(), hs_object_id: String(1000 + i), ...overrides } as Record<
        string,
        string | null
      >,
    ]),
  );
}

describe('rescoring contacts', () => {
  it('reads only the properties the model needs plus the outputs', () => {
    expect(readProperties(defaultModel)).toEqual([
      ...defaultModel.properties,
      ...SCORE_PROPERTY_NAMES,
    ]);
  });

  it('writes a new score with every output and the time it changed', async () => {
    const hubspot = fakeHubSpot(candidates(1));
    const outcome = await rescoreContacts(hubspot.port, defaultModel, ['1000'], NOW);

    const expected = scoreContact(defaultModel, hubspot.contacts.get('1000')!, NOW);
    expect(hubspot.calls).toEqual([
      {
        kind: 'read',
        ids: ['1000'],
        properties: readProperties(defaultModel),
        withHistory: defaultModel.historyProperties,
      },
      {
        kind: 'update',
        updates: [
          {
            id: '1000',
            properties: {
              ...scoreOutputValues(expected),
              recruitment_scored_at: new Date(NOW).toISOString(),
            },
          },
        ],
      },
    ]);
    expect(outcome).toMatchObject({ reads: 1, writes: 1, missing: [] });
    expect(outcome.rescored[0]).toMatchObject({ contactId: '1000', written: true });
  });

  it('costs two reads of 50 (the model reads history) and one write for 100 contacts', async () => {
    const hubspot = fakeHubSpot(candidates(100));
    const ids = [...hubspot.contacts.keys()];
    const outcome = await rescoreContacts(hubspot.port, defaultModel, ids, NOW);
    // One port read of 100 with history: the adapter sends it as two batch reads of 50.
    expect(hubspot.calls.map((c) => c.kind)).toEqual(['read', 'update']);
    expect(hubspot.callsOf('read')[0]!.withHistory).toEqual(defaultModel.historyProperties);
    expect(contactsPerRead(defaultModel)).toBe(HUBSPOT_HISTORY_BATCH_SIZE);
    expect(hubspot.callsOf('update')[0]!.updates).toHaveLength(100);
    expect(outcome).toMatchObject({ reads: 2, writes: 1 });
  });

  it('costs one read and one write for 100 contacts when the model reads no history', async () => {
    const hubspot = fakeHubSpot(candidates(100));
    const ids = [...hubspot.contacts.keys()];
    const outcome = await rescoreContacts(hubspot.port, noHistoryModel, ids, NOW);
    expect(hubspot.callsOf('read').map((c) => c.withHistory)).toEqual([[]]);
    expect(hubspot.callsOf('update')[0]!.updates).toHaveLength(100);
    expect(outcome).toMatchObject({ reads: 1, writes: 1 });
  });

  it('writes per 100, reads per 50: 250 contacts cost five reads and three writes', async () => {
    const hubspot = fakeHubSpot(candidates(250));
    const ids = [...hubspot.contacts.keys()];
    const outcome = await rescoreContacts(hubspot.port, defaultModel, ids, NOW);
    expect(hubspot.callsOf('read').map((c) => c.ids.length)).toEqual([100, 100, 50]);
    expect(hubspot.callsOf('update').map((c) => c.updates.length)).toEqual([100, 100, 50]);
    expect(outcome).toMatchObject({ reads: 5, writes: 3 });
  });

  it('writes nothing when HubSpot already holds the same outputs', async () => {
    const hubspot = fakeHubSpot(candidates(3));
    const ids = [...hubspot.contacts.keys()];
    await rescoreContacts(hubspot.port, defaultModel, ids, NOW);
    hubspot.calls.length = 0;

    const again = await rescoreContacts(hubspot.port, defaultModel, ids, NOW + 60_000);
    expect(hubspot.calls.map((c) => c.kind)).toEqual(['read']);
    expect(again.writes).toBe(0);
    expect(again.rescored.every((r) => !r.written)).toBe(true);
    // The time of scoring alone is no reason to write.
    expect(hubspot.contacts.get('1000')!.recruitment_scored_at).toBe(new Date(NOW).toISOString());
  });

  it("compares values as HubSpot spells them back (65 as '65.0', a date in epoch milliseconds)", async () => {
    const contact = aContact({ hs_email_last_open_date: daysAgo(3), hs_email_open: '4' }) as Record<
      string,
      string | null
    >;
    const score = scoreContact(defaultModel, contact, NOW);
    const outputs = scoreOutputValues(score);
    expect(outputs.recruitment_next_review_at).not.toBe('');
    const respelled = {
      ...outputs,
      recruitment_score: `${outputs.recruitment_score}${outputs.recruitment_score.includes('.') ? '0' : '.0'}`,
      recruitment_fit_score: `${outputs.recruitment_fit_score}${outputs.recruitment_fit_score.includes('.') ? '0' : '.0'}`,
      recruitment_next_review_at: String(Date.parse(outputs.recruitment_next_review_at)),
    };
    const hubspot = fakeHubSpot({ '7': { ...contact, ...respelled } });
    const outcome = await rescoreContacts(hubspot.port, defaultModel, ['7'], NOW);
    expect(outcome.writes).toBe(0);
  });

  it('writes only the contacts whose outputs changed', async () => {
    const hubspot = fakeHubSpot(candidates(3));
    await rescoreContacts(hubspot.port, defaultModel, ['1000', '1001', '1002'], NOW);
    hubspot.contacts.get('1001')!.jobtitle = 'Accountant';
    hubspot.calls.length = 0;

    await rescoreContacts(hubspot.port, defaultModel, ['1000', '1001', '1002'], NOW);
    expect(hubspot.callsOf('update').map((c) => c.updates.map((u) => u.id))).toEqual([['1001']]);
  });

  it('reports contacts HubSpot no longer knows and scores the rest', async () => {
    const hubspot = fakeHubSpot(candidates(1));
    const outcome = await rescoreContacts(hubspot.port, defaultModel, ['1000', '404', '1000'], NOW);
    expect(hubspot.callsOf('read')[0]!.ids).toEqual(['1000', '404']);
    expect(outcome.missing).toEqual(['404']);
    expect(outcome.rescored.map((r) => r.contactId)).toEqual(['1000']);
  });
});
