import { describe, expect, it } from 'vitest';
import { templateText } from '../../src/model/templates.ts';
import { SANDBOX_SUPER_ADMIN_ID } from '../../src/sandbox/index.ts';
import { compileModel } from '../../src/scoring/index.ts';
import { parseModel } from '../../src/model/index.ts';
import { runDueSweep } from '../../src/recalculation/index.ts';
import { createLambdaHandler, type LambdaHandler } from '../../src/serverless/lambda.ts';
import { silentLogger } from '../../src/server/logger.ts';
import { createServerlessRuntime } from '../../src/serverless/serverless-runtime.ts';
import {
  functionInstance,
  HEALTHCARE,
  invoke,
  json,
  setUp,
  updatedIds,
  useInstalledWorld,
} from './installed-world.ts';
import type { Sandbox } from '../../src/sandbox/index.ts';
import {
  apiGatewayEvent,
  expectedOutputsOf,
  fixture,
  lambdaContext,
  READ_PATH,
} from './serverless-harness.ts';

/**
 * The settings page's backend on AWS Lambda (the marketplace app): its requests are answered
 * by any function instance, and the jobs they start (a publish's recalculation, a preview)
 * wait in the store until the scheduled run takes them up, since nothing may run in a
 * function once it has answered.
 */

useInstalledWorld();

