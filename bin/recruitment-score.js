#!/usr/bin/env node
// The package's command. It runs the TypeScript sources directly through tsx, so that
// `npx recruitment-score` works right after `npm ci` with no build step; tsx caches the
// transpiled files, which keeps start-up fast after the first run.
import { join } from 'node:path';
import { register } from 'tsx/esm/api';

// Our own tsconfig, not whatever the current directory holds: npx runs from anywhere.
register({ tsconfig: join(import.meta.dirname, '..', 'tsconfig.json') });
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
