import {
  Alert,
  Button,
  NumberInput,
  Select,
  Table,
  TableCell,
  TableRow,
  Text,
  Tile,
  ToggleGroup,
} from '@hubspot/ui-extensions';
import type { HubSpotFetchOptions } from '@hubspot/ui-extensions';
import { createRenderer } from '@hubspot/ui-extensions/testing';
import nock from 'nock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RecruitmentSettingsPage } from '../../extensions/settings-page/settings-page.tsx';
import { createHubSpotAdapter, createHubSpotClient } from '../../src/hubspot/index.ts';
import { SANDBOX_RECRUITER_ID, startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { createLogger } from '../../src/server/logger.ts';
import { signRequestV3 } from '../../src/server/request-signature.ts';
import { startScoringServer, type ScoringServer } from '../../src/server/scoring-server.ts';
import { defaultModel, NOW } from '../helpers/scoring-fixtures.ts';
import { typeInto } from './settings-render.tsx';

// The settings page end to end: rendered as HubSpot renders it, its hubspot.fetch signed the way
// HubSpot's proxy signs (v3, over the public URL) and sent over real HTTP to a running server,
// which reads and writes the sandbox account (HubSpot-shaped, date-based paths).
const PORTAL = 123; // the testing renderer's portal
const APP_ID = '16111050';
const CLIENT_SECRET = 'settings-page-e2e-secret-5f2c';
const PUBLIC_BASE_URL = 'https://recruitment-scoring.example.com';
const LONG = { timeoutInMs: 15_000 };
/** Learning in a worker thread on two busy cores. */
const CALIBRATION = { timeoutInMs: 150_000 };

let sandbox: Sandbox;
let server: ScoringServer;

/** HubSpot's proxy: adds appId, signs the full public URL and the JSON body, forwards. */
function hubspotProxy(url: string, options?: HubSpotFetchOptions): Promise<Response> {
  const target = new URL(url);
  target.searchParams.set('appId', APP_ID);
  const path = `${target.pathname}?${target.searchParams.toString()}`;
  const method = options?.method ?? 'GET';
  const rawBody = Buffer.from(options?.body ? JSON.stringify(options.body) : '', 'utf8');
  const headers = signRequestV3({
    clientSecret: CLIENT_SECRET,
    method,
    uri: PUBLIC_BASE_URL + path,
    rawBody,
    nowMs: Date.now(),
  }) as Record<string, string>;
  return fetch(server.localUrl + path, {
    method,
    headers: { ...headers, ...(rawBody.length > 0 && { 'content-type': 'application/json' }) },
    ...(rawBody.length > 0 && { body: rawBody }),
  });
}

function renderPage(userId: number) {
  const renderer = createRenderer('settings');
  const { context } = renderer.mocks;
  renderer.render(
    <RecruitmentSettingsPage
      context={{ ...context, user: { ...context.user, id: userId } }}
      fetch={hubspotProxy}
      baseUrl={PUBLIC_BASE_URL}
      pollIntervalMs={20}
      validateDelayMs={5}
    />,
  );
  return renderer;
}

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterAll(() => nock.enableNetConnect());
beforeEach(async () => {
  sandbox = await startSandbox({ contacts: 80, seed: 11, now: NOW, rateLimit: false });
  server = await startScoringServer({
    port: 0,
    publicBaseUrl: PUBLIC_BASE_URL,
    clientSecret: CLIENT_SECRET,
    hubspot: createHubSpotAdapter({
      client: createHubSpotClient({ accessToken: 'sandbox-token', basePath: sandbox.baseUrl }),
      maxRetries: 1,
    }),
    portalId: PORTAL,
    compiled: defaultModel,
    databaseUrl: 'sqlite::memory:',
    logger: createLogger({ write: () => {}, secrets: [CLIENT_SECRET] }),
    scoringClock: () => NOW,
    modelRefreshMs: 0,
    worker: { gatherMs: 0, retryBaseMs: 1, retryMaxMs: 5 },
  });
  await server.ready;
});
afterEach(async () => {
  await server.close();
  await sandbox.close();
});

describe('the settings page against a running server and the sandbox', () => {
  it('starts from a template, previews a lower bar for warm, publishes it and shows the recalculation', async () => {
    const renderer = renderPage(1); // the sandbox's super admin
    await renderer.waitFor(() => renderer.findByTestId(Tile, 'template-software-it'), LONG);
    renderer.findByTestId(Button, 'choose-software-it').trigger('onClick');
    await renderer.waitFor(() => renderer.findByTestId(Text, 'recalculation-summary'), LONG);
    expect(renderer.findByTestId(Text, 'recalculation-summary').text).toMatch(
      /^80 contacts read, /,
    );
    await renderer.waitFor(() => renderer.findByTestId(Text, 'published-version'), LONG);
    expect(renderer.findByTestId(Text, 'published-version').text).toMatch(
      /^Version 1 published on /,
    );

    // The template's tiers: hot 70, warm 45, cold. Warm from 10 moves many candidates up.
    await renderer.waitFor(
      () => renderer.findByTestId(NumberInput, 'field-tiers[1].minScore'),
      LONG,
    );
    expect(renderer.findByTestId(NumberInput, 'field-tiers[1].minScore').props.value).toBe(45);
    typeInto(renderer.findByTestId(NumberInput, 'field-tiers[1].minScore'), 10);
    await renderer.waitFor(
      () => expect(renderer.findByTestId(Text, 'draft-state').text).toBe('The draft is valid.'),
      LONG,
    );

    renderer.findByTestId(Button, 'start-preview').trigger('onClick');
    await renderer.waitFor(() => renderer.findByTestId(Text, 'tier-moves'), LONG);
    expect(renderer.findByTestId(Text, 'preview-sampled').text).toBe('80 contacts in the sample');
    const previewed = renderer.findByTestId(Text, 'tier-moves').text ?? '';
    expect(previewed).toMatch(/cold → warm: \d+/);

    renderer.findByTestId(Button, 'publish').trigger('onClick');
    await renderer.waitFor(() => renderer.findByTestId(Alert, 'published'), LONG);
    expect(renderer.findByTestId(Alert, 'published').text).toBe(
      'Version 2 is published. New activity is scored with it at once.',
    );
    // The recalculation moved exactly what the preview (every contact sampled) said it would.
    await renderer.waitFor(
      () => expect(renderer.findByTestId(Text, 'recalculation-moves').text).toBe(previewed),
      LONG,
    );
    expect((await server.accountModels.published(PORTAL))?.version).toBe(2);
  });

  it('calibrates the published model on the account’s contacts and loads the suggestion as the draft', async () => {
    const renderer = renderPage(1);
    await renderer.waitFor(() => renderer.findByTestId(Tile, 'template-software-it'), LONG);
    renderer.findByTestId(Button, 'choose-software-it').trigger('onClick');
    await renderer.waitFor(() => renderer.findByTestId(Text, 'published-version'), LONG);

    await renderer.waitFor(() => renderer.findByTestId(Select, 'calibration-property'), LONG);
    typeInto(renderer.findByTestId(Select, 'calibration-property'), 'lifecyclestage');
    await renderer.waitFor(() => renderer.findByTestId(ToggleGroup, 'calibration-values'), LONG);
    typeInto(renderer.findByTestId(ToggleGroup, 'calibration-values'), [
      'marketingqualifiedlead',
    ] as never);
    await renderer.waitFor(
      () => expect(renderer.findByTestId(Button, 'start-calibration').props.disabled).toBe(false),
      LONG,
    );
    renderer.findByTestId(Button, 'start-calibration').trigger('onClick');
    await renderer.waitFor(() => renderer.findByTestId(Table, 'calibration-backtest'), CALIBRATION);
    expect(renderer.findByTestId(Text, 'calibration-outcome').text).toMatch(
      /^80 contacts read; \d+ reached lifecyclestage = marketingqualifiedlead\.$/,
    );
    // The backend's result parsed by the page's contract: all four measures, three models each.
    const backtest = renderer.findByTestId(Table, 'calibration-backtest').findAll(TableRow);
    expect(backtest.map((row) => row.findAll(TableCell).length)).toEqual([0, 4, 4, 4, 4]);

    renderer.findByTestId(Button, 'load-calibration').trigger('onClick');
    await renderer.waitFor(() => renderer.findByTestId(Alert, 'calibration-loaded'), LONG);
    const job = await server.jobs.latest(PORTAL, 'calibration');
    const suggested = (job?.result as { suggestedYaml?: string } | undefined)?.suggestedYaml;
    expect(suggested).toMatch(/^tiers:/m);
    expect((await server.accountModels.draft(PORTAL))?.modelYaml).toBe(suggested);
    expect((await server.accountModels.published(PORTAL))?.version).toBe(1);
  }, 180_000);

  it('shows a recruiter (no super admin by HubSpot’s users API) why the templates are off', async () => {
    const renderer = renderPage(Number(SANDBOX_RECRUITER_ID));
    await renderer.waitFor(() => renderer.findByTestId(Alert, 'cannot-publish'), LONG);
    expect(renderer.findByTestId(Button, 'choose-software-it').props.disabled).toBe(true);
    expect(await server.accountModels.published(PORTAL)).toBeUndefined();
  });
});
