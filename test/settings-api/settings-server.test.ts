import { readFileSync } from 'node:fs';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SCORE_PROPERTIES, type HubSpotPort } from '../../src/hubspot/index.ts';
import {
  readContactsFor,
  scoreHubSpotContact,
  type RescoreOutcome,
} from '../../src/pipeline/rescore-contacts.ts';
import {
  SANDBOX_RECRUITER_ID,
  SANDBOX_SUPER_ADMIN_ID,
  type Sandbox,
} from '../../src/sandbox/index.ts';
import type { ScoringServer } from '../../src/server/scoring-server.ts';
import {
  errorAnswerSchema,
  jobAnswerSchema,
  overviewAnswerSchema,
  previewResultSchema,
  publishAnswerSchema,
  recalculationResultSchema,
  SETTINGS_ROUTES,
  type JobInfo,
} from '../../src/settings-api/index.ts';
import { modelFrom, NOW } from '../helpers/scoring-fixtures.ts';
import { anEvent, postDelivery, WEBHOOK_PATH } from '../server/signed-delivery.ts';
import { CLIENT_SECRET, PUBLIC_BASE_URL } from './settings-helpers.ts';
import {
  SETTINGS_PORTAL,
  startSettingsServer,
  type SettingsServerRig,
} from './settings-server-fixtures.ts';

const PORTAL = SETTINGS_PORTAL;
const SOFTWARE_IT = readFileSync(
  new URL('../../models/templates/software-it.yaml', import.meta.url),
  'utf8',
);
/** The template with a far lower bar for warm: many candidates move up. */
const LOW_WARM = SOFTWARE_IT.replace('minScore: 45', 'minScore: 10');

let rig: SettingsServerRig;
let sandbox: Sandbox;
let server: ScoringServer;
let batches: RescoreOutcome[];
let port: HubSpotPort;

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterAll(() => nock.enableNetConnect());
beforeEach(async () => {
  rig = await startSettingsServer();
  ({ sandbox, server, batches, port } = rig);
});
afterEach(() => rig.close());

const call: SettingsServerRig['call'] = (options) => rig.call(options);
const ended = (job: JobInfo) => rig.ended(job);

const contactIds = () => [...sandbox.account.contacts.keys()];
const held = (id: string) => sandbox.account.contacts.get(id)!;
const writes = () =>
  sandbox.account.requests.filter((r) => r.path.endsWith('/batch/update') && r.status < 300).length;

/** The tier each contact gets from this model, read as the app reads it (history included). */
async function tiersBy(yaml: string): Promise<Map<string, string>> {
  const compiled = modelFrom(yaml);
  const contacts = await readContactsFor(port, compiled, contactIds());
  return new Map(contacts.map((c) => [c.id, scoreHubSpotContact(compiled, c, NOW).tier]));
}

async function latestRecalculation(): Promise<JobInfo> {
  const overview = await call({ method: 'GET', path: SETTINGS_ROUTES.overview });
  return ended(overviewAnswerSchema.parse(overview.body).recalculation!);
}

