import { describe, expect, it } from 'vitest';
import {
  handleCardRequest,
  handleGetContactScore,
  handleRescoreContact,
} from '../../src/card-api/card-handlers.ts';
import { scoreResponseSchema, type ScoreResponse } from '../../src/card-api/score-response.ts';
import { HubSpotError } from '../../src/hubspot/hubspot-error.ts';
import { SCORE_PROPERTIES, SCORE_PROPERTY_NAMES } from '../../src/hubspot/score-properties.ts';
import {
  aCandidate,
  cardDeps,
  compiled,
  CONTACT_ID,
  daysAgo,
  FakeHubSpot,
  NOW,
  PORTAL_ID,
  signedRequest,
  type LoggedLine,
} from './card-helpers.ts';

const SCORE_PATH = `/api/contacts/${CONTACT_ID}/score`;
const RESCORE_PATH = `/api/contacts/${CONTACT_ID}/rescore`;

function anAccount() {
  return new FakeHubSpot().withContact(CONTACT_ID, aCandidate(), [
    { value: '52', timestamp: daysAgo(10) },
    { value: '40', timestamp: daysAgo(40) },
    { value: '', timestamp: daysAgo(20) },
  ]);
}

describe('GET /api/contacts/:contactId/score', () => {
  it('answers a signed request with the breakdown computed live and the score history', async () => {
    const hubspot = anAccount();
    const answer = await handleGetContactScore(
      signedRequest({ method: 'GET', path: SCORE_PATH }),
      cardDeps({ [PORTAL_ID]: hubspot }),
    );

    expect(answer.status).toBe(200);
    const body = scoreResponseSchema.parse(answer.body);
    expect(body).toMatchObject({
      contactId: CONTACT_ID,
      portalId: PORTAL_ID,
      score: 74,
      fit: 40,
      engagement: 34,
      tier: 'hot',
      scoredAt: new Date(NOW).toISOString(),
      stored: { score: null, scoredAt: null },
    });
    const points = body.breakdown.reduce((sum, e) => sum + e.points * 100, 0) / 100;
    expect(points).toBe(body.score);
    expect(body.breakdown.find((e) => e.id === 'latest-content')).toMatchObject({
      points: 12.5,
      basePoints: 25,
      matched: 'Salary guide',
      explanation:
        'Latest content download, Salary guide: 25 points, halves every 30 days, last 30 days ago: 12.5',
    });
    // Oldest first, the cleared value left out.
    expect(body.history).toEqual([
      { timestamp: daysAgo(40), score: 40 },
      { timestamp: daysAgo(10), score: 52 },
    ]);
    expect(body.model.touchpointDecay['latest-content']).toEqual({ halfLifeDays: 30 });
  });

  it('reads the model properties and the current outputs of that one contact, and writes nothing', async () => {
    const hubspot = anAccount();
    await handleGetContactScore(
      signedRequest({ method: 'GET', path: SCORE_PATH }),
      cardDeps({ [PORTAL_ID]: hubspot }),
    );

    expect(hubspot.reads).toHaveLength(1);
    expect(hubspot.reads[0]!.ids).toEqual([CONTACT_ID]);
    expect(new Set(hubspot.reads[0]!.properties)).toEqual(
      new Set([...compiled.properties, ...SCORE_PROPERTY_NAMES]),
    );
    expect(hubspot.updates).toEqual([]);
  });

  it('tells what HubSpot holds now, so the card knows a contact was scored before', async () => {
    const hubspot = new FakeHubSpot().withContact(
      CONTACT_ID,
      aCandidate({
        [SCORE_PROPERTIES.score]: '61.50',
        [SCORE_PROPERTIES.scoredAt]: String(NOW - 86_400_000),
      }),
    );
    const answer = await handleGetContactScore(
      signedRequest({ method: 'GET', path: SCORE_PATH }),
      cardDeps({ [PORTAL_ID]: hubspot }),
    );
    expect((answer.body as ScoreResponse).stored).toEqual({
      score: 61.5,
      scoredAt: daysAgo(1),
    });
  });

  it('refuses an unsigned request with 401 and never asks HubSpot', async () => {
    const hubspot = anAccount();
    const log: LoggedLine[] = [];
    const request = signedRequest({ method: 'GET', path: SCORE_PATH });
    const answer = await handleGetContactScore(
      { ...request, headers: {} },
      cardDeps({ [PORTAL_ID]: hubspot }, log),
    );

    expect(answer).toEqual({
      status: 401,
      body: { message: 'This request was not signed by HubSpot.' },
    });
    expect(hubspot.reads).toEqual([]);
    expect(log).toEqual([
      expect.objectContaining({
        level: 'warn',
        details: expect.objectContaining({ path: SCORE_PATH }),
      }),
    ]);
  });

  it('refuses a request signed with another secret', async () => {
    const answer = await handleGetContactScore(
      signedRequest({ method: 'GET', path: SCORE_PATH, secret: 'someone-elses-secret' }),
      cardDeps({ [PORTAL_ID]: anAccount() }),
    );
    expect(answer.status).toBe(401);
  });

  it('refuses a request signed more than five minutes ago', async () => {
    const answer = await handleGetContactScore(
      signedRequest({ method: 'GET', path: SCORE_PATH, signedAt: NOW - 5 * 60_000 - 1 }),
      cardDeps({ [PORTAL_ID]: anAccount() }),
    );
    expect(answer.status).toBe(401);
  });

  it('accepts a request signed four minutes ago', async () => {
    const answer = await handleGetContactScore(
      signedRequest({ method: 'GET', path: SCORE_PATH, signedAt: NOW - 4 * 60_000 }),
      cardDeps({ [PORTAL_ID]: anAccount() }),
    );
    expect(answer.status).toBe(200);
  });

  it('refuses a signed request whose portalId was changed afterwards', async () => {
    const victim = anAccount();
    const request = signedRequest({ method: 'GET', path: SCORE_PATH });
    const answer = await handleGetContactScore(
      { ...request, url: request.url.replace(`portalId=${PORTAL_ID}`, 'portalId=999') },
      cardDeps({ [PORTAL_ID]: anAccount(), '999': victim }),
    );
    expect(answer.status).toBe(401);
    expect(victim.reads).toEqual([]);
  });

  it('answers 403 for an account that has not installed the app', async () => {
    const answer = await handleGetContactScore(
      signedRequest({ method: 'GET', path: SCORE_PATH, query: 'portalId=777&userId=1' }),
      cardDeps({ [PORTAL_ID]: anAccount() }),
    );
    expect(answer).toEqual({
      status: 403,
      body: { message: 'The recruitment scoring app is not installed in this account.' },
    });
  });

  it("never reads another account's contact: the signed portalId picks the account", async () => {
    const mine = new FakeHubSpot();
    const theirs = anAccount();
    const answer = await handleGetContactScore(
      signedRequest({ method: 'GET', path: SCORE_PATH }),
      cardDeps({ [PORTAL_ID]: mine, '999': theirs }),
    );
    expect(answer.status).toBe(404);
    expect(mine.reads).toHaveLength(1);
    expect(theirs.reads).toEqual([]);
  });

  it('answers 404 with a clear message for a deleted contact', async () => {
    const answer = await handleGetContactScore(
      signedRequest({ method: 'GET', path: SCORE_PATH }),
      cardDeps({ [PORTAL_ID]: new FakeHubSpot() }),
    );
    expect(answer).toEqual({
      status: 404,
      body: {
        message: `Contact ${CONTACT_ID} was not found in HubSpot; it may have been deleted or merged.`,
      },
    });
  });

  it('answers 400 for a contact id that is not a HubSpot record id', async () => {
    const hubspot = anAccount();
    const answer = await handleGetContactScore(
      signedRequest({ method: 'GET', path: '/api/contacts/51%20OR%201/score' }),
      cardDeps({ [PORTAL_ID]: hubspot }),
    );
    expect(answer.status).toBe(400);
    expect(hubspot.reads).toEqual([]);
  });

  it('answers 400 when the signed request does not name the account', async () => {
    const answer = await handleGetContactScore(
      signedRequest({ method: 'GET', path: SCORE_PATH, query: 'userId=1' }),
      cardDeps({ [PORTAL_ID]: anAccount() }),
    );
    expect(answer.status).toBe(400);
  });

  it('answers 503 when HubSpot rate-limits us, and logs it', async () => {
    const hubspot = anAccount();
    hubspot.failWith = new HubSpotError('HubSpot request failed with HTTP 429: slow down', {
      status: 429,
      category: 'rate-limited',
    });
    const log: LoggedLine[] = [];
    const answer = await handleGetContactScore(
      signedRequest({ method: 'GET', path: SCORE_PATH }),
      cardDeps({ [PORTAL_ID]: hubspot }, log),
    );
    expect(answer).toEqual({
      status: 503,
      headers: { 'Retry-After': '60' },
      body: {
        message: 'HubSpot is busy right now; try again in a minute.',
        reason: 'hubspot-busy',
        retryAfterSeconds: 60,
      },
    });
    expect(log.map((l) => l.level)).toEqual(['error']);
  });

  it('answers 405 to a POST', async () => {
    const answer = await handleGetContactScore(
      signedRequest({ method: 'POST', path: SCORE_PATH }),
      cardDeps({ [PORTAL_ID]: anAccount() }),
    );
    expect(answer.status).toBe(405);
  });
});

