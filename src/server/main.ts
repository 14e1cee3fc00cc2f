import { randomBytes } from 'node:crypto';
import { config as loadDotenv } from 'dotenv';
import { budgetWithMargin, createHubSpotAdapter, createHubSpotClient } from '../hubspot/index.ts';
import { DEFAULT_MODEL_PATH, loadModelFile, ModelError } from '../model/index.ts';
import { findTemplate, loadTemplate, templateText } from '../model/templates.ts';
import { INSTALL_PATH } from '../oauth/index.ts';
import { startSandbox, type Sandbox } from '../sandbox/index.ts';
import { DEFAULT_BATCH_DEADLINE_MS } from '../pipeline/score-worker.ts';
import { compileModel } from '../scoring/index.ts';
import { UNKNOWN_PORTAL } from '../store/changed-since-watermarks.ts';
import { rateWindowsOfAccount } from '../store/rate-windows.ts';
import { openStore } from '../store/store.ts';
import { startupFailureSentence } from './config-error.ts';
import { ConfigError, readServerConfig } from './config.ts';
import { createLogger, logLevelFrom, type Logger } from './logger.ts';
import { replaySampleDeliveries, SANDBOX_PORTAL_ID } from './sandbox-demo.ts';
import { demonstrateSettingsPage } from './sandbox-settings-demo.ts';
import {
  startScoringServer,
  type ScoringServer,
  type ScoringServerOptions,
} from './scoring-server.ts';

/**
 * `npm start`: the server (webhooks, the card's backend, the rescoring sweep, and in OAuth mode
 * the install flow). With a private app's token it serves one account; with the marketplace
 * app's client id, every account that installs it; without credentials it runs a local
 * stand-in of HubSpot, replays signed sample deliveries and shows the scores.
 */
async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const config = readServerConfig(process.env);
  const { hubspot: mode } = config;
  const clientSecret =
    mode.mode === 'sandbox' ? randomBytes(24).toString('hex') : mode.clientSecret;
  const logger = createLogger({
    secrets: [clientSecret, ...config.secrets],
    level: logLevelFrom(process.env.LOG_LEVEL),
  });
  const compiled = compileModel(
    mode.mode === 'oauth' && config.scoringModelPath === DEFAULT_MODEL_PATH
      ? await loadTemplate(FRESH_INSTALL_TEMPLATE_ID)
      : await loadModelFile(config.scoringModelPath),
  );
  // HUBSPOT_RATE_LIMIT is the account's limit; we spend a margin below it (HubSpot asks for
  // under 5% errors), and the sandbox enforces the limit itself.
  const accountRateLimit = { requests: config.rateLimitPer10s, perMilliseconds: 10_000 };
  const rateBudget = budgetWithMargin(accountRateLimit);

  // The sandbox's contacts live in memory: a queue left in a file by an earlier run would
  // point at contacts of another sandbox. Unless told otherwise, keep its queue in memory too.
  const sandboxMode = mode.mode === 'sandbox';
  const databaseUrl =
    sandboxMode && config.databaseIsDefault ? 'sqlite::memory:' : config.databaseUrl;
  // Opened first: with several instances on one store, the static token's budget is counted
  // in the store over all of them.
  const store = await openStore(databaseUrl);
  let sandbox: Sandbox | undefined;
  let accounts: Pick<ScoringServerOptions, 'hubspot' | 'portalId' | 'oauth'>;
  if (mode.mode === 'oauth') {
    accounts = { oauth: { config: mode.oauth, apiBaseUrl: mode.apiBaseUrl, rateBudget } };
  } else if (mode.mode === 'account') {
    accounts = { hubspot: adapter(mode.accessToken, mode.apiBaseUrl), portalId: config.portalId };
    if (config.portalId === undefined) {
      logger.warn(
        'HUBSPOT_PORTAL_ID is not set: webhooks and card requests of any HubSpot account are ' +
          "served with this private app's token; set it to the account's id to refuse others",
      );
    }
  } else {
    sandbox = await startSandbox({ contacts: 25, seed: 7, rateLimit: accountRateLimit });
    accounts = { hubspot: adapter('sandbox-token', sandbox.baseUrl), portalId: SANDBOX_PORTAL_ID };
    logger.warn(
      'SANDBOX MODE: no HUBSPOT_ACCESS_TOKEN / HUBSPOT_CLIENT_SECRET set, so this server talks to a ' +
        'local stand-in of the HubSpot API (in memory, 25 latent candidates, rate limit on). ' +
        'Nothing reaches a real HubSpot account. See README, "Connecting a HubSpot account".',
      { sandbox: sandbox.baseUrl },
    );
  }

  function adapter(accessToken: string, basePath: string) {
    return createHubSpotAdapter({
      client: createHubSpotClient({ accessToken, basePath, timeoutMs: config.requestTimeoutMs }),
      rateBudget,
      ...(store.shared
        ? {
            sharedBudget: rateWindowsOfAccount(
              store.rateWindows(),
              config.portalId ?? UNKNOWN_PORTAL,
            ),
          }
        : {}),
      logger,
    });
  }

  const sweepMs = config.sweepIntervalMinutes * 60_000;
  const server = await startScoringServer({
    port: config.port,
    host: sandboxMode ? '127.0.0.1' : '0.0.0.0',
    publicBaseUrl: config.appBaseUrl,
    clientSecret,
    ...accounts,
    compiled,
    store,
    ownAppId: config.appId,
    settingsPublishers: config.settingsPublishers,
    logger,
    // A batch's deadline fits within its lease: no instance takes over work still in flight.
    worker: {
      leaseMs: config.workLeaseSeconds * 1000,
      batchDeadlineMs: Math.min(DEFAULT_BATCH_DEADLINE_MS, config.workLeaseSeconds * 1000),
    },
    // The sandbox's first sweep waits one interval, so the demo's output stays its own.
    sweep:
      sweepMs > 0 ? { intervalMs: sweepMs, firstSweepInMs: sandboxMode ? sweepMs : 0 } : undefined,
  });
  if (sandboxMode) await startSandboxFromTemplate(server, logger);
  logger.info('listening', {
    url: server.localUrl,
    webhookUrl: `${server.publicBaseUrl}/webhooks/hubspot`,
    cardApi: `${server.publicBaseUrl}/api/contacts/:contactId/score`,
    settingsApi: `${server.publicBaseUrl}/api/settings`,
    installUrl: mode.mode === 'oauth' ? `${server.publicBaseUrl}${INSTALL_PATH}` : undefined,
    // Static mode: the one account's published model, or the file's while none is published.
    // OAuth: the file's model is what accounts with nothing published are scored with.
    ...(mode.mode === 'oauth'
      ? { fallbackModel: compiled.model.name }
      : await staticModelOf(server, accounts.portalId)),
    store: store.description,
  });
  stopOnSignals(server, sandbox, logger);

  if (sandbox) {
    const print = (text: string) => process.stdout.write(`${text}\n`);
    await replaySampleDeliveries(server, sandbox, clientSecret, logger, print);
    try {
      await demonstrateSettingsPage(server, SANDBOX_PORTAL_ID, clientSecret, print);
    } catch (error) {
      logger.error('the settings page demo failed; the server keeps running', { error });
    }
    logger.info('sandbox demo done; the server keeps running (Ctrl-C stops it)', {
      webhookUrl: `${server.localUrl}/webhooks/hubspot`,
    });
  }
}

