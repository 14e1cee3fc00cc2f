import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ProjectBuildError } from './project-error.ts';

export interface RootPackage {
  version: string;
  dependencies: Record<string, string>;
}

export async function readRootPackage(rootDir: string): Promise<RootPackage> {
  const root = JSON.parse(await readFile(join(rootDir, 'package.json'), 'utf8')) as {
    version?: string;
    dependencies?: Record<string, string>;
  };
  return { version: root.version ?? '0.0.0', dependencies: root.dependencies ?? {} };
}

/**
 * The exact versions the repository uses for the packages a UI extension imports: HubSpot
 * installs them from the extension's own package.json, so a range would bundle something the
 * tests never ran.
 */
export function pinnedDependencies(
  root: RootPackage,
  packages: readonly string[],
  who: string,
): Record<string, string> {
  const dependencies: Record<string, string> = {};
  const problems: string[] = [];
  for (const name of [...packages].sort()) {
    const version = root.dependencies[name];
    if (version === undefined)
      problems.push(`${who} imports ${name}, which package.json's dependencies do not list`);
    else if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(version)) {
      problems.push(`package.json: ${name} is "${version}"; ${who} needs an exact version`);
    } else dependencies[name] = version;
  }
  if (problems.length > 0) throw new ProjectBuildError(problems);
  return dependencies;
}