describe('the settings page’s backend in a running server', () => {
  it('refuses the unsigned (401), the recruiter who may not publish (403) and a bad model (422), end to end', async () => {
    const unsigned = await fetch(
      `${server.localUrl}${SETTINGS_ROUTES.overview}?portalId=${PORTAL}`,
    );
    expect(unsigned.status).toBe(401);

    await call({ method: 'PUT', path: SETTINGS_ROUTES.draft, body: { modelYaml: SOFTWARE_IT } });
    const recruiter = await call({
      method: 'POST',
      path: SETTINGS_ROUTES.publish,
      body: {},
      userId: SANDBOX_RECRUITER_ID,
      locale: 'nl',
    });
    expect(recruiter.status).toBe(403);
    expect(errorAnswerSchema.parse(recruiter.body).message).toContain('superbeheerders');

    await call({
      method: 'PUT',
      path: SETTINGS_ROUTES.draft,
      body: { modelYaml: SOFTWARE_IT.replace('minScore: 70', 'minScore: lots') },
    });
    const invalid = await call({
      method: 'POST',
      path: SETTINGS_ROUTES.publish,
      body: {},
      userId: SANDBOX_SUPER_ADMIN_ID,
    });
    expect(invalid.status).toBe(422);
    expect(errorAnswerSchema.parse(invalid.body).problems?.[0]?.path).toMatch(/^tiers/);
    expect(await server.accountModels.published(PORTAL)).toBeUndefined();
    expect(
      (await server.settingsAudit.list(PORTAL)).map((r) => [r.action, r.userId]),
    ).toContainEqual(['refused', SANDBOX_RECRUITER_ID]);
  });

  it('previews a draft against the template, then publishes it and recalculates every contact', async () => {
    const chosen = await call({
      method: 'POST',
      path: SETTINGS_ROUTES.template,
      body: { templateId: 'software-it' },
      userId: SANDBOX_SUPER_ADMIN_ID,
    });
    expect(chosen.status).toBe(200);
    expect((await latestRecalculation()).status).toBe('finished');
    const writesBeforePreview = writes();
    await call({ method: 'PUT', path: SETTINGS_ROUTES.draft, body: { modelYaml: LOW_WARM } });

    const preview = await call({
      method: 'POST',
      path: SETTINGS_ROUTES.preview,
      body: {},
      userId: SANDBOX_RECRUITER_ID,
    });
    expect(preview.status).toBe(202);
    const previewed = await ended(jobAnswerSchema.parse(preview.body).job);
    expect(previewed.status).toBe('finished');
    const figures = previewResultSchema.parse(previewed.result);
    expect(figures.sampled).toBe(240);
    const intoWarm = figures.tierMoves.find((m) => m.from === 'cold' && m.to === 'warm');
    expect(intoWarm?.count).toBeGreaterThan(0);
    // The preview writes nothing.
    expect(writes()).toBe(writesBeforePreview);

    const published = await call({
      method: 'POST',
      path: SETTINGS_ROUTES.publish,
      body: { note: 'lower bar for warm' },
      userId: SANDBOX_SUPER_ADMIN_ID,
    });
    const answer = publishAnswerSchema.parse(published.body);
    expect(answer.published.version).toBe(2);
    const recalculated = await ended(answer.recalculation!);
    expect(recalculated.status).toBe('finished');
    const summary = recalculationResultSchema.parse(recalculated.result);
    expect(summary).toMatchObject({ modelVersion: 2, read: 240 });
    // The preview told the truth: the same moves happened (the sample was every contact).
    expect(summary.tierMoves).toEqual(figures.tierMoves);

    const expected = await tiersBy(LOW_WARM);
    for (const id of contactIds()) expect(held(id)[SCORE_PROPERTIES.tier]).toBe(expected.get(id));
    const overview = overviewAnswerSchema.parse(
      (await call({ method: 'GET', path: SETTINGS_ROUTES.overview })).body,
    );
    expect(overview.recalculation?.id).toBe(recalculated.id);
    expect(overview.preview?.id).toBe(previewed.id);
    expect(overview.history.map((v) => v.version)).toEqual([2, 1]);
  });

  it('publishes during a webhook burst: no batch mixes two models, and the newest one wins', async () => {
    await call({
      method: 'POST',
      path: SETTINGS_ROUTES.template,
      body: { templateId: 'software-it' },
      userId: SANDBOX_SUPER_ADMIN_ID,
    });
    const first = await ended(
      overviewAnswerSchema.parse(
        (await call({ method: 'GET', path: SETTINGS_ROUTES.overview })).body,
      ).recalculation!,
    );
    expect(first.status).toBe('finished');
    batches.length = 0;
    await call({ method: 'PUT', path: SETTINGS_ROUTES.draft, body: { modelYaml: LOW_WARM } });

    const ids = contactIds();
    const deliver = (slice: string[], firstEventId: number) =>
      postDelivery(
        server.localUrl,
        slice.map((id, i) =>
          anEvent({
            portalId: PORTAL,
            objectId: Number(id),
            propertyName: 'jobtitle',
            eventId: firstEventId + i,
          }),
        ),
        { secret: CLIENT_SECRET, signedUrl: `${PUBLIC_BASE_URL}${WEBHOOK_PATH}` },
      );
    const burst = (async () => {
      for (let i = 0; i < ids.length; i += 20) await deliver(ids.slice(i, i + 20), 1 + i);
    })();
    const published = await call({
      method: 'POST',
      path: SETTINGS_ROUTES.publish,
      body: {},
      userId: SANDBOX_SUPER_ADMIN_ID,
    });
    await burst;
    await server.drained();
    const recalculated = await ended(publishAnswerSchema.parse(published.body).recalculation!);
    expect(recalculated.status).toBe('finished');

    const oldTiers = await tiersBy(SOFTWARE_IT);
    const newTiers = await tiersBy(LOW_WARM);
    expect(batches.length).toBeGreaterThan(1);
    for (const batch of batches) {
      const tiers = batch.rescored.map((r) => r.score.tier);
      const byOld = batch.rescored.map((r) => oldTiers.get(r.contactId));
      const byNew = batch.rescored.map((r) => newTiers.get(r.contactId));
      expect([byOld, byNew]).toContainEqual(tiers);
    }
    for (const id of ids) expect(held(id)[SCORE_PROPERTIES.tier]).toBe(newTiers.get(id));
  });
});
