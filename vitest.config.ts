import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // One real PostgreSQL server for the run: the store's contract tests run on both engines.
    globalSetup: ['test/support/postgres-server.ts'],
    // Two cores on our machines: keep the pool small so end-to-end servers do not starve.
    maxWorkers: 2,
    testTimeout: 30_000,
    // Some suites build bundles or start servers in beforeAll: slow on two busy cores.
    hookTimeout: 60_000,
  },
});
