import { readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { DEFAULT_MODEL_PATH, parseModel } from '../model/index.ts';
import { MODEL_TEMPLATES, TEMPLATES_DIRECTORY } from '../model/templates.ts';

/**
 * Bundles the serverless entries with esbuild, one self-contained file each:
 * - `lambda/index.mjs`: handler `index.handler`, Node 20, ESM;
 * - `hubspot-function/RecruitmentScoring.js`: CommonJS `exports.main`, as HubSpot's runtime
 *   loads it, plus the `package.json` HubSpot requires beside app functions (no dependencies:
 *   everything is bundled).
 * Both carry the model's YAML (SCORING_MODEL, when set at run time, names a file instead).
 * Run: `node --import tsx src/serverless/build-bundles.ts [outDir] [modelFile]`.
 */

const here = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_OUT_DIR = resolve(here, '../../build/serverless');
export const APP_FUNCTION_FILE = 'RecruitmentScoring.js';

export interface BundleResult {
  lambdaEntry: string;
  appFunctionEntry: string;
  bytes: { lambda: number; appFunction: number };
}

export async function buildServerlessBundles(
  outDir = DEFAULT_OUT_DIR,
  modelPath = DEFAULT_MODEL_PATH,
): Promise<BundleResult> {
  const modelText = await readFile(modelPath, 'utf8');
  parseModel(modelText, modelPath); // refuse to ship a model that would not load
  // The settings page's templates, written in: a bundle has no models/ folder beside it.
  const templates: Record<string, string> = {};
  for (const template of MODEL_TEMPLATES) {
    templates[template.file] = await readFile(join(TEMPLATES_DIRECTORY, template.file), 'utf8');
  }
  const written = {
    __RECRUITMENT_MODEL_YAML__: JSON.stringify(modelText),
    __RECRUITMENT_TEMPLATES__: JSON.stringify(templates),
  };
  await rm(outDir, { recursive: true, force: true });
  const lambdaDir = join(outDir, 'lambda');
  const functionDir = join(outDir, 'hubspot-function');
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node20',
    minify: true,
    keepNames: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
    metafile: true,
  } as const;

  const lambda = await build({
    ...common,
    entryPoints: [join(here, 'lambda.ts')],
    outfile: join(lambdaDir, 'index.mjs'),
    format: 'esm',
    define: written,
    // CommonJS dependencies bundled into ESM still call require() for Node's own modules.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  });

  const appFunction = await build({
    ...common,
    entryPoints: [join(here, 'hubspot-app-function.ts')],
    outfile: join(functionDir, APP_FUNCTION_FILE),
    format: 'cjs',
    // The model is compiled in; import.meta.url (read by the model loader's default path) has
    // no CommonJS equivalent unless given one, or loading the bundle would throw.
    define: { ...written, 'import.meta.url': '__bundleFileUrl' },
    banner: { js: "const __bundleFileUrl = require('node:url').pathToFileURL(__filename).href;" },
  });
  await writeFile(
    join(functionDir, 'package.json'),
    `${JSON.stringify({ name: 'recruitment-scoring-function', version: '0.1.0', private: true, dependencies: {} }, null, 2)}\n`,
  );

  const size = (meta: typeof lambda.metafile) =>
    Object.values(meta?.outputs ?? {}).reduce((sum, output) => sum + output.bytes, 0);
  return {
    lambdaEntry: join(lambdaDir, 'index.mjs'),
    appFunctionEntry: join(functionDir, APP_FUNCTION_FILE),
    bytes: { lambda: size(lambda.metafile), appFunction: size(appFunction.metafile) },
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [outDir, modelPath] = process.argv.slice(2);
  buildServerlessBundles(outDir && resolve(outDir), modelPath && resolve(modelPath))
    .then((result) => {
      process.stdout.write(
        `Lambda:       ${result.lambdaEntry} (${Math.round(result.bytes.lambda / 1024)} KiB)\n` +
          `App function: ${result.appFunctionEntry} (${Math.round(result.bytes.appFunction / 1024)} KiB)\n`,
      );
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}
