import { randomBytes } from 'node:crypto';
import { config as loadDotenv } from 'dotenv';
import { createHubSpotAdapter, createHubSpotClient } from '../hubspot/index.ts';
import { loadModelFile, ModelError } from '../model/index.ts';
import { startSandbox, type Sandbox } from '../sandbox/index.ts';
import { compileModel } from '../scoring/index.ts';
import { ConfigError, readServerConfig } from './config.ts';
import { createLogger, type Logger } from './logger.ts';
import { replaySampleDeliveries } from './sandbox-demo.ts';
import { startScoringServer, type ScoringServer } from './scoring-server.ts';

/**
 * `npm start`: the webhook server. With HubSpot credentials it serves one account; without,
 * it runs a local stand-in of HubSpot, replays signed sample deliveries and shows the scores.
 */
async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const config = readServerConfig(process.env);
  const sandboxMode = config.hubspot.mode === 'sandbox';
  const clientSecret =
    config.hubspot.mode === 'account'
      ? config.hubspot.clientSecret
      : randomBytes(24).toString('hex');
  const logger = createLogger({
    secrets: [
      clientSecret,
      config.hubspot.mode === 'account' ? config.hubspot.accessToken : undefined,
    ],
  });
  const compiled = compileModel(await loadModelFile(config.scoringModelPath));
  const rateBudget = { requests: config.rateLimitPer10s, perMilliseconds: 10_000 };

  let sandbox: Sandbox | undefined;
  let accessToken: string;
  let apiBaseUrl: string;
  if (config.hubspot.mode === 'account') {
    ({ accessToken, apiBaseUrl } = config.hubspot);
  } else {
    sandbox = await startSandbox({ contacts: 25, seed: 7, rateLimit: rateBudget });
    accessToken = 'sandbox-token';
    apiBaseUrl = sandbox.baseUrl;
    logger.warn(
      'SANDBOX MODE: no HUBSPOT_ACCESS_TOKEN / HUBSPOT_CLIENT_SECRET set, so this server talks to a ' +
        'local stand-in of the HubSpot API (in memory, 25 latent candidates, rate limit on). ' +
        'Nothing reaches a real HubSpot account. See README, "Connecting a HubSpot account".',
      { sandbox: sandbox.baseUrl },
    );
  }

  const hubspot = createHubSpotAdapter({
    client: createHubSpotClient({ accessToken, basePath: apiBaseUrl }),
    rateBudget,
    logger,
  });
  // The sandbox's contacts live in memory: a queue left in a file by an earlier run would
  // point at contacts of another sandbox. Unless told otherwise, keep its queue in memory too.
  const databasePath = sandboxMode && config.databaseIsDefault ? ':memory:' : config.databasePath;
  const server = await startScoringServer({
    port: config.port,
    host: sandboxMode ? '127.0.0.1' : '0.0.0.0',
    publicBaseUrl: config.appBaseUrl,
    clientSecret,
    hubspot,
    compiled,
    databasePath,
    ownAppId: config.appId,
    logger,
  });
  logger.info('listening', {
    url: server.localUrl,
    webhookUrl: `${server.publicBaseUrl}/webhooks/hubspot`,
    model: compiled.model.name,
    store: databasePath,
  });
  stopOnSignals(server, sandbox, logger);

  if (sandbox) {
    await replaySampleDeliveries(server, sandbox, clientSecret, logger, (text) =>
      process.stdout.write(`${text}\n`),
    );
    logger.info('sandbox demo done; the server keeps running (Ctrl-C stops it)', {
      webhookUrl: `${server.localUrl}/webhooks/hubspot`,
    });
  }
}

function stopOnSignals(server: ScoringServer, sandbox: Sandbox | undefined, logger: Logger) {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down: finishing the batches in flight', { signal });
    void (async () => {
      await server.close();
      await sandbox?.close();
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
  if (error instanceof ConfigError || error instanceof ModelError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    const { HUBSPOT_ACCESS_TOKEN, HUBSPOT_CLIENT_SECRET } = process.env;
    createLogger({ secrets: [HUBSPOT_ACCESS_TOKEN, HUBSPOT_CLIENT_SECRET] }).error(
      'the server could not start',
      { error: (error as Error).stack ?? String(error) },
    );
  }
  process.exit(1);
});
