import { readFile, stat } from 'node:fs/promises';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { ProjectBuildError } from './project-error.ts';

/**
 * The card's sources as the HubSpot project holds them: the entry and every module it imports,
 * copied into the cards folder so the project stands alone. Card files keep their layout under
 * `cards/`; the few modules it shares with the backend (`src/card-api/score-response.ts` and
 * the types it names) go to `cards/shared/`, and import paths are rewritten to match.
 */

export interface CardSourceFile {
  /** Repository-relative source path (posix). */
  source: string;
  /** Path inside the cards folder (posix). */
  target: string;
  content: string;
}

export interface CardSources {
  files: CardSourceFile[];
  /** npm packages the card imports at run time (type-only imports excluded), sorted. */
  packages: string[];
}

const BACKEND_CONFIG = 'extensions/backend-config.ts';
const BACKEND_URL_LITERAL = /(export const BACKEND_BASE_URL = )(['"])([^'"]*)\2/;
const BACKEND_TRANSPORT_LITERAL = /(export const BACKEND_TRANSPORT: [^=]+= )(['"])([^'"]*)\2/;

// `import x from 'y'`, `import type {..} from 'y'`, `export * from 'y'`, `import 'y'`.
const STATIC_SPECIFIER = /\b(import|export)\s+(type\s+)?([^'";(=]*?\bfrom\s*)?(['"])([^'"\n]+)\4/g;
const DYNAMIC_SPECIFIER = /\bimport\s*\(\s*(['"])([^'"\n]+)\1\s*\)/g;
const RESOLVE_SUFFIXES = ['', '.ts', '.tsx', '.js', '.jsx', '/index.ts', '/index.tsx'];

/** The card's backend URL as extensions/backend-config.ts sets it. */
export async function readBackendBaseUrl(rootDir: string): Promise<string> {
  const text = await readFile(join(rootDir, BACKEND_CONFIG), 'utf8');
  const match = BACKEND_URL_LITERAL.exec(text);
  if (!match) {
    throw new ProjectBuildError([
      `${BACKEND_CONFIG}: no "export const BACKEND_BASE_URL = '...'" found`,
    ]);
  }
  return match[3]!;
}

/** Where a repository file lives inside the project's cards folder. */
export function cardTarget(source: string): string {
  if (source.startsWith('extensions/')) return source.slice('extensions/'.length);
  if (source.startsWith('src/')) return `shared/${source.slice('src/'.length)}`;
  throw new ProjectBuildError([
    `${source}: the card imports a file outside extensions/ and src/; move it into extensions/`,
  ]);
}

export async function collectCardSources(
  rootDir: string,
  entry: string,
  options: { backendBaseUrl?: string; backendTransport?: 'fetch' | 'app-function' } = {},
): Promise<CardSources> {
  const root = resolve(rootDir);
  const files = new Map<string, CardSourceFile>();
  const packages = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const source = queue.shift()!;
    if (files.has(source)) continue;
    const text = await readFile(join(root, source), 'utf8');
    const target = cardTarget(source);
    const rewrite = async (specifier: string, typeOnly: boolean): Promise<string> => {
      if (!specifier.startsWith('.')) {
        if (!typeOnly) packages.add(packageName(specifier));
        return specifier;
      }
      const imported = await resolveImport(root, source, specifier);
      queue.push(imported);
      const fromDir = posix.dirname(target);
      const path = posix.relative(fromDir, cardTarget(imported));
      return path.startsWith('.') ? path : `./${path}`;
    };
    let content = await replaceAsync(text, STATIC_SPECIFIER, async (match, groups) => {
      const [, typeWord, , , specifier] = groups;
      return rebuild(match, specifier!, await rewrite(specifier!, typeWord !== undefined));
    });
    content = await replaceAsync(content, DYNAMIC_SPECIFIER, async (match, groups) => {
      const specifier = groups[1]!;
      return rebuild(match, specifier, await rewrite(specifier, false));
    });
    if (source === BACKEND_CONFIG && options.backendBaseUrl !== undefined) {
      content = content.replace(BACKEND_URL_LITERAL, `$1$2${options.backendBaseUrl}$2`);
    }
    if (source === BACKEND_CONFIG && options.backendTransport !== undefined) {
      if (!BACKEND_TRANSPORT_LITERAL.test(content)) {
        throw new ProjectBuildError([
          `${BACKEND_CONFIG}: no "export const BACKEND_TRANSPORT" found`,
        ]);
      }
      content = content.replace(BACKEND_TRANSPORT_LITERAL, `$1$2${options.backendTransport}$2`);
    }
    files.set(source, { source, target, content });
  }
  // JSX compiles to react/jsx-runtime: React is needed even where no file imports it.
  packages.add('react');
  return {
    files: [...files.values()].sort((a, b) => a.target.localeCompare(b.target)),
    packages: [...packages].sort(),
  };
}

/** The match with its (last) quoted specifier replaced. */
function rebuild(match: string, specifier: string, rewritten: string): string {
  const at = match.lastIndexOf(specifier);
  return match.slice(0, at) + rewritten + match.slice(at + specifier.length);
}

async function resolveImport(root: string, from: string, specifier: string): Promise<string> {
  const base = resolve(root, dirname(from), specifier);
  for (const suffix of RESOLVE_SUFFIXES) {
    const candidate = base + suffix;
    const info = await stat(candidate).catch(() => undefined);
    if (info?.isFile()) {
      const rel = relative(root, candidate);
      if (rel.startsWith('..')) {
        throw new ProjectBuildError([`${from}: imports ${specifier}, outside the repository`]);
      }
      return rel.split(sep).join('/');
    }
  }
  throw new ProjectBuildError([`${from}: broken import ${specifier} (no such file)`]);
}

/** `@scope/name/sub` → `@scope/name`; `react/jsx-runtime` → `react`. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

async function replaceAsync(
  text: string,
  pattern: RegExp,
  replace: (match: string, groups: (string | undefined)[]) => Promise<string>,
): Promise<string> {
  const pieces: string[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    pieces.push(text.slice(last, match.index), await replace(match[0], match.slice(1)));
    last = match.index + match[0].length;
  }
  pieces.push(text.slice(last));
  return pieces.join('');
}
