/**
 * `npm run bench:publish`: an admin publishes on the settings page and the account of 10,000
 * contacts is recalculated in the background, against the local HubSpot stand-in with
 * HubSpot's limits on (110 requests a rolling 10 s, 5 searches a second). Two publishes: the
 * software and IT template on an account scored by nothing yet (every contact written), then a
 * draft with a lower bar for warm (only the contacts that move are written).
 *
 * The floor is the least HubSpot calls for the run (a search per 200 contacts, a batch read per
 * 100 — per 50 when the model reads property history, HubSpot's limit then — and a batch update
 * per 100 changed) at the configured budget (90% of the account's limit: 99 a 10 s). Printed:
 * time, calls against the least, the time against the floor (goal: within 1.1), 429s.
 *
 *   npm run bench:publish                 # 10,000 contacts
 *   CONTACTS=2000 npm run bench:publish
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHubSpotAdapter, createHubSpotClient } from '../src/hubspot/index.ts';
import { table } from './bench-table.ts';
import { DEFAULT_RATE_BUDGET } from '../src/hubspot/rate-budget.ts';
import type { JobInfo } from '../src/jobs/index.ts';
import { compileModel } from '../src/scoring/index.ts';
import { parseModel } from '../src/model/index.ts';
import { contactsPerRead } from '../src/pipeline/rescore-contacts.ts';
import { proxiedFetch } from '../src/sandbox/hubspot-fetch-proxy.ts';
import { SANDBOX_SUPER_ADMIN_ID, startSandbox } from '../src/sandbox/index.ts';
import { createLogger } from '../src/server/logger.ts';
import { startScoringServer } from '../src/server/scoring-server.ts';
import {
  publishAnswerSchema,
  recalculationResultSchema,
  SETTINGS_ROUTES,
  chooseTemplateAnswerSchema,
} from '../src/settings-api/index.ts';

const CONTACTS = Number(process.env.CONTACTS ?? 10_000);
const RATE_LIMIT = { requests: 110, perMilliseconds: 10_000 };
const NOW = Date.parse('2026-11-25T12:00:00.000Z');
const SECRET = 'bench-client-secret';
const PORTAL = 62515;
const PUBLIC_BASE_URL = 'https://scoring.example.com';
const TEMPLATE = readFileSync(
  new URL('../models/templates/software-it.yaml', import.meta.url),
  'utf8',
);
const LOW_WARM = TEMPLATE.replace('minScore: 45', 'minScore: 30');

async function main() {
  const sandbox = await startSandbox({
    contacts: CONTACTS,
    seed: 23,
    now: NOW,
    rateLimit: RATE_LIMIT,
  });
  const dir = mkdtempSync(join(tmpdir(), 'bench-publish-'));
  const server = await startScoringServer({
    port: 0,
    publicBaseUrl: PUBLIC_BASE_URL,
    clientSecret: SECRET,
    hubspot: createHubSpotAdapter({
      client: createHubSpotClient({ accessToken: 'bench', basePath: sandbox.baseUrl }),
      accountRateLimit: RATE_LIMIT,
    }),
    portalId: PORTAL,
    compiled: compileModel(parseModel(TEMPLATE, 'template')),
    databaseUrl: `sqlite:${join(dir, 'bench.db')}`,
    logger: createLogger({ level: 'warn' }),
    scoringClock: () => NOW,
  });
  const settings = (method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown) =>
    proxiedFetch(
      { localUrl: server.localUrl, publicBaseUrl: PUBLIC_BASE_URL, clientSecret: SECRET },
      { method, path, body, portalId: PORTAL, userId: SANDBOX_SUPER_ADMIN_ID },
    );
  try {
    await server.ready;
    console.log(
      `${CONTACTS.toLocaleString('en')} contacts; HubSpot's limit ${RATE_LIMIT.requests} a 10 s, ` +
        `our budget ${DEFAULT_RATE_BUDGET.requests} a 10 s (searches 4 a second)\n`,
    );
    const rows: string[][] = [];

    const chosen = chooseTemplateAnswerSchema.parse(
      (await settings('POST', SETTINGS_ROUTES.template, { templateId: 'software-it' })).body,
    );
    rows.push(await measure('template, nothing scored yet', chosen.recalculation!, TEMPLATE));

    await settings('PUT', SETTINGS_ROUTES.draft, { modelYaml: LOW_WARM });
    const published = publishAnswerSchema.parse(
      (await settings('POST', SETTINGS_ROUTES.publish, { note: 'bench' })).body,
    );
    rows.push(await measure('lower bar for warm', published.recalculation!, LOW_WARM));

    const header = [
      'publish',
      'seconds',
      'calls',
      'least',
      'floor s',
      '× floor',
      'written',
      '429s',
    ];
    console.log(table([header, ...rows]));
  } finally {
    await server.close();
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }

  async function measure(title: string, started: JobInfo, yaml: string): Promise<string[]> {
    const before = sandbox.account.requests.length;
    let shown = 0;
    let job = started;
    while (!['finished', 'failed', 'cancelled'].includes(job.status)) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      job = (await server.jobs.job(PORTAL, started.id))!;
      if (job.progress.done - shown >= 2_000) {
        shown = job.progress.done;
        process.stderr.write(
          `  ${title}: ${shown.toLocaleString('en')}/${job.progress.total ?? '?'} contacts\n`,
        );
      }
    }
    if (job.status !== 'finished')
      throw new Error(`${title}: the recalculation ${job.status}: ${job.error}`);
    const result = recalculationResultSchema.parse(job.result);
    const perRead = contactsPerRead(compileModel(parseModel(yaml, title)));
    const floorSeconds =
      (result.leastRequests * DEFAULT_RATE_BUDGET.perMilliseconds) /
      DEFAULT_RATE_BUDGET.requests /
      1000;
    const refused = sandbox.account.requests.slice(before).filter((r) => r.status === 429).length;
    return [
      `${title} (reads of ${perRead})`,
      result.seconds.toFixed(1),
      String(result.requests),
      String(result.leastRequests),
      floorSeconds.toFixed(1),
      (result.seconds / floorSeconds).toFixed(2),
      result.written.toLocaleString('en'),
      String(refused),
    ];
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
