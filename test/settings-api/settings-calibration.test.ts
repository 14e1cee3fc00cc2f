import { describe, expect, it } from 'vitest';
import {
  errorAnswerSchema,
  jobAnswerSchema,
  overviewAnswerSchema,
  SETTINGS_ROUTES,
} from '../../src/settings-api/index.ts';
import {
  anAccountPort,
  GENERAL,
  ORDINARY_USER,
  OTHER_PORTAL,
  PORTAL_ID,
  sendSettings,
  settingsDeps,
  SUPER_ADMIN,
} from './settings-helpers.ts';
import { PROFILES_MODEL_YAML } from '../scoring/profile-fixtures.ts';

const send = sendSettings;

const HIRED = { outcome: { property: 'hs_lead_status', values: ['HIRED'] } };
const withLeadStatus = () =>
  anAccountPort({ properties: ['jobtitle', 'country', 'hs_lead_status'] });

describe('starting a calibration from the settings page', () => {
  it('calibrates the published model for a super admin, with the outcome, options and locale; audited; in the overview', async () => {
    const { deps, models, jobs, audit } = settingsDeps({
      [PORTAL_ID]: withLeadStatus(),
      [OTHER_PORTAL]: withLeadStatus(),
    });
    await models.publish(PORTAL_ID, GENERAL, { by: SUPER_ADMIN });
    const answer = await send(deps, {
      method: 'POST',
      path: SETTINGS_ROUTES.calibrate,
      body: { ...HIRED, maxCriteria: 10, hotRate: 0.4 },
      locale: 'nl',
    });
    expect(answer.status).toBe(202);
    const { job } = jobAnswerSchema.parse(answer.body);
    expect(job).toMatchObject({ kind: 'calibration', status: 'queued', startedBy: SUPER_ADMIN });
    expect(jobs.started[0]!.input).toEqual({
      outcome: HIRED.outcome,
      modelYaml: GENERAL,
      modelSource: 'published version 1',
      startedBy: SUPER_ADMIN,
      maxCriteria: 10,
      hotRate: 0.4,
      locale: 'nl',
    });
    expect((await audit.list(PORTAL_ID))[0]).toMatchObject({
      action: 'calibrate',
      userId: SUPER_ADMIN,
      details: 'hs_lead_status = HIRED (published version 1)',
    });
    const overview = overviewAnswerSchema.parse(
      (await send(deps, { method: 'GET', path: SETTINGS_ROUTES.overview })).body,
    );
    expect(overview.calibration?.id).toBe(job.id);
    // Another account sees neither the job nor it in its overview.
    const other = await send(deps, {
      method: 'GET',
      path: SETTINGS_ROUTES.job(job.id),
      portalId: OTHER_PORTAL,
    });
    expect(other.status).toBe(404);
    expect(errorAnswerSchema.parse(other.body).reason).toBe('unknown-job');
  });

  it('calibrates the draft when asked', async () => {
    const { deps, models, jobs } = settingsDeps({ [PORTAL_ID]: withLeadStatus() });
    const draft = GENERAL.replace('minScore: 45', 'minScore: 40');
    await models.publish(PORTAL_ID, GENERAL, { by: SUPER_ADMIN });
    await models.saveDraft(PORTAL_ID, draft, { by: SUPER_ADMIN });
    const answer = await send(deps, {
      method: 'POST',
      path: SETTINGS_ROUTES.calibrate,
      body: { ...HIRED, base: 'draft' },
    });
    expect(answer.status).toBe(202);
    expect(jobs.started[0]!.input).toMatchObject({ modelYaml: draft, modelSource: 'the draft' });
  });

  it.each([
    ['an ordinary user', { userId: ORDINARY_USER }, HIRED, 403, 'not-allowed'],
    [
      'an unknown outcome property',
      {},
      { outcome: { property: 'candidate_stage', values: ['HIRED'] } },
      422,
      'unknown-outcome-property',
    ],
    [
      'no outcome value',
      {},
      { outcome: { property: 'hs_lead_status', values: [] } },
      400,
      undefined,
    ],
    ['a hot rate of 100%', {}, { ...HIRED, hotRate: 1 }, 400, undefined],
  ])('refuses %s, starting nothing', async (_what, who, body, status, reason) => {
    const { deps, models, jobs } = settingsDeps({ [PORTAL_ID]: withLeadStatus() });
    await models.publish(PORTAL_ID, GENERAL, { by: SUPER_ADMIN });
    const answer = await send(deps, {
      method: 'POST',
      path: SETTINGS_ROUTES.calibrate,
      body,
      ...who,
    });
    expect(answer.status).toBe(status);
    const error = errorAnswerSchema.parse(answer.body);
    if (reason) expect(error.reason).toBe(reason);
    expect(jobs.started).toEqual([]);
  });

  it('refuses a second calibration while one runs, an account with nothing published, and fit profiles', async () => {
    const { deps, models, jobs } = settingsDeps({ [PORTAL_ID]: withLeadStatus() });
    const nothing = await send(deps, {
      method: 'POST',
      path: SETTINGS_ROUTES.calibrate,
      body: HIRED,
    });
    expect(nothing.status).toBe(409);
    expect(errorAnswerSchema.parse(nothing.body).reason).toBe('nothing-published');

    await models.publish(PORTAL_ID, GENERAL, { by: SUPER_ADMIN });
    expect(
      (await send(deps, { method: 'POST', path: SETTINGS_ROUTES.calibrate, body: HIRED })).status,
    ).toBe(202);
    const busy = await send(deps, {
      method: 'POST',
      path: SETTINGS_ROUTES.calibrate,
      body: HIRED,
      locale: 'nl',
    });
    expect(busy.status).toBe(409);
    expect(errorAnswerSchema.parse(busy.body)).toMatchObject({
      reason: 'busy',
      message:
        'Er loopt al een kalibratie van dit account; wacht tot die klaar is (de voortgang staat erbij).',
    });
    jobs.started[0]!.status = 'finished';

    await models.publish(PORTAL_ID, PROFILES_MODEL_YAML, { by: SUPER_ADMIN });
    const profiles = await send(deps, {
      method: 'POST',
      path: SETTINGS_ROUTES.calibrate,
      body: HIRED,
    });
    expect(errorAnswerSchema.parse(profiles.body).reason).toBe('profiles-not-calibrated');
    expect(jobs.started).toHaveLength(1);
  });
});