describe('POST /api/contacts/:contactId/rescore', () => {
  it('writes the changed outputs with the time they changed, and answers the fresh score', async () => {
    const hubspot = anAccount();
    const answer = await handleRescoreContact(
      signedRequest({ method: 'POST', path: RESCORE_PATH }),
      cardDeps({ [PORTAL_ID]: hubspot }),
    );

    expect(answer.status).toBe(200);
    expect(hubspot.updates).toHaveLength(1);
    expect(hubspot.updates[0]).toEqual([
      {
        id: CONTACT_ID,
        properties: expect.objectContaining({
          [SCORE_PROPERTIES.score]: '74',
          [SCORE_PROPERTIES.tier]: 'hot',
          [SCORE_PROPERTIES.scoredAt]: new Date(NOW).toISOString(),
        }),
      },
    ]);
    const body = scoreResponseSchema.parse(answer.body);
    expect(body.rescore).toEqual({ written: true });
    expect(body.stored).toEqual({ score: 74, scoredAt: new Date(NOW).toISOString() });
    // HubSpot's history may lag behind the write; the card's trend should not.
    expect(body.history.at(-1)).toEqual({ timestamp: new Date(NOW).toISOString(), score: 74 });
  });

  it('writes nothing when HubSpot already holds the same outputs', async () => {
    const hubspot = anAccount();
    const deps = cardDeps({ [PORTAL_ID]: hubspot });
    await handleRescoreContact(signedRequest({ method: 'POST', path: RESCORE_PATH }), deps);
    const again = await handleRescoreContact(
      signedRequest({ method: 'POST', path: RESCORE_PATH }),
      deps,
    );

    expect(hubspot.updates).toHaveLength(1);
    expect((again.body as ScoreResponse).rescore).toEqual({ written: false });
  });

  it('refuses an unsigned rescore and writes nothing', async () => {
    const hubspot = anAccount();
    const request = signedRequest({ method: 'POST', path: RESCORE_PATH });
    const answer = await handleRescoreContact(
      { ...request, headers: { ...request.headers, 'x-hubspot-signature-v3': 'forged' } },
      cardDeps({ [PORTAL_ID]: hubspot }),
    );
    expect(answer.status).toBe(401);
    expect(hubspot.updates).toEqual([]);
  });

  it('refuses a rescore whose body was changed after signing', async () => {
    const request = signedRequest({ method: 'POST', path: RESCORE_PATH, body: '{}' });
    const answer = await handleRescoreContact(
      { ...request, rawBody: Buffer.from('{"x":1}') },
      cardDeps({ [PORTAL_ID]: anAccount() }),
    );
    expect(answer.status).toBe(401);
  });

  it('answers 404 for a deleted contact and writes nothing', async () => {
    const hubspot = new FakeHubSpot();
    const answer = await handleRescoreContact(
      signedRequest({ method: 'POST', path: RESCORE_PATH }),
      cardDeps({ [PORTAL_ID]: hubspot }),
    );
    expect(answer.status).toBe(404);
    expect(hubspot.updates).toEqual([]);
  });
});

describe('handleCardRequest', () => {
  it('routes by path and answers 404 for any other path', async () => {
    const deps = cardDeps({ [PORTAL_ID]: anAccount() });
    const score = await handleCardRequest(signedRequest({ method: 'GET', path: SCORE_PATH }), deps);
    const other = await handleCardRequest(
      signedRequest({ method: 'GET', path: '/api/contacts/51/secrets' }),
      deps,
    );
    expect(score.status).toBe(200);
    expect(other.status).toBe(404);
  });
});
