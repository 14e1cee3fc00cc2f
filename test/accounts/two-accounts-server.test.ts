import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createHubSpotAdapter,
  createHubSpotClient,
  SCORE_PROPERTIES,
} from '../../src/hubspot/index.ts';
import type { HubSpotPort } from '../../src/hubspot/hubspot-port.ts';
import type { OAuthAccountAccess } from '../../src/oauth/oauth-account-access.ts';
import type { RescoreOutcome } from '../../src/pipeline/rescore-contacts.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { createLogger } from '../../src/server/logger.ts';
import { startScoringServer, type ScoringServer } from '../../src/server/scoring-server.ts';
import { defaultModel, NOW } from '../helpers/scoring-fixtures.ts';
import { cardRequest } from '../integration/signed-card-request.ts';
import { anOAuthConfig, APP_BASE_URL, CLIENT_SECRET, fixedClock, T0 } from '../oauth/helpers.ts';
import { anEvent, postDelivery, WEBHOOK_PATH } from '../server/signed-delivery.ts';
import { modelText } from './account-fixtures.ts';

// Two recruitment teams in one server (OAuth mode, each account its own local HubSpot
// stand-in): a healthcare agency whose model scores the job title, and a logistics employer
// whose model scores the city. Each account is scored, triaged and shown by its own model.
const CARE = 1001;
const LOGISTICS = 2002;
let sandboxes: Record<number, Sandbox>;
let server: ScoringServer;
let clock: ReturnType<typeof fixedClock>;
let batches: { portalId: number; outcome: RescoreOutcome }[];

const CARE_MODEL = modelText('Healthcare', { property: 'jobtitle', points: 10 });
const LOGISTICS_MODEL = modelText('Logistics', { property: 'city', points: 30 });

beforeEach(async () => {
  clock = fixedClock();
  batches = [];
  sandboxes = {
    [CARE]: await startSandbox({ contacts: 120, seed: 3, now: NOW, rateLimit: false }),
    [LOGISTICS]: await startSandbox({ contacts: 5, seed: 4, now: NOW, rateLimit: false }),
  };
  const ports: Record<number, HubSpotPort> = {};
  for (const [portalId, sandbox] of Object.entries(sandboxes)) {
    ports[Number(portalId)] = createHubSpotAdapter({
      client: createHubSpotClient({ accessToken: 'sandbox-token', basePath: sandbox.baseUrl }),
    });
  }
  server = await startScoringServer({
    port: 0,
    publicBaseUrl: APP_BASE_URL,
    clientSecret: CLIENT_SECRET,
    oauth: { config: anOAuthConfig(), connect: (portalId) => ports[portalId]! },
    compiled: defaultModel,
    databaseUrl: 'sqlite::memory:',
    logger: createLogger({ write: () => {}, secrets: [CLIENT_SECRET] }),
    scoringClock: () => NOW,
    now: clock.now,
    // Every batch looks at the store: a publish is seen by the next batch.
    modelRefreshMs: 0,
    worker: {
      gatherMs: 0,
      retryBaseMs: 1,
      retryMaxMs: 5,
      concurrency: 4,
      onRescored: (portalId, outcome) => batches.push({ portalId, outcome }),
    },
  });
  const access = server.accounts as OAuthAccountAccess;
  for (const portalId of [CARE, LOGISTICS]) {
    await access.addAccount(portalId, {
      accessToken: `${portalId}-access`,
      refreshToken: `${portalId}-refresh`,
      expiresAt: T0 + 60 * 60_000,
      scopes: ['oauth'],
    });
  }
  await server.accountModels.publish(CARE, CARE_MODEL, { by: 'cli' });
  await server.accountModels.publish(LOGISTICS, LOGISTICS_MODEL, { by: '4711' });
  await server.ready;
});
afterEach(async () => {
  await server.close();
  await Promise.all(Object.values(sandboxes).map((s) => s.close()));
});

const contactIds = (portalId: number) => [...sandboxes[portalId]!.account.contacts.keys()];
const stored = (portalId: number, id: string) => sandboxes[portalId]!.account.contacts.get(id)!;

function changes(portalId: number, ids: readonly string[], propertyName: string, firstEventId = 1) {
  return ids.map((id, i) =>
    anEvent({ portalId, objectId: Number(id), propertyName, eventId: firstEventId + i }),
  );
}

const deliver = (events: unknown[]) =>
  postDelivery(server.localUrl, events, {
    secret: CLIENT_SECRET,
    signedUrl: `${APP_BASE_URL}${WEBHOOK_PATH}`,
    signedAtMs: clock.now(),
  });

/** The score each model gives: its points when the property it reads is known. */
const expectedScore = (portalId: number, id: string) => {
  const [property, points] = portalId === CARE ? ['jobtitle', 10] : ['city', 30];
  return stored(portalId, id)[property] ? String(points) : '0';
};

