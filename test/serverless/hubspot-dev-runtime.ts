import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  AppFunctionContext,
  SendResponse,
} from '../../src/serverless/app-function-context.ts';

/**
 * HubSpot's own local runtime for endpoint functions (`@hubspot/serverless-dev-runtime` 7.0.7),
 * its real route code (lib/routes.js, lib/data.js) on its own express 4 and body-parser: it
 * builds the function's context from a real HTTP request exactly as it does for `hs project
 * dev`, with its header allow-list, parsed JSON body, params as arrays and secrets from `.env`.
 * Only the function file is ours: a shim that hands the context to the function under test.
 */

type AppFunctionMain = (
  context: AppFunctionContext,
  sendResponse: SendResponse,
) => Promise<unknown>;

const fromTest = createRequire(import.meta.url);
const fromRuntime = createRequire(
  fromTest.resolve('@hubspot/serverless-dev-runtime/lib/routes.js'),
);

interface RuntimeModules {
  express: () => {
    use(handler: unknown): void;
    set(name: string, value: unknown): void;
    listen(port: number, host: string): Server;
  } & Record<string, unknown>;
  bodyParser: {
    json(options: { limit: string }): unknown;
    urlencoded(options: { limit: string; extended: boolean }): unknown;
  };
  routes: {
    setupRoutes(data: Record<string, unknown>): void;
    updateRoutePaths(routes: string[]): string[];
  };
  constants: { MAX_REQ_BODY_SIZE: string; ROUTE_PATH_PREFIX: string };
}

const runtime = {
  express: fromRuntime('express') as RuntimeModules['express'],
  bodyParser: fromRuntime('body-parser') as RuntimeModules['bodyParser'],
  routes: fromRuntime('./routes.js') as RuntimeModules['routes'],
  constants: fromRuntime('./constants.js') as RuntimeModules['constants'],
};

export interface DevRuntime {
  /** `http://127.0.0.1:port/_hcms/api`: the endpoints' base, as HubSpot's runtime serves them. */
  baseUrl: string;
  /** Every context the runtime handed the function. */
  contexts: AppFunctionContext[];
  close(): Promise<void>;
}

const FILE = 'RecruitmentScoring.js';
const slot = '__recruitmentScoringUnderTest';

export async function startDevRuntime(options: {
  main: AppFunctionMain;
  /** Endpoint path (no leading slash) and its method, as in the function's hsmeta. */
  endpoint: { path: string; method: string };
  /** Written to the function folder's `.env`, where the runtime reads secrets from. */
  dotEnv: Record<string, string>;
  /** The secret names the function declares (`secretKeys`). */
  secretKeys: readonly string[];
  accountId: number;
}): Promise<DevRuntime> {
  const folder = await mkdtemp(join(tmpdir(), 'hubspot-dev-runtime-'));
  const contexts: AppFunctionContext[] = [];
  (globalThis as Record<string, unknown>)[slot] = (
    context: AppFunctionContext,
    send: SendResponse,
  ) => {
    contexts.push(context);
    return options.main(context, send);
  };
  await writeFile(
    join(folder, FILE),
    `exports.main = (context, send) => globalThis.${slot}(context, send);\n`,
  );
  await writeFile(
    join(folder, '.env'),
    Object.entries(options.dotEnv)
      .map(([name, value]) => `${name}=${value}`)
      .join('\n'),
  );

  // lib/server.js's installMiddleware and configure, which it does not export.
  const app = runtime.express();
  app.use(runtime.bodyParser.json({ limit: runtime.constants.MAX_REQ_BODY_SIZE }));
  app.use(
    runtime.bodyParser.urlencoded({ limit: runtime.constants.MAX_REQ_BODY_SIZE, extended: true }),
  );
  app.set('trust proxy', true);
  runtime.routes.setupRoutes({
    app,
    routes: runtime.routes.updateRoutePaths([options.endpoint.path]),
    endpoints: { [options.endpoint.path]: { method: options.endpoint.method, file: FILE } },
    functionPath: folder,
    tmpDir: { name: folder },
    accountId: options.accountId,
    globalEnvironment: {},
    secrets: [...options.secretKeys],
    options: { contact: false },
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/${runtime.constants.ROUTE_PATH_PREFIX.replace(/\/$/, '')}`,
    contexts,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      delete (globalThis as Record<string, unknown>)[slot];
      await rm(folder, { recursive: true, force: true });
    },
  };
}