const settings = (
  handler: LambdaHandler,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body?: unknown,
  locale = 'en',
) =>
  invoke(
    handler,
    apiGatewayEvent({
      method,
      path: `/api/settings/${path}`,
      rawQueryString: `appId=16111050&portalId=${HEALTHCARE}&userId=${SANDBOX_SUPER_ADMIN_ID}&locale=${locale}`,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
const scheduledRun = async (handler: LambdaHandler, remainingMs = 60_000) =>
  (await handler(
    fixture('eventbridge-scheduled-event.json'),
    lambdaContext(remainingMs),
  )) as Record<string, unknown>;

const readIds = (sandbox: Sandbox) =>
  sandbox.account.requests
    .filter((r) => r.path === READ_PATH)
    .flatMap((r) => (r.body as { inputs: { id: string }[] }).inputs.map((i) => i.id));

const CONTACTS = 900;

describe('the settings page on AWS Lambda', () => {
  it('publishes from any instance; the recalculation waits for the scheduled run, which rescores every contact', async () => {
    const w = await setUp();
    const handler = await functionInstance(w);
    const overview = await settings(handler, 'GET', 'overview');
    expect(overview.statusCode).toBe(200);
    expect(json(overview)).toMatchObject({ portalId: HEALTHCARE, published: { version: 1 } });

    const yaml = await templateText('general');
    expect((await settings(handler, 'PUT', 'draft', { modelYaml: yaml })).statusCode).toBe(200);
    const published = await settings(handler, 'POST', 'publish', { note: 'general model' });
    expect(published.statusCode).toBe(200);
    const job = (json(published).recalculation as { id: string; status: string })!;
    // Answered before anything ran: the job is queued, no contact was written yet.
    expect(job.status).toBe('queued');
    expect(updatedIds(w.sandboxes[HEALTHCARE]!)).toEqual([]);

    // Another warm instance's scheduled run takes it up.
    const other = await functionInstance(w);
    const run = await scheduledRun(other);
    expect(run).toMatchObject({ jobs: 1, stopped: false });
    const done = await settings(handler, 'GET', `jobs/${job.id}`);
    expect(json(done).job).toMatchObject({ status: 'finished', progress: { done: 6 } });
    const sandbox = w.sandboxes[HEALTHCARE]!;
    const general = compileModel(parseModel(yaml, 'general'));
    for (const id of sandbox.account.contacts.keys()) {
      expect(sandbox.account.contacts.get(id)).toMatchObject(
        expectedOutputsOf(sandbox, general, id),
      );
    }
    // Done once: the next run finds nothing waiting.
    expect(await scheduledRun(handler)).toMatchObject({ jobs: 0 });
  });

  it('runs a preview in the scheduled run and keeps its figures for the page', async () => {
    const w = await setUp();
    const handler = await functionInstance(w);
    const started = await settings(handler, 'POST', 'preview', {
      modelYaml: await templateText('general'),
    });
    expect(started.statusCode).toBe(202);
    const job = json(started).job as { id: string; status: string };
    expect(job.status).toBe('queued');
    expect(await scheduledRun(handler)).toMatchObject({ jobs: 1 });
    const done = json(await settings(handler, 'GET', `jobs/${job.id}`)).job as {
      status: string;
      result: { sampled: number };
    };
    expect(done.status).toBe('finished');
    expect(done.result.sampled).toBe(6);
    // A preview writes nothing.
    expect(updatedIds(w.sandboxes[HEALTHCARE]!)).toEqual([]);
  });

  it('refuses a calibration in the admin’s language: it needs a server', async () => {
    const w = await setUp();
    const handler = await functionInstance(w);
    const body = { outcome: { property: 'lifecyclestage', values: ['customer'] } };
    const english = await settings(handler, 'POST', 'calibrate', body);
    expect(english.statusCode).toBe(501);
    expect(json(english)).toMatchObject({ reason: 'calibration-unavailable' });
    expect(JSON.stringify(json(english))).toMatch(/serverless functions/);
    const dutch = await settings(handler, 'POST', 'calibrate', body, 'nl');
    expect(JSON.stringify(json(dutch))).toMatch(/Kalibreren kan niet/);
  });
  it('stops a recalculation at the run’s deadline and goes on from its checkpoint in the next run', async () => {
    const w = await setUp({ contacts: { [HEALTHCARE]: CONTACTS } });
    // A budget of 18 requests a 10 s: the recalculation's reads and writes alone (27 for 900
    // contacts, besides the properties' check and the sweep's searches) need two windows.
    const handler = await functionInstance(w, { HUBSPOT_RATE_LIMIT: '20' });
    const yaml = await templateText('general');
    await settings(handler, 'PUT', 'draft', { modelYaml: yaml });
    const job = json(await settings(handler, 'POST', 'publish', {})).recalculation as {
      id: string;
    };
    // 25 s left: the run stops starting pages after 5 s, in its first window's wait.
    await scheduledRun(handler, 25_000);
    const paused = json(await settings(handler, 'GET', `jobs/${job.id}`)).job as {
      status: string;
      progress: { done: number };
    };
    expect(paused.status).toBe('queued');
    expect(paused.progress.done).toBeGreaterThan(0);
    expect(paused.progress.done).toBeLessThan(CONTACTS);
    const readBefore = readIds(w.sandboxes[HEALTHCARE]!).length;

    await scheduledRun(handler);
    const finished = json(await settings(handler, 'GET', `jobs/${job.id}`)).job as {
      status: string;
      progress: { done: number };
    };
    expect(finished).toMatchObject({ status: 'finished', progress: { done: CONTACTS } });
    // Went on where it stopped: contacts read again are at most the page in flight.
    const reads = readIds(w.sandboxes[HEALTHCARE]!);
    expect(reads.length - readBefore).toBeLessThanOrEqual(CONTACTS - paused.progress.done + 100);
    expect(new Set(reads).size).toBe(CONTACTS);
  }, 60_000);
  it('is not served where no schedule runs its jobs (a HubSpot app function)', async () => {
    const w = await setUp();
    const runtime = await createServerlessRuntime({
      env: w.env,
      scheduled: false,
      logger: silentLogger,
    });
    w.runtimes.push(runtime);
    expect(runtime.settings).toBeUndefined();
    const handler = createLambdaHandler({ runtime: async () => runtime, sweep: runDueSweep });
    const answer = await settings(handler, 'GET', 'overview');
    expect(answer.statusCode).toBe(503);
    expect(json(answer).error).toMatch(/scheduled run for its jobs/);
  });
});
