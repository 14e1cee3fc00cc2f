// The command line, compiled once into a cache and reused while its sources are unchanged.
//
// Running the TypeScript sources through tsx costs about half a second per run before any
// work starts: tsx's loader thread resolves and transpiles some 140 modules. An esbuild bundle
// of the same sources starts in a fraction of that. The bundle lives in
// node_modules/.cache/recruitment-score and is rebuilt, in well under a second, whenever a
// source file it was built from, package.json, tsconfig.json or the installed packages
// (node_modules/.package-lock.json, which npm rewrites on every install) changed. There is no
// build step to remember: the first run after `npm ci` or after an edit builds it.
//
// Nothing here is allowed to break the command: when the cache cannot be built or read (no
// esbuild, a read-only node_modules), `loadCachedCli` returns undefined and the bin runs the
// sources through tsx as before. RECRUITMENT_SCORE_NO_CACHE=1 skips the cache altogether.
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const MANIFEST = 'manifest.json';
const FORMAT = 1;
/** Builds replaced longer ago than this are removed (a run that started on one may still load its chunks). */
const OLD_BUILD_MS = 10 * 60_000;
/** Native or server-side packages stay ordinary imports; everything else is bundled. */
const EXTERNAL = ['better-sqlite3', 'express'];
/** Files outside the bundle's inputs whose change must rebuild it. */
const ALSO_WATCHED = ['package.json', 'tsconfig.json', 'node_modules/.package-lock.json'];

/**
 * @param {{ root: string, entry: string, cacheDir?: string }} options
 *   root: the package; entry: the module to run, relative to root (e.g. src/cli/main.ts).
 * @returns {Promise<Record<string, unknown> | undefined>} the entry's exports, or undefined
 *   when the cache cannot be used.
 */
export async function loadCachedCli({ root, entry, cacheDir }) {
  if (process.env.RECRUITMENT_SCORE_NO_CACHE === '1') return undefined;
  const dir = cacheDir ?? join(root, 'node_modules', '.cache', 'recruitment-score');
  const load = (name) => import(pathToFileURL(join(dir, name, 'main.js')).href);
  try {
    const fresh = freshBuild(root, dir, entry);
    if (fresh !== undefined) {
      try {
        return await load(fresh);
      } catch (error) {
        // Its files were removed or damaged behind our back: build it again below.
        debug(error);
      }
    }
    return await load(await build(root, dir, entry));
  } catch (error) {
    debug(error);
    return undefined;
  }
}

function debug(error) {
  if (process.env.RECRUITMENT_SCORE_DEBUG) console.error('recruitment-score cache:', error);
}

/** The build directory the manifest names, if every file it was built from is unchanged. */
function freshBuild(root, dir, entry) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8'));
  } catch {
    return undefined;
  }
  if (manifest?.format !== FORMAT || manifest.entry !== entry) return undefined;
  for (const [path, mtimeMs, size] of manifest.inputs) {
    const [, nowMtimeMs, nowSize] = stamp(root, path);
    if (nowMtimeMs !== mtimeMs || nowSize !== size) return undefined;
  }
  return manifest.build;
}

/** [path, mtime, size] of a file, -1 for both when it does not exist. */
function stamp(root, path) {
  const stats = statSync(join(root, path), { throwIfNoEntry: false });
  return [path, stats?.mtimeMs ?? -1, stats?.size ?? -1];
}

async function build(root, dir, entry) {
  const { build: esbuild } = await import('esbuild');
  const name = `build-${Date.now().toString(36)}-${process.pid}`;
  mkdirSync(dir, { recursive: true });
  const result = await esbuild({
    absWorkingDir: root,
    entryPoints: { main: entry },
    outdir: join(dir, name),
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: EXTERNAL,
    metafile: true,
    logLevel: 'silent',
    // Bundled CommonJS packages call require(); an ES module has to make one.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    plugins: [keepModuleLocations(root)],
  });
  const watched = [...Object.keys(result.metafile.inputs), ...ALSO_WATCHED].filter(
    (path) => !path.startsWith('node_modules/') || ALSO_WATCHED.includes(path),
  );
  const inputs = [...new Set(watched)].map((path) => stamp(root, path));
  // Written aside and renamed: a run starting meanwhile sees the old manifest or the new one.
  const temporary = join(dir, `${MANIFEST}.${process.pid}`);
  writeFileSync(temporary, JSON.stringify({ format: FORMAT, entry, build: name, inputs }));
  renameSync(temporary, join(dir, MANIFEST));
  removeOldBuilds(dir, name);
  return name;
}

function removeOldBuilds(dir, current) {
  for (const entry of readdirSync(dir)) {
    if (!entry.startsWith('build-') || entry === current) continue;
    const path = join(dir, entry);
    try {
      if (Date.now() - statSync(path).mtimeMs > OLD_BUILD_MS) rmSync(path, { recursive: true });
    } catch {
      // Another run removed it first.
    }
  }
}

/**
 * A bundled module would see the bundle's location in import.meta; give each of our own
 * modules its source location back, so paths such as the default model resolve as before.
 */
function keepModuleLocations(root) {
  const own = join(resolve(root), '/');
  const packages = join(own, 'node_modules', '/');
  return {
    name: 'keep-module-locations',
    setup(build) {
      build.onLoad({ filter: /\.[cm]?ts$/ }, async ({ path }) => {
        if (!path.startsWith(own) || path.startsWith(packages)) return undefined;
        const source = await readFile(path, 'utf8');
        if (!source.includes('import.meta.')) return undefined;
        const url = pathToFileURL(path);
        return {
          loader: 'ts',
          contents: source
            .replaceAll('import.meta.url', JSON.stringify(url.href))
            .replaceAll('import.meta.filename', JSON.stringify(path))
            .replaceAll('import.meta.dirname', JSON.stringify(resolve(path, '..'))),
        };
      });
    },
  };
}
