import { describe, expect, it } from 'vitest';
import { HubSpotError } from '../../src/hubspot/hubspot-error.ts';
import {
  errorAnswerSchema,
  handleSettingsRequest,
  overviewAnswerSchema,
  publishAnswerSchema,
  SETTINGS_ROUTES,
  validateAnswerSchema,
} from '../../src/settings-api/index.ts';
import {
  anAccountPort,
  GENERAL,
  OTHER_PORTAL,
  NOW,
  ORDINARY_USER,
  PORTAL_ID,
  settingsDeps,
  signedSettingsRequest,
  SUPER_ADMIN,
} from './settings-helpers.ts';

describe('the settings backend', () => {
  it('refuses an unsigned or wrongly signed request with 401 and stores nothing', async () => {
    const { deps, models } = settingsDeps({ [PORTAL_ID]: anAccountPort() });
    const request = signedSettingsRequest({
      method: 'PUT',
      path: SETTINGS_ROUTES.draft,
      body: { modelYaml: GENERAL },
      secret: 'not-the-app-secret',
    });
    const answer = await handleSettingsRequest(request, deps);
    expect(answer.status).toBe(401);
    expect(errorAnswerSchema.parse(answer.body).reason).toBe('unsigned');
    expect(await models.draft(PORTAL_ID)).toBeUndefined();

    const expired = signedSettingsRequest({
      method: 'GET',
      path: SETTINGS_ROUTES.overview,
      signedAt: NOW - 10 * 60_000,
    });
    expect((await handleSettingsRequest(expired, deps)).status).toBe(401);
  });

  it('starts a fresh account from the template a super admin picks, recorded with the user id', async () => {
    const { deps, models, audit, refreshed } = settingsDeps({ [PORTAL_ID]: anAccountPort() });
    const answer = await handleSettingsRequest(
      signedSettingsRequest({
        method: 'POST',
        path: SETTINGS_ROUTES.template,
        body: { templateId: 'general' },
      }),
      deps,
    );
    expect(answer.status).toBe(200);
    expect(await models.published(PORTAL_ID)).toMatchObject({
      version: 1,
      publishedBy: SUPER_ADMIN,
    });
    expect(refreshed).toEqual([PORTAL_ID]);
    expect((await audit.list(PORTAL_ID))[0]).toMatchObject({
      action: 'template',
      userId: SUPER_ADMIN,
      modelVersion: 1,
      details: 'general',
    });
  });

  it('refuses publishing by a user who is not a super admin with 403, in Dutch for a Dutch user', async () => {
    const { deps, models, audit } = settingsDeps({ [PORTAL_ID]: anAccountPort() });
    await models.saveDraft(PORTAL_ID, GENERAL, { by: ORDINARY_USER });
    const answer = await handleSettingsRequest(
      signedSettingsRequest({
        method: 'POST',
        path: SETTINGS_ROUTES.publish,
        body: {},
        userId: ORDINARY_USER,
        locale: 'nl-nl',
      }),
      deps,
    );
    expect(answer.status).toBe(403);
    expect(errorAnswerSchema.parse(answer.body).message).toMatch(/^Alleen superbeheerders/);
    expect(await models.published(PORTAL_ID)).toBeUndefined();
    expect((await audit.list(PORTAL_ID))[0]).toMatchObject({
      action: 'refused',
      userId: ORDINARY_USER,
    });
  });

  it('allows only the listed user ids when the operator names them', async () => {
    const { deps, models } = settingsDeps(
      { [PORTAL_ID]: anAccountPort() },
      { publishers: [ORDINARY_USER] },
    );
    await models.saveDraft(PORTAL_ID, GENERAL, { by: ORDINARY_USER });
    const bySuperAdmin = await handleSettingsRequest(
      signedSettingsRequest({ method: 'POST', path: SETTINGS_ROUTES.publish, body: {} }),
      deps,
    );
    expect(bySuperAdmin.status).toBe(403);
    const byListed = await handleSettingsRequest(
      signedSettingsRequest({
        method: 'POST',
        path: SETTINGS_ROUTES.publish,
        body: {},
        userId: ORDINARY_USER,
      }),
      deps,
    );
    expect(byListed.status).toBe(200);
  });

  it('refuses an invalid draft with 422 naming every problem by path, and publishes nothing', async () => {
    const { deps, models } = settingsDeps({ [PORTAL_ID]: anAccountPort() });
    const broken = GENERAL.replace(/^name: General$/m, 'name: 42\nunknownKey: true');
    const saved = await handleSettingsRequest(
      signedSettingsRequest({
        method: 'PUT',
        path: SETTINGS_ROUTES.draft,
        body: { modelYaml: broken },
      }),
      deps,
    );
    expect(saved.status).toBe(200);
    expect(validateAnswerSchema.parse(saved.body).valid).toBe(false);

    const answer = await handleSettingsRequest(
      signedSettingsRequest({ method: 'POST', path: SETTINGS_ROUTES.publish, body: { note: 'x' } }),
      deps,
    );
    expect(answer.status).toBe(422);
    const error = errorAnswerSchema.parse(answer.body);
    expect(error.problems?.length).toBeGreaterThanOrEqual(1);
    expect(error.problems?.every((p) => p.path.length > 0 && p.message.length > 0)).toBe(true);
    expect(await models.published(PORTAL_ID)).toBeUndefined();
  });

  it('refuses a protected attribute as a criterion, as the model file does', async () => {
    const { deps } = settingsDeps({ [PORTAL_ID]: anAccountPort() });
    const withGender = GENERAL.replace(/property: jobtitle/, 'property: gender');
    expect(withGender).not.toBe(GENERAL);
    const answer = await handleSettingsRequest(
      signedSettingsRequest({
        method: 'POST',
        path: SETTINGS_ROUTES.validate,
        body: { modelYaml: withGender },
      }),
      deps,
    );
    const body = validateAnswerSchema.parse(answer.body);
    expect(body.valid).toBe(false);
    expect(body.problems.map((p) => p.message).join(' ')).toMatch(/gender/);
  });

  it('flags properties the model reads that the account lacks, without refusing the model', async () => {
    const { deps } = settingsDeps({ [PORTAL_ID]: anAccountPort({ properties: ['jobtitle'] }) });
    const answer = await handleSettingsRequest(
      signedSettingsRequest({
        method: 'POST',
        path: SETTINGS_ROUTES.validate,
        body: { modelYaml: GENERAL },
      }),
      deps,
    );
    const body = validateAnswerSchema.parse(answer.body);
    expect(body.valid).toBe(true);
    expect(body.missingProperties.length).toBeGreaterThan(0);
    expect(body.missingProperties).not.toContain('jobtitle');
  });

  it('publishes, then rolls back to an earlier version as a new one; 404 for a version that never was', async () => {
    const { deps, models, audit } = settingsDeps({ [PORTAL_ID]: anAccountPort() });
    await models.saveDraft(PORTAL_ID, GENERAL, { by: SUPER_ADMIN });
    const first = await handleSettingsRequest(
      signedSettingsRequest({
        method: 'POST',
        path: SETTINGS_ROUTES.publish,
        body: { note: 'first' },
      }),
      deps,
    );
    expect(publishAnswerSchema.parse(first.body).published.version).toBe(1);
    await models.saveDraft(PORTAL_ID, GENERAL.replace('name: General', 'name: General v2'), {
      by: SUPER_ADMIN,
    });
    await handleSettingsRequest(
      signedSettingsRequest({ method: 'POST', path: SETTINGS_ROUTES.publish, body: {} }),
      deps,
    );
    const back = await handleSettingsRequest(
      signedSettingsRequest({
        method: 'POST',
        path: SETTINGS_ROUTES.rollback,
        body: { version: 1 },
      }),
      deps,
    );
    expect(publishAnswerSchema.parse(back.body).published.version).toBe(3);
    expect((await models.published(PORTAL_ID))?.modelYaml).toBe(GENERAL);
    expect((await audit.list(PORTAL_ID)).map((r) => r.action)).toEqual([
      'rollback',
      'publish',
      'publish',
    ]);

    const unknown = await handleSettingsRequest(
      signedSettingsRequest({
        method: 'POST',
        path: SETTINGS_ROUTES.rollback,
        body: { version: 9 },
      }),
      deps,
    );
    expect(unknown.status).toBe(404);
  });

  it('keeps each account to itself: a publish in one changes nothing in the other', async () => {
    const { deps, models } = settingsDeps({
      [PORTAL_ID]: anAccountPort(),
      [OTHER_PORTAL]: anAccountPort(),
    });
    await models.saveDraft(PORTAL_ID, GENERAL, { by: SUPER_ADMIN });
    await handleSettingsRequest(
      signedSettingsRequest({ method: 'POST', path: SETTINGS_ROUTES.publish, body: {} }),
      deps,
    );
    const other = await handleSettingsRequest(
      signedSettingsRequest({
        method: 'GET',
        path: SETTINGS_ROUTES.overview,
        portalId: OTHER_PORTAL,
      }),
      deps,
    );
    const overview = overviewAnswerSchema.parse(other.body);
    expect(overview.published).toBeUndefined();
    expect(overview.history).toEqual([]);
    expect((await models.published(PORTAL_ID))?.version).toBe(1);
  });

  it('answers 503 with Retry-After when HubSpot cannot say who the user is', async () => {
    const failing = anAccountPort({
      failUsers: new HubSpotError('HubSpot answered 503', { status: 503, category: 'server' }),
    });
    const { deps } = settingsDeps({ [PORTAL_ID]: failing });
    const answer = await handleSettingsRequest(
      signedSettingsRequest({ method: 'GET', path: SETTINGS_ROUTES.overview }),
      deps,
    );
    expect(answer.status).toBe(503);
    expect(answer.headers?.['Retry-After']).toBe('10');
  });

  it('lists templates in the user’s language and remembers a user’s rights for a minute', async () => {
    const port = anAccountPort();
    const { deps } = settingsDeps({ [PORTAL_ID]: port });
    const ask = () =>
      handleSettingsRequest(
        signedSettingsRequest({ method: 'GET', path: SETTINGS_ROUTES.overview, locale: 'nl' }),
        deps,
      );
    const overview = overviewAnswerSchema.parse((await ask()).body);
    await ask();
    expect(overview.canPublish).toBe(true);
    expect(overview.templates.find((t) => t.id === 'software-it')?.label).toBe('Software en IT');
    expect(port.userLookups).toBe(1);
  });

  it('answers 404 for an account where the app is not installed, and 405 for a wrong method', async () => {
    const { deps } = settingsDeps({ [PORTAL_ID]: anAccountPort() });
    const elsewhere = await handleSettingsRequest(
      signedSettingsRequest({
        method: 'GET',
        path: SETTINGS_ROUTES.overview,
        portalId: OTHER_PORTAL,
      }),
      deps,
    );
    expect(errorAnswerSchema.parse(elsewhere.body).reason).toBe('not-installed');
    const wrong = await handleSettingsRequest(
      signedSettingsRequest({ method: 'GET', path: SETTINGS_ROUTES.publish }),
      deps,
    );
    expect(wrong.status).toBe(405);
  });
});
