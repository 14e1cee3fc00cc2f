import nock from 'nock';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { handleGetContactScore, handleRescoreContact } from '../../src/card-api/card-handlers.ts';
import { scoreResponseSchema } from '../../src/card-api/score-response.ts';
import {
  createHubSpotAdapter,
  createHubSpotClient,
  SCORE_PROPERTIES,
  type HubSpotPort,
} from '../../src/hubspot/index.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import {
  aCandidate,
  cardDeps,
  compiled,
  ManualTimer,
  NOW,
  PORTAL_ID,
  signedRequest,
} from './card-helpers.ts';

// The handlers over the real adapter and the local HubSpot stand-in, over real HTTP.
const TOKEN = 'pat-eu1-card-sandbox-token';
let sandbox: Sandbox;
let hubspot: HubSpotPort;

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  sandbox = await startSandbox({ port: 0, now: NOW, rateLimit: false, accessToken: TOKEN });
  hubspot = createHubSpotAdapter({
    client: createHubSpotClient({ accessToken: TOKEN, basePath: sandbox.baseUrl }),
    maxRetries: 0,
  });
  await hubspot.ensureScoreProperties(compiled.tierNames);
});
afterAll(async () => {
  await sandbox.close();
  nock.enableNetConnect();
});
beforeEach(() => sandbox.account.reset());

function aContactInTheSandbox(): string {
  const properties = Object.fromEntries(
    Object.entries(aCandidate()).filter((entry): entry is [string, string] => entry[1] !== null),
  );
  return sandbox.account.createContact(properties);
}

const get = (id: string) =>
  handleGetContactScore(
    signedRequest({ method: 'GET', path: `/api/contacts/${id}/score` }),
    cardDeps({ [PORTAL_ID]: hubspot }),
  );
const rescore = (id: string) =>
  handleRescoreContact(
    signedRequest({ method: 'POST', path: `/api/contacts/${id}/rescore` }),
    cardDeps({ [PORTAL_ID]: hubspot }),
  );

describe('the card API against the HubSpot sandbox', () => {
  it('scores live without writing, then writes once on rescore, and the trend shows it', async () => {
    const id = aContactInTheSandbox();

    const before = scoreResponseSchema.parse((await get(id)).body);
    expect(before).toMatchObject({ score: 74, stored: { score: null }, history: [] });
    expect(sandbox.account.contacts.get(id)![SCORE_PROPERTIES.score]).toBeUndefined();

    const rescored = scoreResponseSchema.parse((await rescore(id)).body);
    expect(rescored.rescore).toEqual({ written: true });
    expect(sandbox.account.contacts.get(id)).toMatchObject({
      [SCORE_PROPERTIES.score]: '74',
      [SCORE_PROPERTIES.tier]: 'hot',
    });

    const again = scoreResponseSchema.parse((await rescore(id)).body);
    expect(again.rescore).toEqual({ written: false });

    const after = scoreResponseSchema.parse((await get(id)).body);
    expect(after.stored.score).toBe(74);
    expect(after.history).toEqual([{ timestamp: new Date(NOW).toISOString(), score: 74 }]);
  });

  it('answers 503 at its deadline while the adapter waits out a 429 with Retry-After: 10', async () => {
    // The adapter's own clock: its sleep for Retry-After never ends, as a 10 s wait would not
    // within the card's deadline. Before the card had a deadline this request took 40 s.
    const slept: number[] = [];
    const patient = createHubSpotAdapter({
      client: createHubSpotClient({ accessToken: TOKEN, basePath: sandbox.baseUrl }),
      maxRetries: 3,
      clock: { now: () => NOW, sleep: (ms) => (slept.push(ms), new Promise(() => {})) },
    });
    const id = aContactInTheSandbox();
    sandbox.account.fail({ path: /batch\/read$/, status: 429, retryAfterSeconds: 10, times: 1 });

    const timer = new ManualTimer();
    const answering = handleGetContactScore(
      signedRequest({ method: 'GET', path: `/api/contacts/${id}/score` }),
      cardDeps({ [PORTAL_ID]: patient }, [], { timer }),
    );
    // The deadline passes while the adapter waits, whatever the machine's load.
    await vi.waitFor(() => expect(slept).toHaveLength(1));
    await timer.expire();
    const answer = await answering;
    expect(answer).toMatchObject({
      status: 503,
      headers: { 'Retry-After': '10' },
      body: { reason: 'hubspot-slow', retryAfterSeconds: 10 },
    });
    expect(slept).toEqual([10_000]);
    expect(sandbox.account.requests.map((r) => r.status)).toEqual([429]);
  });

  it('answers 404 for a contact deleted in HubSpot', async () => {
    const id = aContactInTheSandbox();
    sandbox.account.deleteContact(id);
    const answer = await get(id);
    expect(answer.status).toBe(404);
  });
});
