import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHubSpotAdapter, createHubSpotClient } from '../../src/hubspot/index.ts';
import { loadTemplate, MODEL_TEMPLATES } from '../../src/model/templates.ts';
import {
  SANDBOX_RECRUITER_ID,
  SANDBOX_SUPER_ADMIN_ID,
  startSandbox,
  type Sandbox,
} from '../../src/sandbox/index.ts';
import { compileModel } from '../../src/scoring/index.ts';

let sandbox: Sandbox;

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  sandbox = await startSandbox({ now: Date.UTC(2026, 10, 1), rateLimit: false });
});
afterAll(() => sandbox.close());

const anAdapter = () =>
  createHubSpotAdapter({
    client: createHubSpotClient({ accessToken: 'pat-eu1-settings', basePath: sandbox.baseUrl }),
  });

describe('what the settings page reads from a sandbox account', () => {
  it('lists every property a template reads, so a fresh account flags none as missing', async () => {
    const names = new Set((await anAdapter().listContactProperties()).map((p) => p.name));

    for (const template of MODEL_TEMPLATES) {
      const read = compileModel(await loadTemplate(template.id)).properties;
      const missing = read.filter((name) => !names.has(name));
      expect(missing, template.id).toEqual([]);
    }
  });

  it("lists the app's own outputs once they are created, as custom properties", async () => {
    const adapter = anAdapter();
    await adapter.ensureScoreProperties(['hot', 'warm', 'cold']);

    const properties = await adapter.listContactProperties();

    const tier = properties.find((p) => p.name === 'recruitment_tier');
    expect(tier).toMatchObject({ type: 'enumeration', hubspotDefined: false });
    expect(tier?.options.map((o) => o.value)).toEqual(['hot', 'warm', 'cold']);
    expect(properties.find((p) => p.name === 'jobtitle')?.hubspotDefined).toBe(true);
  });

  it('finds the super admin and the recruiter, and no one else', async () => {
    const adapter = anAdapter();

    expect(await adapter.findUser(SANDBOX_SUPER_ADMIN_ID)).toMatchObject({ superAdmin: true });
    expect(await adapter.findUser(SANDBOX_RECRUITER_ID)).toMatchObject({
      superAdmin: false,
      roleIds: ['100'],
    });
    expect(await adapter.findUser('31337')).toBeUndefined();
  });
});
