import { parseArgs } from 'node:util';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { DEFAULT_MODEL_PATH, ModelError } from '../model/index.ts';
import { buildHubSpotProject } from './build-project.ts';
import { normalizeBaseUrl } from './manifest-rules.ts';
import { PLATFORM_VERSION } from './hsmeta.ts';
import { ProjectBuildError } from './project-error.ts';

export const USAGE = `Usage: npm run hubspot:project [-- options]

Turns app.json and extensions/ into a HubSpot project (platform ${PLATFORM_VERSION}).

Options:
  --model FILE       scoring model whose properties the webhooks follow
                     (default: $SCORING_MODEL, else the shipped model)
  --out DIR          output folder, emptied first (default: build/hubspot-project)
  --private          static-token private app for one account instead of the marketplace app
  --base-url URL     the backend's public https URL (APP_BASE_URL); moves the webhook target,
                     OAuth redirect, permitted fetch URL and the card's backend URL together
  --sync-manifest    write the model's webhook subscriptions into app.json
  --app-function     with --private: add the HubSpot-hosted app function (the backend bundled
                     with the model) and send the webhooks to it; --base-url must then be
                     https://<connected-domain>/hs/serverless (needs Content Hub Enterprise).
                     HubSpot passes no signatures to app functions: the webhook URL carries
                     the secret $WEBHOOK_URL_TOKEN instead (openssl rand -hex 32)
  -h, --help         this text`;

export interface CommandIo {
  rootDir: string;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  print: (line: string) => void;
  printError: (line: string) => void;
}

/** `npm run hubspot:project`: builds the project and says what it wrote. Returns the exit code. */
export async function runHubSpotProjectCommand(
  argv: readonly string[],
  io: CommandIo,
): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        model: { type: 'string' },
        out: { type: 'string' },
        private: { type: 'boolean' },
        'base-url': { type: 'string' },
        'sync-manifest': { type: 'boolean' },
        'app-function': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    io.printError(`hubspot:project: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.print(USAGE);
    return 0;
  }
  const baseUrl =
    values['base-url'] === undefined ? undefined : normalizeBaseUrl(values['base-url']);
  if (values['base-url'] !== undefined && baseUrl === undefined) {
    io.printError(
      `hubspot:project: --base-url must be an https URL, like https://scoring.example.com`,
    );
    return 2;
  }
  if (values['app-function'] && !values.private) {
    io.printError(
      'hubspot:project: --app-function needs --private: HubSpot runs app functions for static-auth private apps only; a marketplace (OAuth) app cannot have them',
    );
    return 2;
  }
  const fromCwd = (path: string) => (isAbsolute(path) ? path : resolve(io.cwd, path));
  // An empty SCORING_MODEL (a `.env` template's `SCORING_MODEL=`) counts as unset, as for the server.
  const envModel = io.env.SCORING_MODEL?.trim() || undefined;
  const modelPath = fromCwd(values.model ?? envModel ?? DEFAULT_MODEL_PATH);
  const outDir =
    values.out === undefined ? join(io.rootDir, 'build', 'hubspot-project') : fromCwd(values.out);

  try {
    const result = await buildHubSpotProject({
      rootDir: io.rootDir,
      outDir,
      modelPath,
      privateApp: values.private ?? false,
      ...(baseUrl !== undefined && { baseUrl }),
      syncManifest: values['sync-manifest'] ?? false,
      appFunction: values['app-function'] ?? false,
      webhookUrlToken: io.env.WEBHOOK_URL_TOKEN?.trim() || undefined,
    });
    const shown = relative(io.cwd, result.outDir) || '.';
    const { manifest, plan, urls } = result;
    io.print(
      `HubSpot project (platform ${PLATFORM_VERSION}, ${manifest.distribution} app, ${manifest.auth.type} auth) in ${shown}:`,
    );
    for (const file of result.files) io.print(`  ${file}`);
    const subscriptions = Object.values(plan.subscriptions).reduce((n, list) => n + list.length, 0);
    io.print(
      `Webhooks: ${subscriptions} subscriptions, ${plan.contactProperties.length} contact properties read by "${result.modelName}" (${relative(io.cwd, modelPath)})`,
    );
    io.print(`Scopes: ${manifest.auth.requiredScopes.join(' ')}`);
    io.print(`Backend URLs (APP_BASE_URL must be ${urls.fetch}):`);
    io.print(`  webhook target   ${urls.webhookTarget}`);
    if (manifest.auth.type === 'oauth') io.print(`  OAuth redirect   ${urls.oauthRedirect}`);
    io.print(`  card fetch       ${urls.fetch}`);
    if (manifest.extensions.settings) io.print(`  settings fetch   ${urls.fetch}`);
    if (result.appFunction) {
      const { uid, endpointUrl, secretKeys, bundleBytes } = result.appFunction;
      io.print(
        `App function "${uid}" (${Math.round(bundleBytes / 1024)} KiB) takes the webhooks at ${endpointUrl}?token=$WEBHOOK_URL_TOKEN and the card's hubspot.serverless calls`,
      );
      io.print(
        `  secrets (hs secret add NAME): ${secretKeys.join(' ')}; APP_BASE_URL=${urls.fetch}`,
      );
    }
    for (const warning of result.warnings) io.printError(`warning: ${warning}`);
    io.print(`Upload: cd ${shown} && hs project upload`);
    return 0;
  } catch (error) {
    if (error instanceof ProjectBuildError || error instanceof ModelError) {
      io.printError(error.message);
      return 1;
    }
    throw error;
  }
}
