import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createOAuthAccountAccess } from '../../src/oauth/oauth-account-access.ts';
import { createTokenCipher } from '../../src/oauth/token-cipher.ts';
import { createTokenStore } from '../../src/oauth/token-store.ts';
import { judgeReadiness } from '../../src/pipeline/readiness.ts';
import { createScoreWorker, type ScoreWorker } from '../../src/pipeline/score-worker.ts';
import { openStoreDatabase } from '../../src/store/database.ts';
import { createWorkQueue } from '../../src/store/work-queue.ts';
import { defaultModel, NOW } from '../helpers/scoring-fixtures.ts';
import { fakeHubSpot } from './fake-hubspot.ts';
import { waitFor } from './wait-for.ts';

const PORTAL = 62515;
const workers: ScoreWorker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop({ graceMs: 0 })));
});

describe('a changed TOKEN_ENCRYPTION_KEY', () => {
  it("parks the account's work with one clear error, sends nothing, and /readyz names the account", async () => {
    const db = openStoreDatabase(':memory:');
    // Tokens stored under the old key...
    await createTokenStore(db, createTokenCipher(randomBytes(32))).save(PORTAL, {
      accessToken: 'old-access',
      refreshToken: 'old-refresh',
      expiresAt: Date.now() + 3_600_000,
      scopes: ['crm.objects.contacts.read'],
    });
    // ...and the server restarted with another one.
    const hubspot = fakeHubSpot();
    const refreshes: string[] = [];
    const warnings: string[] = [];
    const logger = {
      info: () => {},
      warn: (message: string) => warnings.push(message),
      error: (message: string) => warnings.push(message),
    };
    const accounts = createOAuthAccountAccess({
      store: createTokenStore(db, createTokenCipher(randomBytes(32))),
      oauth: {
        refresh: async (token) => {
          refreshes.push(token);
          throw new Error('no refresh expected');
        },
      },
      logger,
      connect: () => hubspot.port,
    });
    const queue = createWorkQueue(db);
    await queue.enqueue(
      {
        rescore: [
          { portalId: PORTAL, contactId: '1' },
          { portalId: PORTAL, contactId: '2' },
        ],
        engagements: [{ portalId: PORTAL, objectTypeId: '0-46', objectId: '77' }],
        forget: [],
      },
      Date.now(),
    );
    const worker = createScoreWorker({
      queue,
      accountFor: (portalId) => accounts.hubspotForPortal(portalId),
      compiled: defaultModel,
      scoringClock: () => NOW,
      gatherMs: 0,
      retryBaseMs: 1,
      logger,
    });
    workers.push(worker);
    await worker.start();
    await waitFor(async () => await worker.isIdle(), 'the queue to drain');

    const message =
      `the stored tokens of account ${PORTAL} cannot be decrypted: TOKEN_ENCRYPTION_KEY changed; ` +
      "restore the old key or have the account's admin reinstall the app";
    expect(warnings.filter((w) => w === message)).toHaveLength(1);
    expect(warnings.join('\n')).not.toContain('HTTP 500');
    expect(hubspot.calls).toEqual([]);
    expect(refreshes).toEqual([]);
    expect((await queue.deadLetters()).map((d) => [d.kind, d.objectId, d.lastError])).toEqual(
      [
        ['contact', '1', message],
        ['contact', '2', message],
        ['engagement', '77', message],
      ].sort(),
    );

    const now = Date.now();
    const readiness = judgeReadiness({
      queue: await queue.status(now, now - 15 * 60_000),
      progress: worker.progress(),
      phase: 'serving',
      nowMs: now,
      stalledAfterMs: 5 * 60_000,
    });
    expect(readiness.ready).toBe(true);
    expect(readiness.body.failingAccounts).toEqual([
      { portalId: PORTAL, lastError: message, failedAt: expect.any(String) },
    ]);
  });
});
