import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { loadModelFile } from '../model/index.ts';
import { compileModel } from '../scoring/index.ts';
import { loadAppManifest, type AppManifest } from './app-manifest.ts';
import { withWebhookToken } from '../serverless/webhook-url-token.ts';
import {
  APP_FUNCTION_SECRET_KEYS,
  APP_FUNCTION_SIGNATURE_WARNING,
  APP_FUNCTION_UID,
  appFunctionFiles,
  appFunctionProblems,
} from './app-function.ts';
import { loadCardRegistration } from './card-registration.ts';
import { cardTarget, collectCardSources, readBackendBaseUrl } from './card-sources.ts';
import {
  appHsmeta,
  APP_DIR,
  cardHsmeta,
  CARDS_DIR,
  cardsPackageJson,
  hsProjectJson,
  npmName,
  SRC_DIR,
  webhooksHsmeta,
  WEBHOOKS_DIR,
} from './hsmeta.ts';
import {
  asPrivateApp,
  backendUrls,
  manifestProblems,
  withBaseUrl,
  withSubscriptions,
  type BackendUrls,
} from './manifest-rules.ts';
import { ProjectBuildError } from './project-error.ts';
import { pinnedDependencies, readRootPackage } from './package-pins.ts';
import { settingsFiles, type ProjectFile } from './settings-component.ts';
import { syncManifestSubscriptions } from './sync-manifest.ts';
import { subscriptionsForModel, type SubscriptionPlan } from './webhook-subscriptions.ts';

export interface BuildOptions {
  /** The repository: holds app.json, extensions/ and package.json. */
  rootDir: string;
  outDir: string;
  modelPath: string;
  /** Build the static-token private-app variant instead of the marketplace app. */
  privateApp?: boolean;
  /** Move every backend URL (redirect, webhook target, fetch, the card's) to this base. */
  baseUrl?: string;
  /** Write the model's subscriptions back into app.json. */
  syncManifest?: boolean;
  /**
   * Add the HubSpot-hosted app function and send the webhooks to it (private apps only;
   * `baseUrl` must be the function's public base, `https://<connected-domain>/hs/serverless`).
   */
  appFunction?: boolean;
  /**
   * With `appFunction`: the secret the webhook target URL carries (WEBHOOK_URL_TOKEN), since the
   * function gets no signature headers. Read from the environment, never from the command line.
   */
  webhookUrlToken?: string | undefined;
}

export interface AppFunctionSummary {
  uid: string;
  /** Where HubSpot posts webhook deliveries: the function's public endpoint. */
  endpointUrl: string;
  secretKeys: readonly string[];
  bundleBytes: number;
}

