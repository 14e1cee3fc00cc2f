import {
  createHubSpotAdapter,
  createHubSpotClient,
  type HubSpotPort,
} from '../../src/hubspot/index.ts';
import type { RescoreOutcome } from '../../src/pipeline/rescore-contacts.ts';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.ts';
import { createLogger } from '../../src/server/logger.ts';
import { startScoringServer, type ScoringServer } from '../../src/server/scoring-server.ts';
import { jobAnswerSchema, SETTINGS_ROUTES, type JobInfo } from '../../src/settings-api/index.ts';
import { defaultModel, NOW } from '../helpers/scoring-fixtures.ts';
import { CLIENT_SECRET, PUBLIC_BASE_URL, signedSettingsRequest } from './settings-helpers.ts';

/**
 * The settings page's calls over real HTTP into a real server, which talks to the local
 * HubSpot stand-in: its users API says who is a super admin, its contacts are what previews
 * sample, recalculations rewrite and calibrations learn from.
 */
export const SETTINGS_PORTAL = 62515;

type Call = Omit<Parameters<typeof signedSettingsRequest>[0], 'portalId' | 'signedAt'>;

export interface SettingsServerRig {
  sandbox: Sandbox;
  server: ScoringServer;
  /** A port of our own onto the sandbox, to read what HubSpot holds. */
  port: HubSpotPort;
  /** The worker's rescored batches, in order. */
  batches: RescoreOutcome[];
  /** A call as the settings page's signed `hubspot.fetch` makes it, through the proxy. */
  call(options: Call): Promise<{ status: number; body: unknown }>;
  /** Polls the job as the page does until it has ended (or `waitMs` passed). */
  ended(job: JobInfo, waitMs?: number): Promise<JobInfo>;
  close(): Promise<void>;
}

export async function startSettingsServer(contacts = 240): Promise<SettingsServerRig> {
  const batches: RescoreOutcome[] = [];
  const sandbox = await startSandbox({ contacts, seed: 7, now: NOW, rateLimit: false });
  const port = createHubSpotAdapter({
    client: createHubSpotClient({ accessToken: 'sandbox-token', basePath: sandbox.baseUrl }),
    maxRetries: 1,
  });
  const server = await startScoringServer({
    port: 0,
    publicBaseUrl: PUBLIC_BASE_URL,
    clientSecret: CLIENT_SECRET,
    hubspot: port,
    portalId: SETTINGS_PORTAL,
    compiled: defaultModel,
    databaseUrl: 'sqlite::memory:',
    logger: createLogger({ write: () => {}, secrets: [CLIENT_SECRET] }),
    scoringClock: () => NOW,
    modelRefreshMs: 0,
    worker: {
      gatherMs: 0,
      retryBaseMs: 1,
      retryMaxMs: 5,
      onRescored: (_portalId, outcome) => batches.push(outcome),
    },
  });
  await server.ready;

  const call: SettingsServerRig['call'] = async (options) => {
    const request = signedSettingsRequest({
      ...options,
      portalId: SETTINGS_PORTAL,
      signedAt: Date.now(),
    });
    const response = await fetch(server.localUrl + request.url, {
      method: request.method,
      headers: {
        ...(request.headers as Record<string, string>),
        ...(request.rawBody.length > 0 ? { 'content-type': 'application/json' } : {}),
      },
      ...(request.rawBody.length > 0 ? { body: request.rawBody } : {}),
    });
    return { status: response.status, body: await response.json() };
  };
  const ended: SettingsServerRig['ended'] = async (job, waitMs = 20_000) => {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const answer = await call({ method: 'GET', path: SETTINGS_ROUTES.job(job.id) });
      const polled = jobAnswerSchema.parse(answer.body).job;
      if (['finished', 'failed', 'cancelled'].includes(polled.status)) return polled;
      if (Date.now() > deadline) throw new Error(`job still ${polled.status}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return {
    sandbox,
    server,
    port,
    batches,
    call,
    ended,
    close: async () => {
      await server.close();
      await sandbox.close();
    },
  };
}
