#!/usr/bin/env node
// The package's command: `npx recruitment-score` works right after `npm ci`, with no build
// step. It runs a cached bundle of the TypeScript sources, rebuilt on the first run after any
// change (see cli-cache.js), or else the sources themselves through tsx.
import { join } from 'node:path';
import { loadCachedCli } from './cli-cache.js';

const root = join(import.meta.dirname, '..');
const entry = 'src/cli/main.ts';

async function loadThroughTsx() {
  const { register } = await import('tsx/esm/api');
  // Our own tsconfig, not whatever the current directory holds: npx runs from anywhere.
  register({ tsconfig: join(root, 'tsconfig.json') });
  return import('../src/cli/main.ts');
}

const { main } = (await loadCachedCli({ root, entry })) ?? (await loadThroughTsx());
process.exitCode = await main(process.argv.slice(2));
