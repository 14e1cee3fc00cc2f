import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHubSpotAdapter, createHubSpotClient } from '../../src/hubspot/index.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { silentLogger } from '../../src/server/logger.ts';
import {
  startScoringServer,
  type ScoringServer,
  type ScoringServerOptions,
} from '../../src/server/scoring-server.ts';
import { defaultModel, NOW } from '../helpers/scoring-fixtures.ts';
import { TEST_CLIENT_SECRET } from '../server/signed-delivery.ts';
import { expectedOutputsOf, READ_PATH, UPDATE_PATH } from './e2e-harness.ts';

/**
 * The sandbox with fault injection and our server in-process, with short deadlines so a hung
 * request costs milliseconds, not 15 s: for the fault tests and the shutdown test.
 */

export interface FaultHarness {
  sandbox: Sandbox;
  server: ScoringServer;
  /** Starts another server on the same store (after a stop, or a crash). */
  restart(): Promise<ScoringServer>;
  /**
   * Queues the contacts as one delivery's worth of work would, in one go: batches are then
   * exactly 100 (two reads of 50, one write), so the least possible number of calls is exact (deliveries over HTTP may be
   * split across batches on a busy machine; the webhook path has its own tests).
   */
  queueChanges(ids: readonly string[]): void;
  /** Contacts whose outputs in the sandbox are not what the model says they should be. */
  unscored(ids: readonly string[]): string[];
  /** Batch reads and updates the sandbox saw, hung ones (status 0) included. */
  calls(): { reads: number; writes: number; failed: number };
  close(): Promise<void>;
}

export interface FaultHarnessOptions {
  contacts: number;
  /** The HubSpot request deadline (transport's timeoutMs). */
  requestTimeoutMs?: number;
  server?: Partial<ScoringServerOptions>;
}

export async function startFaultHarness(options: FaultHarnessOptions): Promise<FaultHarness> {
  // No rate limit: these tests inject their own 429s, and count calls exactly.
  const sandbox = await startSandbox({
    contacts: options.contacts,
    seed: 5,
    now: NOW,
    rateLimit: false,
  });
  const dir = mkdtempSync(join(tmpdir(), 'e2e-faults-'));
  const databasePath = join(dir, 'scoring.db');
  const servers: ScoringServer[] = [];
  const start = async () => {
    const server = await startScoringServer({
      port: 0,
      clientSecret: TEST_CLIENT_SECRET,
      hubspot: createHubSpotAdapter({
        client: createHubSpotClient({
          accessToken: 'e2e-token',
          basePath: sandbox.baseUrl,
          timeoutMs: options.requestTimeoutMs ?? 1_500,
        }),
        rateBudget: { requests: 1_000, perMilliseconds: 1_000 },
        maxRetries: 1,
        random: () => 0,
      }),
      compiled: defaultModel,
      databaseUrl: `sqlite:${databasePath}`,
      logger: silentLogger,
      scoringClock: () => NOW,
      // A long gather: every delivery of a test is queued before the first claim, so the
      // least possible number of calls is exact.
      worker: { gatherMs: 150, retryBaseMs: 5, retryMaxMs: 50, batchDeadlineMs: 10_000 },
      ...options.server,
    });
    servers.push(server);
    await server.ready;
    return server;
  };
  const server = await start();
  sandbox.account.reset();
  const isBatch = (path: string) => path === READ_PATH || path === UPDATE_PATH;

  return {
    sandbox,
    server,
    restart: start,
    async queueChanges(ids) {
      const server = servers.at(-1)!;
      const rescore = ids.map((contactId) => ({ portalId: 62515, contactId }));
      await server.queue.enqueue({ rescore, engagements: [], forget: [] }, Date.now());
      server.worker.kick();
    },
    unscored: (ids) => unscoredContacts(sandbox, ids),
    calls() {
      const batch = sandbox.account.requests.filter((r) => isBatch(r.path));
      return {
        reads: batch.filter((r) => r.path === READ_PATH).length,
        writes: batch.filter((r) => r.path === UPDATE_PATH).length,
        failed: batch.filter((r) => r.status === 0 || r.status >= 400).length,
      };
    },
    async close() {
      for (const s of servers) await s.close();
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Contacts whose outputs in the sandbox are not what the model says (as of NOW). */
export function unscoredContacts(sandbox: Sandbox, ids: readonly string[]): string[] {
  return ids.filter((id) => {
    const properties = sandbox.account.contacts.get(id)!;
    const expected = expectedOutputsOf(sandbox, id);
    return Object.entries(expected).some(([name, value]) => properties[name] !== value);
  });
}
