import { describe, expect, it } from 'vitest';
import { handleGetContactScore, handleRescoreContact } from '../../src/card-api/card-handlers.ts';
import { DEFAULT_CARD_DEADLINE_MS } from '../../src/card-api/card-deadline.ts';
import { scoreResponseSchema } from '../../src/card-api/score-response.ts';
import { HubSpotError } from '../../src/hubspot/hubspot-error.ts';
import { OAuthError } from '../../src/oauth/oauth-error.ts';
import {
  aCandidate,
  cardDeps,
  CONTACT_ID,
  daysAgo,
  FakeHubSpot,
  ManualTimer,
  PORTAL_ID,
  signedRequest,
  type LoggedLine,
} from './card-helpers.ts';

const SCORE_PATH = `/api/contacts/${CONTACT_ID}/score`;
const RESCORE_PATH = `/api/contacts/${CONTACT_ID}/rescore`;
const getScore = () => signedRequest({ method: 'GET', path: SCORE_PATH });

function anAccount() {
  return new FakeHubSpot().withContact(CONTACT_ID, aCandidate(), [
    { value: '40', timestamp: daysAgo(40) },
  ]);
}

describe('the card backend answers within its deadline', () => {
  it('answers 503 with Retry-After when HubSpot does not answer, without waiting for it', async () => {
    const hubspot = anAccount();
    hubspot.hanging.add('read');
    const timer = new ManualTimer();
    const answering = handleGetContactScore(
      getScore(),
      cardDeps({ [PORTAL_ID]: hubspot }, [], { timer }),
    );
    await timer.expire();

    expect(await answering).toEqual({
      status: 503,
      headers: { 'Retry-After': '10' },
      body: {
        message: 'HubSpot is slow to answer right now; try again shortly.',
        reason: 'hubspot-slow',
        retryAfterSeconds: 10,
      },
    });
    expect(timer.started).toEqual([DEFAULT_CARD_DEADLINE_MS]);
  });

  it('gives up after the configured deadline on a real clock', async () => {
    const hubspot = anAccount();
    hubspot.hanging.add('read');
    const answer = await handleGetContactScore(
      getScore(),
      cardDeps({ [PORTAL_ID]: hubspot }, [], { deadlineMs: 20 }),
    );
    expect(answer.status).toBe(503);
  });

  it('stops the deadline once it has answered', async () => {
    const timer = new ManualTimer();
    const answer = await handleGetContactScore(
      getScore(),
      cardDeps({ [PORTAL_ID]: anAccount() }, [], { timer }),
    );
    expect(answer.status).toBe(200);
    expect(timer.cancelled).toBe(1);
  });

  it("passes HubSpot's Retry-After on when it rate-limits us", async () => {
    const hubspot = anAccount();
    hubspot.failWith = new HubSpotError('HubSpot request failed with HTTP 429: slow down', {
      status: 429,
      category: 'rate-limited',
      retryAfterMs: 10_000,
    });
    const answer = await handleGetContactScore(getScore(), cardDeps({ [PORTAL_ID]: hubspot }));
    expect(answer).toEqual({
      status: 503,
      headers: { 'Retry-After': '10' },
      body: {
        message: 'HubSpot is busy right now; try again in a minute.',
        reason: 'hubspot-busy',
        retryAfterSeconds: 10,
      },
    });
  });

  it('answers the live breakdown without its trend when only the history is late', async () => {
    const hubspot = anAccount();
    hubspot.hanging.add('history');
    const timer = new ManualTimer();
    const log: LoggedLine[] = [];
    const answering = handleGetContactScore(
      getScore(),
      cardDeps({ [PORTAL_ID]: hubspot }, log, { timer }),
    );
    await timer.expire();
    const answer = await answering;

    expect(answer.status).toBe(200);
    const body = scoreResponseSchema.parse(answer.body);
    expect(body).toMatchObject({ score: 74, history: [], historyUnavailable: true });
    expect(log.map((l) => [l.level, l.message])).toEqual([
      ['warn', 'card API: score history unavailable; answering without the trend'],
    ]);
  });

  it('answers without the trend when HubSpot rate-limits the history read', async () => {
    const hubspot = anAccount();
    hubspot.historyFailsWith = new HubSpotError('429', { status: 429, category: 'rate-limited' });
    const answer = await handleGetContactScore(getScore(), cardDeps({ [PORTAL_ID]: hubspot }));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ historyUnavailable: true });
  });

  it('fails a request whose history read says the app lost access', async () => {
    const hubspot = anAccount();
    hubspot.historyFailsWith = new HubSpotError('401', { status: 401, category: 'auth' });
    const answer = await handleGetContactScore(getScore(), cardDeps({ [PORTAL_ID]: hubspot }));
    expect(answer.status).toBe(502);
    expect(answer.body).toMatchObject({ reason: 'access-revoked' });
  });

  it('answers 503 when a rescore write hangs, having sent the write once', async () => {
    const hubspot = anAccount();
    hubspot.hanging.add('update');
    const timer = new ManualTimer();
    const answering = handleRescoreContact(
      signedRequest({ method: 'POST', path: RESCORE_PATH }),
      cardDeps({ [PORTAL_ID]: hubspot }, [], { timer }),
    );
    await timer.expire();
    expect((await answering).status).toBe(503);
    expect(hubspot.updates).toHaveLength(1);
  });

  it('counts a token refresh while finding the account against the deadline', async () => {
    const timer = new ManualTimer();
    const answering = handleGetContactScore(
      getScore(),
      cardDeps({}, [], { timer, hubspotForPortal: () => new Promise(() => {}) }),
    );
    await timer.expire();
    expect((await answering).status).toBe(503);
  });
});

describe('the card backend when stored tokens cannot be read', () => {
  it('says what the operator must do: restore TOKEN_ENCRYPTION_KEY or reinstall', async () => {
    const log: LoggedLine[] = [];
    const answer = await handleGetContactScore(
      getScore(),
      cardDeps({}, log, {
        hubspotForPortal: () => {
          throw new OAuthError('undecryptable', 'stored tokens of portal 48807704 are unreadable');
        },
      }),
    );
    expect(answer.status).toBe(500);
    expect(answer.body).toEqual({
      message:
        "The app's stored HubSpot access cannot be read: the server's TOKEN_ENCRYPTION_KEY changed. " +
        'The operator must restore the previous TOKEN_ENCRYPTION_KEY, or an admin must reinstall the app.',
      reason: 'token-undecryptable',
    });
    expect(log.map((l) => l.level)).toEqual(['error']);
  });

  it('asks for a reinstall when HubSpot revoked the refresh token', async () => {
    const answer = await handleGetContactScore(
      getScore(),
      cardDeps({}, [], {
        hubspotForPortal: () => Promise.reject(new OAuthError('revoked', 'refresh refused')),
      }),
    );
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ reason: 'access-revoked' });
  });
});
