import { describe, expect, it } from 'vitest';
import {
  errorAnswerSchema,
  jobAnswerSchema,
  overviewAnswerSchema,
  publishAnswerSchema,
  SETTINGS_ROUTES,
} from '../../src/settings-api/index.ts';
import {
  anAccountPort,
  GENERAL,
  OTHER_PORTAL,
  ORDINARY_USER,
  PORTAL_ID,
  sendSettings,
  settingsDeps,
  SUPER_ADMIN,
} from './settings-helpers.ts';

const send = sendSettings;

describe('the settings backend’s background jobs', () => {
  it('starts the account’s recalculation with every publish and rollback, in the user’s language', async () => {
    const { deps, models, jobs } = settingsDeps({ [PORTAL_ID]: anAccountPort() });
    await models.saveDraft(PORTAL_ID, GENERAL, { by: SUPER_ADMIN });
    const published = await send(deps, {
      method: 'POST',
      path: SETTINGS_ROUTES.publish,
      body: {},
      locale: 'nl',
    });
    const answer = publishAnswerSchema.parse(published.body);
    expect(answer.recalculation).toMatchObject({ kind: 'recalculation', modelVersion: 1 });
    const back = await send(deps, {
      method: 'POST',
      path: SETTINGS_ROUTES.rollback,
      body: { version: 1 },
    });
    expect(publishAnswerSchema.parse(back.body).recalculation?.modelVersion).toBe(2);
    expect(jobs.started.map((j) => [j.portalId, j.kind, j.modelVersion, j.startedBy])).toEqual([
      [PORTAL_ID, 'recalculation', 1, SUPER_ADMIN],
      [PORTAL_ID, 'recalculation', 2, SUPER_ADMIN],
    ]);
    expect(jobs.started[0]!.input).toEqual({ locale: 'nl' });

    const overview = overviewAnswerSchema.parse(
      (await send(deps, { method: 'GET', path: SETTINGS_ROUTES.overview })).body,
    );
    expect(overview.recalculation?.id).toBe(jobs.started[1]!.id);
  });

  it('previews the stored draft or the text sent, for any user of the account; 409 without one, 422 for a bad one', async () => {
    const { deps, models, jobs } = settingsDeps({ [PORTAL_ID]: anAccountPort() });
    const none = await send(deps, {
      method: 'POST',
      path: SETTINGS_ROUTES.preview,
      body: {},
      userId: ORDINARY_USER,
    });
    expect(none.status).toBe(409);

    await models.saveDraft(PORTAL_ID, GENERAL, { by: SUPER_ADMIN });
    const started = await send(deps, {
      method: 'POST',
      path: SETTINGS_ROUTES.preview,
      body: { sampleSize: 200 },
      userId: ORDINARY_USER,
    });
    expect(started.status).toBe(202);
    const { job } = jobAnswerSchema.parse(started.body);
    expect(jobs.started[0]).toMatchObject({ kind: 'preview', startedBy: ORDINARY_USER });
    expect(jobs.started[0]!.input).toMatchObject({ draftYaml: GENERAL, sampleSize: 200 });

    const bad = await send(deps, {
      method: 'POST',
      path: SETTINGS_ROUTES.preview,
      body: { modelYaml: GENERAL.replace(/tiers:[\s\S]*$/, 'tiers: []\n') },
    });
    expect(bad.status).toBe(422);
    expect(errorAnswerSchema.parse(bad.body).problems?.length).toBeGreaterThan(0);
    expect(jobs.started).toHaveLength(1);

    const polled = await send(deps, { method: 'GET', path: SETTINGS_ROUTES.job(job.id) });
    expect(jobAnswerSchema.parse(polled.body).job.id).toBe(job.id);
  });

  it('answers 404 for another account’s job, an unknown one, and a malformed id', async () => {
    const { deps, models } = settingsDeps({
      [PORTAL_ID]: anAccountPort(),
      [OTHER_PORTAL]: anAccountPort(),
    });
    await models.saveDraft(PORTAL_ID, GENERAL, { by: SUPER_ADMIN });
    const started = await send(deps, { method: 'POST', path: SETTINGS_ROUTES.preview, body: {} });
    const { job } = jobAnswerSchema.parse(started.body);
    const elsewhere = await send(deps, {
      method: 'GET',
      path: SETTINGS_ROUTES.job(job.id),
      portalId: OTHER_PORTAL,
    });
    expect(elsewhere.status).toBe(404);
    expect(errorAnswerSchema.parse(elsewhere.body).reason).toBe('unknown-job');
    const unknown = await send(deps, { method: 'GET', path: SETTINGS_ROUTES.job('job-404') });
    expect(errorAnswerSchema.parse(unknown.body).reason).toBe('unknown-job');
    const malformed = await send(deps, { method: 'GET', path: `${SETTINGS_ROUTES.job('')}a/b` });
    expect(errorAnswerSchema.parse(malformed.body).reason).toBe('not-found');
  });
});
