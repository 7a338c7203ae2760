import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    globalSetup: ['test/support/globalSetup.ts'],
    // Every answer a test receives is checked against the OpenAPI document.
    setupFiles: ['test/support/openapiCheck.ts'],
    pool: 'forks',
    // Two files at a time (Vitest's default is one on a two-core machine): most of a file's time
    // is spent waiting on timers, Slack's pace and propagation, and each file has its own
    // database and Redis prefix (test/support/testApp.ts).
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
