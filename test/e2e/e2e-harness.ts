import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHubSpotAdapter, createHubSpotClient } from '../../src/hubspot/index.ts';
import { scoreOutputValues } from '../../src/hubspot/score-properties.ts';
import { readProperties } from '../../src/pipeline/rescore-contacts.ts';
import { startSandbox, type Sandbox, type SandboxRequest } from '../../src/sandbox/index.ts';
import { scoreContact } from '../../src/scoring/index.ts';
import { silentLogger } from '../../src/server/logger.ts';
import { startScoringServer, type ScoringServer } from '../../src/server/scoring-server.ts';
import { defaultModel, NOW } from '../helpers/scoring-fixtures.ts';
import { TEST_CLIENT_SECRET } from '../server/signed-delivery.ts';

export const READ_PATH = '/crm/objects/2026-03/contacts/batch/read';
export const UPDATE_PATH = '/crm/objects/2026-03/contacts/batch/update';
export const RATE_LIMIT = { requests: 110, perMilliseconds: 10_000 };

export interface Harness {
  sandbox: Sandbox;
  server: ScoringServer;
  databasePath: string;
  /** Starts another server on the same store and sandbox (a restart after a crash). */
  restart(): Promise<ScoringServer>;
  /** Requests the sandbox received since the last `clearRequests`. */
  requests(path?: string): SandboxRequest[];
  clearRequests(): void;
  /** The outputs the app should have written for a contact as the sandbox holds it now. */
  expectedOutputs(contactId: string): Record<string, string>;
  close(): Promise<void>;
}

/** Sandbox (rate limit on) + our server on port 0 with a store file of its own. */
export async function startHarness(options: { contacts?: number } = {}): Promise<Harness> {
  const sandbox = await startSandbox({
    contacts: options.contacts ?? 120,
    seed: 3,
    now: NOW,
    rateLimit: RATE_LIMIT,
  });
  const dir = mkdtempSync(join(tmpdir(), 'e2e-scoring-'));
  const databasePath = join(dir, 'scoring.db');
  const servers: ScoringServer[] = [];
  const start = async () => {
    const server = await startScoringServer({
      port: 0,
      clientSecret: TEST_CLIENT_SECRET,
      hubspot: createHubSpotAdapter({
        client: createHubSpotClient({ accessToken: 'e2e-token', basePath: sandbox.baseUrl }),
        rateBudget: RATE_LIMIT,
        // One quick retry in the adapter; the worker's own backoff handles longer outages.
        maxRetries: 1,
        random: () => 0,
      }),
      compiled: defaultModel,
      databaseUrl: `sqlite:${databasePath}`,
      logger: silentLogger,
      scoringClock: () => NOW,
      worker: { gatherMs: 5, retryBaseMs: 5, retryMaxMs: 50 },
    });
    servers.push(server);
    await server.ready;
    return server;
  };
  const server = await start();
  sandbox.account.reset(); // forget the start-up property checks
  return {
    sandbox,
    server,
    databasePath,
    restart: start,
    requests: (path) =>
      sandbox.account.requests.filter((r) => path === undefined || r.path === path),
    clearRequests: () => sandbox.account.reset(),
    expectedOutputs: (contactId) => expectedOutputsOf(sandbox, contactId),
    async close() {
      for (const s of servers) await s.close();
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * What the shipped model scores a contact as the sandbox holds it now: the properties the app
 * reads, and the history of the ones its history touchpoints count (the app reads that too).
 */
export function expectedOutputsOf(sandbox: Sandbox, contactId: string): Record<string, string> {
  const properties = sandbox.account.contacts.get(contactId)!;
  const read = Object.fromEntries(
    readProperties(defaultModel).map((p) => [p, properties[p] ?? null]),
  );
  const history = Object.fromEntries(
    defaultModel.historyProperties.map((p) => [p, sandbox.account.historyOf(contactId, p)]),
  );
  return scoreOutputValues(scoreContact(defaultModel, read, NOW, history));
}

export function contactIds(harness: Harness): string[] {
  return [...harness.sandbox.account.contacts.keys()];
}