/**
 * What a fresh marketplace install scores with until its admin picks a template (the install
 * page says so): the general one, which reads only HubSpot's default properties and fits any
 * vacancy. The shipped model file is software and IT and reads `years_of_experience`, a custom
 * property most accounts lack; a healthcare agency would see its nurses marked "outside IT".
 * An operator who sets SCORING_MODEL gets that file instead.
 */
const FRESH_INSTALL_TEMPLATE_ID = 'general';

/**
 * The seeded candidates work in software and IT: the sandbox account starts from that template,
 * published as an admin would by picking it on the settings page, so `npm start` scores with
 * the account's own model with no setup. A store file (DATABASE_URL) that already holds a
 * published model for it is left as it is.
 */
const SANDBOX_TEMPLATE_ID = 'software-it';

async function startSandboxFromTemplate(server: ScoringServer, logger: Logger): Promise<void> {
  if ((await server.accountModels.publishedVersion(SANDBOX_PORTAL_ID)) !== undefined) return;
  const template = findTemplate(SANDBOX_TEMPLATE_ID)!;
  const published = await server.accountModels.publish(
    SANDBOX_PORTAL_ID,
    await templateText(template.id),
    { by: 'sandbox', note: `Started from template "${template.name.en}"` },
  );
  server.accountRegistry.refresh(SANDBOX_PORTAL_ID);
  logger.info('the sandbox account starts from a template', {
    template: template.id,
    modelVersion: published.version,
  });
}

async function staticModelOf(server: ScoringServer, portalId: number | undefined) {
  const account = portalId ?? UNKNOWN_PORTAL;
  const version = await server.accountRegistry.modelVersionFor(account);
  return {
    model: (await server.accountRegistry.modelFor(account)).model.name,
    modelVersion: version ?? 'none published: SCORING_MODEL',
  };
}

function stopOnSignals(server: ScoringServer, sandbox: Sandbox | undefined, logger: Logger) {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down: finishing the batches in flight', { signal });
    // server.close() is bounded (grace 8 s, at most 9 s); this is the backstop at 10 s
    // whatever else hangs, so an orchestrator's SIGTERM never needs a kill -9.
    setTimeout(() => {
      logger.error('shutdown took longer than 10 s; exiting with work still queued');
      process.exit(1);
    }, 10_000).unref();
    void (async () => {
      await server.close();
      await Promise.race([sandbox?.close(), new Promise((resolve) => setTimeout(resolve, 500))]);
      logger.info('stopped; work still queued stays in the store for the next start');
      process.exit(0);
    })().catch((error: unknown) => {
      logger.error('shutdown failed', { error });
      process.exit(1);
    });
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  const sentence = startupFailureSentence(error, process.env);
  if (error instanceof ConfigError || error instanceof ModelError) {
    process.stderr.write(`${error.message}\n`);
  } else if (sentence !== undefined) {
    // The operator's to fix (port taken, unreadable database): one sentence, no stack trace.
    process.stderr.write(`The server could not start: ${sentence}\n`);
  } else {
    const { HUBSPOT_ACCESS_TOKEN, HUBSPOT_CLIENT_SECRET, TOKEN_ENCRYPTION_KEY } = process.env;
    createLogger({
      secrets: [HUBSPOT_ACCESS_TOKEN, HUBSPOT_CLIENT_SECRET, TOKEN_ENCRYPTION_KEY],
    }).error('the server could not start', { error: (error as Error).stack ?? String(error) });
  }
  process.exit(1);
});
