import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpotAdapter, createHubSpotClient } from '../../src/hubspot/index.ts';
import { scoreOutputValues } from '../../src/hubspot/score-properties.ts';
import { readProperties, rescoreContacts } from '../../src/pipeline/rescore-contacts.ts';
import { scoreContact } from '../../src/scoring/index.ts';
import { aContact, defaultModel, NOW } from '../helpers/scoring-fixtures.ts';

const API = 'https://api.hubapi.com';

function adapter() {
  return createHubSpotAdapter({
    client: createHubSpotClient({ accessToken: 'pat-na1-00000000-test', basePath: API }),
    maxRetries: 2,
    random: () => 0,
  });
}

function batchAnswer(results: { id: string; properties: Record<string, string | null> }[]) {
  const at = new Date(NOW).toISOString();
  return {
    status: 'COMPLETE',
    results: results.map((r) => ({ ...r, createdAt: at, updatedAt: at, archived: false })),
    startedAt: at,
    completedAt: at,
  };
}

describe('rescoring through the HubSpot adapter (nock)', () => {
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });
  afterEach(() => nock.cleanAll());
  afterAll(() => nock.enableNetConnect());

  const held = Object.fromEntries(
    readProperties(defaultModel).map((p) => [p, (aContact() as Record<string, string>)[p] ?? null]),
  );
  const outputs = scoreOutputValues(scoreContact(defaultModel, held, NOW));

  it('sends one batch read and one batch update with exactly these bodies', async () => {
    const scope = nock(API)
      .post('/crm/objects/2026-03/contacts/batch/read', {
        inputs: [{ id: '101' }, { id: '102' }],
        properties: readProperties(defaultModel),
        propertiesWithHistory: [...defaultModel.historyProperties],
      })
      .reply(
        200,
        batchAnswer([
          { id: '101', properties: held },
          { id: '102', properties: { ...held, ...outputs } },
        ]),
      )
      .post('/crm/objects/2026-03/contacts/batch/update', {
        inputs: [
          {
            id: '101',
            properties: { ...outputs, recruitment_scored_at: new Date(NOW).toISOString() },
          },
        ],
      })
      .reply(200, batchAnswer([{ id: '101', properties: {} }]));

    const outcome = await rescoreContacts(adapter(), defaultModel, ['101', '102'], NOW);
    scope.done();
    expect(outcome.rescored.map((r) => [r.contactId, r.written])).toEqual([
      ['101', true],
      ['102', false],
    ]);
  });

  it('asks again after a 429 with Retry-After and sends the same read', async () => {
    const body = {
      inputs: [{ id: '101' }],
      properties: readProperties(defaultModel),
      propertiesWithHistory: [...defaultModel.historyProperties],
    };
    const scope = nock(API)
      .post('/crm/objects/2026-03/contacts/batch/read', body)
      .reply(
        429,
        {
          status: 'error',
          message: 'You have reached your ten_secondly_rolling limit.',
          category: 'RATE_LIMITS',
          policyName: 'TEN_SECONDLY_ROLLING',
        },
        { 'Retry-After': '0' },
      )
      .post('/crm/objects/2026-03/contacts/batch/read', body)
      .reply(200, batchAnswer([{ id: '101', properties: { ...held, ...outputs } }]));

    const outcome = await rescoreContacts(adapter(), defaultModel, ['101'], NOW);
    scope.done();
    expect(outcome).toMatchObject({ reads: 1, writes: 0 });
  });
});
