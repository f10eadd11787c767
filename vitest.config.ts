import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'services/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // vitest's default is one file at a time on a 2-core machine (cores - 1), but most files
    // spend their time waiting on child processes, Postgres and Redis: three at a time keep
    // both cores busy. Files share no state: each has its own databases, queue prefix, temp
    // folders and ports.
    maxWorkers: 3,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
