import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { build, removeDir, tempDir } from './project-fixtures.ts';
import { DOCUMENTED_COMPONENT_SCHEMAS } from './documented-schemas.ts';

/**
 * The parser's full validation, offline: HubSpot's CLI library asks api.hubapi.com for the
 * component schemas; nock answers with our transcription of the documented fields. Everything
 * else is HubSpot's own checking: top-level keys, uid rules, each component in its folder,
 * exactly one app and one webhooks component, config present.
 */

const ACCOUNT_ID = 123456;
const FAKE_KEY = 'offline-test-key'; // not a credential: nock answers, nothing leaves the machine

let dir: string;
let project: string;
let translate: typeof import('@hubspot/project-parsing-lib/translate').translate;

function schemasServed() {
  return nock('https://api.hubapi.com')
    .get('/project-components-external/project-schemas/v3/2026.03')
    .query({ portalId: String(ACCOUNT_ID), hapikey: FAKE_KEY })
    .reply(200, DOCUMENTED_COMPONENT_SCHEMAS);
}

async function validate(srcDir: string) {
  const scope = schemasServed();
  try {
    return await translate({
      projectSourceDir: srcDir,
      platformVersion: '2026.03',
      accountId: ACCOUNT_ID,
    });
  } finally {
    scope.done();
  }
}

/** The validation's findings, per file, as HubSpot's CLI would print them. */
async function rejection(srcDir: string): Promise<string> {
  const error = await validate(srcDir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return String(error);
}

beforeAll(async () => {
  // The HubSpot CLI library's environment-only account: an API key needs no token exchange.
  vi.stubEnv('USE_ENVIRONMENT_HUBSPOT_CONFIG', 'true');
  vi.stubEnv('HUBSPOT_ACCOUNT_ID', String(ACCOUNT_ID));
  vi.stubEnv('HUBSPOT_API_KEY', FAKE_KEY);
  nock.disableNetConnect();
  ({ translate } = await import('@hubspot/project-parsing-lib/translate'));
  dir = tempDir();
  project = join(dir, 'project');
  await build(project);
});

afterEach(() => nock.cleanAll());

afterAll(() => {
  vi.unstubAllEnvs();
  nock.enableNetConnect();
  removeDir(dir);
});

/** A copy of the generated project with one file changed. */
function brokenCopy(
  name: string,
  file: string,
  change: (json: Record<string, unknown>) => void,
): string {
  const copy = join(dir, name);
  cpSync(project, copy, { recursive: true });
  const path = join(copy, 'src', file);
  const json = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  change(json);
  writeFileSync(path, JSON.stringify(json));
  return join(copy, 'src');
}

describe('the generated project under the parser’s full validation (offline)', () => {
  it('passes: every component valid, nothing skipped', async () => {
    const result = await validate(join(project, 'src'));
    expect(result.skippedHsMetaFiles).toEqual([]);
    expect(
      Object.keys(result.intermediateRepresentation.intermediateNodesIndexedByUid).sort(),
    ).toEqual([
      'recruitment_lead_scoring',
      'recruitment_lead_scoring_settings',
      'recruitment_lead_scoring_webhooks',
      'recruitment_score_card',
    ]);
  });

  it('would catch a settings component with more than its entrypoint', async () => {
    const src = brokenCopy('settings-extra', 'app/settings/settings-hsmeta.json', (j) => {
      (j.config as Record<string, unknown>).location = 'settings';
    });
    expect(await rejection(src)).toMatch(
      /config: must NOT have additional properties\s+-\s+additionalProperty: location\b/,
    );
  });

  it('would catch a stray top-level key in an hsmeta file', async () => {
    const src = brokenCopy('stray-key', 'app/cards/recruitment-score-card-hsmeta.json', (j) => {
      j.version = 2;
    });
    expect(await rejection(src)).toContain('Unexpected top-level properties found: version');
  });

  it('would catch a uid HubSpot does not accept', async () => {
    const src = brokenCopy('bad-uid', 'app/webhooks/webhooks-hsmeta.json', (j) => {
      j.uid = 'recruitment webhooks';
    });
    expect(await rejection(src)).toContain(
      "webhooks-hsmeta.json:\n\t- 'uid' should use only letters, numbers, periods, hyphens, and underscores",
    );
  });

  it('would catch a generated key the documentation does not know', async () => {
    const src = brokenCopy('unknown-field', 'app/webhooks/webhooks-hsmeta.json', (j) => {
      (j.config as { settings: Record<string, unknown> }).settings.maxConcurrentRequest = 10;
    });
    expect(await rejection(src)).toMatch(
      /config\.settings: must NOT have additional properties\s+-\s+additionalProperty: maxConcurrentRequest\b/,
    );
  });
});
