import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createHubSpotAdapter,
  createHubSpotClient,
  SCORE_PROPERTIES,
} from '../../src/hubspot/index.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { createLogger } from '../../src/server/logger.ts';
import { startScoringServer, type ScoringServer } from '../../src/server/scoring-server.ts';
import { runCli } from '../cli/cli-helpers.ts';
import { defaultModel, NOW } from '../helpers/scoring-fixtures.ts';
import { anEvent, postDelivery, TEST_CLIENT_SECRET } from '../server/signed-delivery.ts';
import { modelText } from './account-fixtures.ts';

// Static mode (a private app's token, account id not set) with the store in a file: an
// operator publishes with the command line, a separate connection to the same store, and the
// running server scores the next webhook with it and adds its new tier to HubSpot's options.
let dir: string;
let sandbox: Sandbox;
let server: ScoringServer;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'publish-from-cli-'));
  const store = join(dir, 'scoring.db');
  vi.stubEnv('DATABASE_URL', `sqlite:${store}`);
  vi.stubEnv('HUBSPOT_PORTAL_ID', '');
  vi.stubEnv('HUBSPOT_CLIENT_ID', '');
  sandbox = await startSandbox({ contacts: 6, seed: 5, now: NOW, rateLimit: false });
  server = await startScoringServer({
    port: 0,
    clientSecret: TEST_CLIENT_SECRET,
    hubspot: createHubSpotAdapter({
      client: createHubSpotClient({ accessToken: 'sandbox-token', basePath: sandbox.baseUrl }),
    }),
    compiled: defaultModel,
    databaseUrl: `sqlite:${store}`,
    logger: createLogger({ write: () => {} }),
    scoringClock: () => NOW,
    modelRefreshMs: 0,
    worker: { gatherMs: 0, retryBaseMs: 1, retryMaxMs: 5 },
  });
  await server.ready;
});
afterEach(async () => {
  await server.close();
  await sandbox.close();
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

const tierOptions = () =>
  (sandbox.account.propertyDefinitions.get(SCORE_PROPERTIES.tier)?.options ?? []).map(
    (o) => `${o.value}${o.hidden ? ' (hidden)' : ''}`,
  );

describe('a model published with the command line', () => {
  it('scores the running server’s next webhook and adds its tiers to HubSpot', async () => {
    const id = [...sandbox.account.contacts.keys()].find(
      (c) => sandbox.account.contacts.get(c)!.jobtitle,
    )!;
    const send = (eventId: number) =>
      postDelivery(server.localUrl, [anEvent({ portalId: 62515, objectId: Number(id), eventId })]);
    await send(1);
    await server.drained();
    const byDefaultModel = sandbox.account.contacts.get(id)![SCORE_PROPERTIES.score];
    expect(tierOptions()).not.toContain('lukewarm');

    const text = modelText('Static account', { points: 40 }).replace(
      '  - { name: cold }',
      '  - { name: lukewarm, minScore: 30 }\n  - { name: cold }',
    );
    const file = join(dir, 'model.yaml');
    writeFileSync(file, text);
    const run = await runCli(['model', 'publish', file, '--note', 'our own']);
    expect(run.stdout).toContain('as version 1 of account 0');

    await send(2);
    await server.drained();
    const contact = sandbox.account.contacts.get(id)!;
    expect(contact[SCORE_PROPERTIES.score]).toBe('40');
    expect(contact[SCORE_PROPERTIES.score]).not.toBe(byDefaultModel);
    expect(contact[SCORE_PROPERTIES.tier]).toBe('lukewarm');
    expect(tierOptions()).toContain('lukewarm');
    expect(await server.accountRegistry.modelVersionFor(62515)).toBe(1);
  });
});
