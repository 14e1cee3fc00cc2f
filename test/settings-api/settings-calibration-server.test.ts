import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/calibration/random.ts';
import { parseModel } from '../../src/model/index.ts';
import { SANDBOX_SUPER_ADMIN_ID } from '../../src/sandbox/index.ts';
import {
  calibrationResultSchema,
  chooseTemplateAnswerSchema,
  jobAnswerSchema,
  overviewAnswerSchema,
  previewResultSchema,
  publishAnswerSchema,
  saveDraftAnswerSchema,
  SETTINGS_ROUTES,
} from '../../src/settings-api/index.ts';
import {
  SETTINGS_PORTAL,
  startSettingsServer,
  type SettingsServerRig,
} from './settings-server-fixtures.ts';

const CONTACTS = 600;
/** Learning from 600 contacts in a worker thread: seconds alone, more on two busy cores. */
const LEARNING_MS = 90_000;

let rig: SettingsServerRig;

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterAll(() => nock.enableNetConnect());
beforeEach(async () => {
  rig = await startSettingsServer(CONTACTS);
});
afterEach(() => rig.close());

/** Recruiters reached the frequent visitors far more often: the outcome calibration learns. */
function recordOutcomes(): number {
  const random = seededRandom(11);
  let connected = 0;
  for (const [id, contact] of rig.sandbox.account.contacts) {
    const visits = Number(contact.hs_analytics_num_visits ?? 0);
    if (random.chance(visits >= 5 ? 0.6 : 0.1)) {
      rig.sandbox.account.setProperty(id, 'hs_lead_status', 'CONNECTED');
      connected++;
    }
  }
  return connected;
}

describe('calibrating an account from the settings page, end to end', () => {
  it(
    'learns from the account’s own contacts, and the suggestion loads as the draft, previews and publishes',
    async () => {
      const admin = { userId: SANDBOX_SUPER_ADMIN_ID };
      const chosen = await rig.call({
        method: 'POST',
        path: SETTINGS_ROUTES.template,
        body: { templateId: 'software-it' },
        ...admin,
      });
      const first = chooseTemplateAnswerSchema.parse(chosen.body).recalculation!;
      expect((await rig.ended(first)).status).toBe('finished');
      const connected = recordOutcomes();
      expect(connected).toBeGreaterThan(30);
      const writesBefore = rig.sandbox.account.requests.filter((r) =>
        r.path.endsWith('/batch/update'),
      ).length;

      const started = await rig.call({
        method: 'POST',
        path: SETTINGS_ROUTES.calibrate,
        body: { outcome: { property: 'hs_lead_status', values: ['CONNECTED'] }, maxCriteria: 8 },
        locale: 'nl',
        ...admin,
      });
      expect(started.status).toBe(202);
      const job = await rig.ended(jobAnswerSchema.parse(started.body).job, LEARNING_MS);
      expect(job.error).toBeUndefined();
      expect(job.status).toBe('finished');
      const report = calibrationResultSchema.parse(job.result);
      expect(report).toMatchObject({ candidates: CONTACTS, withOutcome: connected });
      expect(report.backtest.suggested.rocAuc!).toBeGreaterThan(0.6);
      expect(report.proposed.length).toBeLessThanOrEqual(8);
      // Calibration reads and learns; it writes nothing to HubSpot.
      expect(
        rig.sandbox.account.requests.filter((r) => r.path.endsWith('/batch/update')).length,
      ).toBe(writesBefore);
      const overview = overviewAnswerSchema.parse(
        (await rig.call({ method: 'GET', path: SETTINGS_ROUTES.overview })).body,
      );
      expect(overview.calibration?.id).toBe(job.id);

      // "Load as draft" is the page's ordinary draft save; then preview and publish.
      const saved = await rig.call({
        method: 'PUT',
        path: SETTINGS_ROUTES.draft,
        body: { modelYaml: report.suggestedYaml },
        ...admin,
      });
      expect(saveDraftAnswerSchema.parse(saved.body)).toMatchObject({ valid: true, problems: [] });
      const preview = await rig.call({
        method: 'POST',
        path: SETTINGS_ROUTES.preview,
        body: {},
        ...admin,
      });
      const previewed = await rig.ended(jobAnswerSchema.parse(preview.body).job);
      expect(previewResultSchema.parse(previewed.result).sampled).toBe(CONTACTS);
      const published = await rig.call({
        method: 'POST',
        path: SETTINGS_ROUTES.publish,
        body: { note: 'calibrated on CONNECTED' },
        ...admin,
      });
      const answer = publishAnswerSchema.parse(published.body);
      expect((await rig.ended(answer.recalculation!)).status).toBe('finished');
      expect((await rig.server.accountModels.published(SETTINGS_PORTAL))?.modelYaml).toBe(
        report.suggestedYaml,
      );
      expect(parseModel(report.suggestedYaml, 'suggested').tiers[0]!.minScore).toBe(
        report.tiers.lines[0]!.suggestedMinScore,
      );
    },
    LEARNING_MS + 30_000,
  );
});
