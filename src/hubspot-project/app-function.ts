import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { buildServerlessBundles } from '../serverless/build-bundles.ts';
import {
  WEBHOOK_TOKEN_PARAM,
  WEBHOOK_TOKEN_SECRET,
  webhookTokenProblem,
} from '../serverless/webhook-url-token.ts';
import { appFunctionHsmeta, FUNCTIONS_DIR, SRC_DIR } from './hsmeta.ts';
import { WEBHOOK_PATH } from './manifest-rules.ts';

/**
 * The scoring backend hosted by HubSpot as an app function (src/serverless/hubspot-app-function.ts):
 * a private app then needs no server of its own for webhook deliveries. HubSpot offers app
 * functions to static-auth private apps only, and serves their public endpoints on the
 * account's connected domain under /hs/serverless/ (Content Hub Enterprise).
 */

/** HubSpot identifies a function by its uid: the card's `hubspot.serverless` calls this name. */
export const APP_FUNCTION_UID = 'recruitment_scoring';
export const APP_FUNCTION_HSMETA = 'recruitment-scoring-hsmeta.json';
/** Where HubSpot serves app functions' public endpoints, on a connected domain. */
export const SERVERLESS_BASE_PATH = '/hs/serverless';
/** The server's variables the function reads; HubSpot injects them from `hs secret add`. */
export const APP_FUNCTION_SECRET_KEYS = [
  'HUBSPOT_CLIENT_SECRET',
  'HUBSPOT_ACCESS_TOKEN',
  'APP_BASE_URL',
  WEBHOOK_TOKEN_SECRET,
] as const;
/** The function answers the server's webhook route, so the endpoint is that route's path. */
export const APP_FUNCTION_ENDPOINT_PATH = WEBHOOK_PATH.replace(/^\/+/, '');

export interface AppFunctionRequest {
  privateApp: boolean;
  /** The function's public base, `https://<connected-domain>/hs/serverless`. */
  baseUrl: string | undefined;
  /** WEBHOOK_URL_TOKEN from the builder's environment: goes into the webhook target URL. */
  webhookUrlToken: string | undefined;
}

/**
 * Said at every app-function build: the operator must know what guards the webhook endpoint.
 * The token itself is never printed.
 */
export const APP_FUNCTION_SIGNATURE_WARNING =
  `HubSpot's runtime for app functions passes no X-HubSpot-Signature-v3 header (its local runtime ` +
  `passes an allow-list of headers only), so the function cannot verify that a webhook delivery ` +
  `comes from HubSpot. Deliveries without a signature are accepted only with the secret ` +
  `${WEBHOOK_TOKEN_SECRET} in the target URL (?${WEBHOOK_TOKEN_PARAM}=...): a bearer secret in a ` +
  `URL, visible to whoever sees the app's webhook settings or the logs of proxies. Keep ` +
  `build/hubspot-project out of git, and rotate the token (new value, hs secret update ` +
  `${WEBHOOK_TOKEN_SECRET}, build, upload) whenever the URL may have been seen. The safer ` +
  `alternative: host the backend yourself (npm start or AWS Lambda), where signatures arrive.`;

const TOKEN_HOWTO = `export ${WEBHOOK_TOKEN_SECRET}=$(openssl rand -hex 32) before the build, and add the same value to the function with hs secret add ${WEBHOOK_TOKEN_SECRET}`;

/** Why the app function cannot be part of this build; empty when it can. */
export function appFunctionProblems({
  privateApp,
  baseUrl,
  webhookUrlToken,
}: AppFunctionRequest): string[] {
  if (!privateApp) {
    return [
      '--app-function needs --private: HubSpot runs app functions for static-auth private apps only; a marketplace (OAuth) app cannot have them',
    ];
  }
  const example = `https://<connected-domain>${SERVERLESS_BASE_PATH}`;
  if (baseUrl === undefined) {
    return [
      `--app-function needs --base-url ${example}: the function's public base, where HubSpot sends the webhooks (and the APP_BASE_URL secret)`,
    ];
  }
  if (new URL(baseUrl).pathname !== SERVERLESS_BASE_PATH) {
    return [
      `--base-url ${baseUrl}: an app function is reached at ${example}; with this base the webhooks would not reach it`,
    ];
  }
  if (webhookUrlToken === undefined) {
    return [
      `--app-function needs ${WEBHOOK_TOKEN_SECRET}: HubSpot does not pass webhook signatures to app functions, so the webhook URL carries a secret instead. ${TOKEN_HOWTO}`,
    ];
  }
  const problem = webhookTokenProblem(webhookUrlToken);
  return problem === undefined ? [] : [`${problem}. ${TOKEN_HOWTO}`];
}

export interface AppFunctionFiles {
  /** Paths relative to the project folder, with their contents (the bundle byte for byte). */
  files: { path: string; content: string | Uint8Array }[];
  /** Public URL HubSpot posts webhook deliveries to. */
  endpointUrl: string;
  bundleBytes: number;
}

/**
 * Bundles the function with `modelPath` compiled in (the model the webhook subscriptions
 * follow) and returns the functions folder: the bundle, the package.json HubSpot requires
 * beside it, and the component's hsmeta. The bundle is built in a temporary folder.
 */
export async function appFunctionFiles(
  modelPath: string,
  baseUrl: string,
): Promise<AppFunctionFiles> {
  const outDir = await mkdtemp(join(tmpdir(), 'recruitment-app-function-'));
  try {
    const bundle = await buildServerlessBundles(outDir, modelPath);
    const functionDir = dirname(bundle.appFunctionEntry);
    const folder = `${SRC_DIR}/${FUNCTIONS_DIR}`;
    const files: AppFunctionFiles['files'] = [];
    for (const entry of await readdir(functionDir, { withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const content = await readFile(join(functionDir, entry.name));
      files.push({ path: `${folder}/${entry.name}`, content });
    }
    const hsmeta = appFunctionHsmeta({
      uid: APP_FUNCTION_UID,
      entryFile: basename(bundle.appFunctionEntry),
      endpointPath: APP_FUNCTION_ENDPOINT_PATH,
      secretKeys: APP_FUNCTION_SECRET_KEYS,
    });
    files.push({
      path: `${folder}/${APP_FUNCTION_HSMETA}`,
      content: `${JSON.stringify(hsmeta, null, 2)}\n`,
    });
    return {
      files,
      endpointUrl: `${baseUrl}/${APP_FUNCTION_ENDPOINT_PATH}`,
      bundleBytes: bundle.bytes.appFunction,
    };
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}
