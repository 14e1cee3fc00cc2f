/** See cli-cache.js: the command line's sources, bundled once and reused while unchanged. */
export function loadCachedCli(options: {
  /** The package directory. */
  root: string;
  /** The module to run, relative to root (e.g. src/cli/main.ts). */
  entry: string;
  /** Default: node_modules/.cache/recruitment-score under root. */
  cacheDir?: string;
}): Promise<Record<string, unknown> | undefined>;