describe('two accounts with their own models in one server', () => {
  it('triages each webhook by its own account’s model properties', async () => {
    const care = contactIds(CARE).slice(0, 2);
    const logistics = contactIds(LOGISTICS).slice(0, 2);
    // A city change matters to the logistics model only; a job title change to the care one.
    const byCity = await deliver([
      ...changes(CARE, care, 'city'),
      ...changes(LOGISTICS, logistics, 'city'),
    ]);
    expect(byCity.body).toMatchObject({
      contactsToRescore: 2,
      ignored: { 'property the model does not read': 2 },
    });
    await server.drained();
    expect(batches.map((b) => b.portalId)).toEqual([LOGISTICS]);

    const byTitle = await deliver([
      ...changes(CARE, care, 'jobtitle', 10),
      ...changes(LOGISTICS, logistics, 'jobtitle', 10),
    ]);
    expect(byTitle.body).toMatchObject({
      contactsToRescore: 2,
      ignored: { 'property the model does not read': 2 },
    });
    await server.drained();
    expect(batches.map((b) => b.portalId)).toEqual([LOGISTICS, CARE]);
  });

  it('scores each account’s contacts with its own model, and its card shows that model', async () => {
    const care = contactIds(CARE).slice(0, 3);
    const logistics = contactIds(LOGISTICS).slice(0, 3);
    await deliver([
      ...changes(CARE, care, 'jobtitle'),
      ...changes(LOGISTICS, logistics, 'city', 10),
    ]);
    await server.drained();
    for (const id of care) {
      expect(stored(CARE, id)[SCORE_PROPERTIES.score]).toBe(expectedScore(CARE, id));
    }
    for (const id of logistics) {
      expect(stored(LOGISTICS, id)[SCORE_PROPERTIES.score]).toBe(expectedScore(LOGISTICS, id));
    }
    // A different model gives a different score somewhere, or the test would prove nothing.
    expect(logistics.some((id) => expectedScore(LOGISTICS, id) === '30')).toBe(true);

    const answer = await cardRequest({
      localUrl: server.localUrl,
      method: 'GET',
      path: `/api/contacts/${logistics[0]}/score`,
      portalId: LOGISTICS,
      secret: CLIENT_SECRET,
      signedAtMs: clock.now(),
    });
    expect(answer.status).toBe(200);
    expect(JSON.stringify(answer.body)).toContain('Logistics');
    expect(JSON.stringify(answer.body)).not.toContain('Healthcare');
  });

  it('publishing during a webhook burst: every batch scores with one model, later events with the new', async () => {
    const ids = contactIds(CARE);
    const before = ids.slice(0, 60);
    const after = ids.slice(60);
    for (let i = 0; i < before.length; i += 10) {
      await deliver(changes(CARE, before.slice(i, i + 10), 'jobtitle', i + 1));
    }
    // The worker is busy with the first half while the admin publishes.
    await server.accountModels.publish(CARE, modelText('Healthcare v2', { points: 20 }), {
      by: '4711',
    });
    for (let i = 0; i < after.length; i += 10) {
      await deliver(changes(CARE, after.slice(i, i + 10), 'jobtitle', 1000 + i));
    }
    await server.drained();

    const lastScore = new Map<string, number>();
    for (const { outcome } of batches) {
      // Within a batch one model: the known-job-title contacts all have 10 or all have 20.
      const points = new Set(
        outcome.rescored.filter((r) => r.score.score !== 0).map((r) => r.score.score),
      );
      expect(points.size).toBeLessThanOrEqual(1);
      for (const r of outcome.rescored) lastScore.set(r.contactId, r.score.score);
    }
    for (const id of ids) {
      const known = Boolean(stored(CARE, id).jobtitle);
      const written = Number(stored(CARE, id)[SCORE_PROPERTIES.score]);
      // HubSpot holds the score of the model that scored the contact last.
      expect(written).toBe(lastScore.get(id));
      if (after.includes(id)) expect(written).toBe(known ? 20 : 0);
      else expect([known ? 10 : 0, known ? 20 : 0]).toContain(written);
    }
    expect(after.some((id) => stored(CARE, id).jobtitle)).toBe(true);
    // The other account was not touched by the publish.
    expect((await server.accountRegistry.modelFor(LOGISTICS)).model.name).toBe('Logistics');
  });

  it('a rollback scores the next events with the earlier version again', async () => {
    await server.accountModels.publish(CARE, modelText('Healthcare v2', { points: 20 }), {
      by: '4711',
    });
    await server.accountModels.rollback(CARE, 1, { by: '4711' });
    const id = contactIds(CARE).find((c) => stored(CARE, c).jobtitle)!;
    await deliver(changes(CARE, [id], 'jobtitle'));
    await server.drained();
    expect(stored(CARE, id)[SCORE_PROPERTIES.score]).toBe('10');
    expect(await server.accountRegistry.modelVersionFor(CARE)).toBe(3);
  });

  it('a refused model leaves the account scoring with the one it had', async () => {
    await expect(
      server.accountModels.publish(CARE, modelText('unfair', { property: 'gender' }), {
        by: '4711',
      }),
    ).rejects.toThrow(/gender/);
    const id = contactIds(CARE).find((c) => stored(CARE, c).jobtitle)!;
    await deliver(changes(CARE, [id], 'jobtitle'));
    await server.drained();
    expect(stored(CARE, id)[SCORE_PROPERTIES.score]).toBe('10');
    expect(await server.accountModels.history(CARE)).toHaveLength(1);
  });
});
