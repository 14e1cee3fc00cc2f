import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createHubSpotAdapter,
  createHubSpotClient,
  SCORE_PROPERTIES,
  scoreOutputValues,
} from '../../src/hubspot/index.ts';
import type { DueSweepSummary } from '../../src/recalculation/index.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { readProperties } from '../../src/pipeline/rescore-contacts.ts';
import { DAY_MS, scoreContact } from '../../src/scoring/index.ts';
import { silentLogger } from '../../src/server/logger.ts';
import { createChangedSinceWatermarks } from '../../src/store/changed-since-watermarks.ts';
import { openStoreDatabase } from '../../src/store/database.ts';
import { startScoringServer, type ScoringServer } from '../../src/server/scoring-server.ts';
import { aContact, defaultModel, NOW } from '../helpers/scoring-fixtures.ts';
import { waitFor } from '../pipeline/wait-for.ts';

// The sweep as the server runs it (static token) against the local HubSpot stand-in: decay
// moved scores while no webhook came; contacts whose review time passed are rescored.
let sandbox: Sandbox;
let server: ScoringServer | undefined;
beforeEach(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  sandbox = await startSandbox({ now: NOW, rateLimit: false });
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await sandbox.close();
  nock.enableNetConnect();
});

function serve(
  sweep:
    | {
        intervalMs: number;
        onSweep?: (p: number | undefined, s: DueSweepSummary) => void;
        onChangedSince?: () => void;
      }
    | undefined,
  databaseUrl = 'sqlite::memory:',
) {
  return startScoringServer({
    port: 0,
    clientSecret: 'sweep-secret',
    hubspot: createHubSpotAdapter({
      client: createHubSpotClient({ accessToken: 'sweep-token', basePath: sandbox.baseUrl }),
      maxRetries: 0,
    }),
    compiled: defaultModel,
    databaseUrl,
    logger: silentLogger,
    scoringClock: () => NOW,
    sweep,
  });
}

/** A scored candidate whose stored score is stale: its review time passed a day ago. */
function aDueCandidate(): string {
  const properties = Object.fromEntries(
    Object.entries(aContact()).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
  return sandbox.account.createContact({
    ...properties,
    [SCORE_PROPERTIES.score]: '99',
    [SCORE_PROPERTIES.tier]: 'hot',
    [SCORE_PROPERTIES.nextReviewAt]: new Date(NOW - DAY_MS).toISOString(),
  });
}

describe('the rescoring sweep inside the server', () => {
  it('rescores contacts whose review time passed, once ready, and moves their review ahead', async () => {
    const due = aDueCandidate();
    const summaries: DueSweepSummary[] = [];
    server = await serve({ intervalMs: 60 * 60_000, onSweep: (_p, s) => summaries.push(s) });
    await waitFor(() => summaries.length === 1, 'the first sweep');

    expect(summaries[0]).toMatchObject({ due: 1, read: 1, changed: 1, written: 1 });
    const read = Object.fromEntries(
      readProperties(defaultModel).map((p) => [p, sandbox.account.contacts.get(due)![p] ?? null]),
    );
    const expected = scoreOutputValues(scoreContact(defaultModel, read, NOW));
    expect(sandbox.account.contacts.get(due)).toMatchObject(expected);
    // No longer due: reviewed later, or never again (empty) when decay has nothing left to do.
    const review = expected[SCORE_PROPERTIES.nextReviewAt]!;
    expect(review === '' ? Infinity : Date.parse(review)).toBeGreaterThan(NOW);
  });

  it('keeps the changed-since watermark in the store, so a restart resumes from it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sweep-watermark-'));
    const path = join(dir, 'store.db');
    try {
      let passes = 0;
      server = await serve(
        { intervalMs: 60 * 60_000, onChangedSince: () => passes++ },
        `sqlite:${path}`,
      );
      await waitFor(() => passes === 1, 'the first changed-since pass');
      await server.close();
      server = undefined;
      const db = openStoreDatabase(path);
      try {
        // The static account without HUBSPOT_PORTAL_ID: its watermark is kept under portal 0.
        expect(await createChangedSinceWatermarks(db).get(undefined)).toBeTypeOf('number');
      } finally {
        db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
