#!/usr/bin/env node
// The package's command. It runs the TypeScript sources directly through tsx, so that
// `npx recruitment-score` works right after `npm ci` with no build step; tsx caches the
// transpiled files, which keeps start-up fast after the first run.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
