import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    // Two cores on our machines: keep the pool small so end-to-end servers do not starve.
    maxWorkers: 2,
    testTimeout: 20_000,
  },
});