export interface BuildResult {
  outDir: string;
  /** Written files, relative to outDir, sorted. */
  files: string[];
  manifest: AppManifest;
  plan: SubscriptionPlan;
  modelName: string;
  urls: BackendUrls;
  /** Present when the build holds the app function. */
  appFunction?: AppFunctionSummary;
  warnings: string[];
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export async function buildHubSpotProject(options: BuildOptions): Promise<BuildResult> {
  const rootDir = resolve(options.rootDir);
  const manifestPath = join(rootDir, 'app.json');
  const warnings: string[] = [];
  if (options.appFunction) {
    // Refused before anything is read or bundled.
    const problems = appFunctionProblems({
      privateApp: options.privateApp ?? false,
      baseUrl: options.baseUrl,
      webhookUrlToken: options.webhookUrlToken,
    });
    if (problems.length > 0) throw new ProjectBuildError(problems);
  }
  const declared = await loadAppManifest(manifestPath);
  const model = await loadModelFile(options.modelPath);
  const plan = subscriptionsForModel(
    compileModel(model).properties,
    declared.webhooks.contactEvents,
  );
  if (plan.skippedOutputProperties.length > 0) {
    warnings.push(
      `the model reads the app's own output ${plan.skippedOutputProperties.join(', ')}: not subscribed (each score write would trigger a rescore)`,
    );
  }
  if (!isDeepStrictEqual(declared.webhooks.subscriptions, plan.subscriptions)) {
    if (options.syncManifest) {
      await syncManifestSubscriptions(manifestPath, plan.subscriptions);
      warnings.push(`app.json: webhook subscriptions updated to follow ${model.name}`);
    } else {
      warnings.push(
        `app.json lists other webhook subscriptions than ${model.name} needs; the project follows the model (update app.json with --sync-manifest)`,
      );
    }
  }

  const repoBaseUrl = await readBackendBaseUrl(rootDir);
  const baseUrl = options.baseUrl ?? repoBaseUrl;
  let manifest = withSubscriptions(declared, plan.subscriptions);
  if (options.baseUrl !== undefined) manifest = withBaseUrl(manifest, repoBaseUrl, options.baseUrl);
  if (options.privateApp) manifest = asPrivateApp(manifest);
  const problems = manifestProblems(manifest, baseUrl);
  if (problems.length > 0) throw new ProjectBuildError(problems.map((p) => `app.json: ${p}`));

  // The token goes only into the uploaded webhooks file: app.json and the summary never hold it.
  const webhooksManifest =
    options.appFunction && options.webhookUrlToken !== undefined
      ? {
          ...manifest,
          webhooks: {
            ...manifest.webhooks,
            targetUrl: withWebhookToken(manifest.webhooks.targetUrl, options.webhookUrlToken),
          },
        }
      : manifest;
  const files: ProjectFile[] = [
    { path: 'hsproject.json', content: json(hsProjectJson(npmName(manifest.uid))) },
    { path: `${SRC_DIR}/${APP_DIR}/app-hsmeta.json`, content: json(appHsmeta(manifest)) },
    {
      path: `${SRC_DIR}/${WEBHOOKS_DIR}/webhooks-hsmeta.json`,
      content: json(webhooksHsmeta(webhooksManifest, plan.subscriptions)),
    },
    ...(await cardFiles(rootDir, manifest, options.baseUrl, options.appFunction ?? false)),
    ...(await settingsFiles(rootDir, manifest, options.baseUrl)),
  ];
  let appFunction: AppFunctionSummary | undefined;
  if (options.appFunction) {
    const built = await appFunctionFiles(options.modelPath, baseUrl);
    files.push(...built.files);
    appFunction = {
      uid: APP_FUNCTION_UID,
      endpointUrl: built.endpointUrl,
      secretKeys: APP_FUNCTION_SECRET_KEYS,
      bundleBytes: built.bundleBytes,
    };
    warnings.push(APP_FUNCTION_SIGNATURE_WARNING);
  }
  checkUniqueUids(files);

  const outDir = resolve(options.outDir);
  await cleanOutDir(outDir, rootDir);
  for (const file of files) {
    const path = join(outDir, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.content);
  }
  return {
    outDir,
    files: files.map((f) => f.path).sort(),
    manifest,
    plan,
    modelName: model.name,
    urls: backendUrls(baseUrl),
    ...(appFunction && { appFunction }),
    warnings,
  };
}

async function cardFiles(
  rootDir: string,
  manifest: AppManifest,
  baseUrl: string | undefined,
  appFunction: boolean,
): Promise<ProjectFile[]> {
  const files = new Map<string, string>();
  const packages = new Set<string>();
  const hsmetaFiles: ProjectFile[] = [];
  for (const { file } of manifest.extensions.crm.cards) {
    const card = await loadCardRegistration(rootDir, file);
    // With the app function the card calls it by hubspot.serverless: no URL serves the card.
    const sources = await collectCardSources(rootDir, card.entry, {
      ...(baseUrl !== undefined && { backendBaseUrl: baseUrl }),
      ...(appFunction && { backendTransport: 'app-function' as const }),
    });
    for (const source of sources.files) files.set(source.target, source.content);
    for (const name of sources.packages) packages.add(name);
    const entryFile = cardTarget(card.entry);
    hsmetaFiles.push({
      path: `${SRC_DIR}/${CARDS_DIR}/${entryFile.replace(/\.[jt]sx?$/, '')}-hsmeta.json`,
      content: json(cardHsmeta(card, entryFile)),
    });
  }
  const root = await readRootPackage(rootDir);
  const dependencies = pinnedDependencies(root, [...packages], 'the card');
  return [
    ...hsmetaFiles,
    {
      path: `${SRC_DIR}/${CARDS_DIR}/package.json`,
      content: json(cardsPackageJson(`${npmName(manifest.uid)}-cards`, root.version, dependencies)),
    },
    ...[...files].map(([target, content]) => ({
      path: `${SRC_DIR}/${CARDS_DIR}/${target}`,
      content,
    })),
  ];
}

function checkUniqueUids(files: readonly ProjectFile[]): void {
  const seen = new Map<string, string>();
  const problems: string[] = [];
  for (const file of files.filter((f) => f.path.endsWith('-hsmeta.json'))) {
    const text =
      typeof file.content === 'string' ? file.content : new TextDecoder().decode(file.content);
    const { uid } = JSON.parse(text) as { uid: string };
    const other = seen.get(uid);
    if (other !== undefined) problems.push(`uid "${uid}" is used by ${other} and ${file.path}`);
    seen.set(uid, file.path);
  }
  if (problems.length > 0) throw new ProjectBuildError(problems);
}

/**
 * Starts from an empty folder so no file of an earlier build (a removed card) is uploaded.
 * Deletes only a folder that is empty or holds an earlier project, never the repository.
 */
async function cleanOutDir(outDir: string, rootDir: string): Promise<void> {
  const inside = relative(outDir, rootDir);
  if (inside === '' || (!inside.startsWith('..') && !inside.startsWith(sep))) {
    throw new ProjectBuildError([
      `--out ${outDir} holds the repository; choose a folder of its own`,
    ]);
  }
  const entries = await readdir(outDir).catch(() => undefined);
  if (entries !== undefined && entries.length > 0 && !entries.includes('hsproject.json')) {
    throw new ProjectBuildError([
      `--out ${outDir} is not empty and holds no hsproject.json: not deleting it; choose an empty folder`,
    ]);
  }
  await rm(outDir, { recursive: true, force: true });
}
