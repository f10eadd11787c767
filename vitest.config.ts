import { defineConfig } from 'vitest/config';
import LongestFirst from './test/sequencer.ts';

export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'services/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // vitest's default is one file at a time on a 2-core machine (cores - 1), but most files
    // spend their time waiting on child processes, Postgres and Redis: three at a time keep
    // both cores busy. Files share no state: each has its own databases, queue prefix, temp
    // folders and ports.
    maxWorkers: 3,
    // The three worker processes stay up for the whole run (vitest would stop the idle ones,
    // which fails a run without isolation) and each runs file after file in one module
    // registry: a fresh process per file cost 0.9 CPU-s each, 124 of the suite's 580. Safe
    // because no test file mocks a module or changes the process (its environment, working
    // folder or user); what a file leaves loaded (an OCR engine, PGlite's compiled module) is
    // shared with the next the way one ziping process shares it between documents. A test of
    // peak memory resets the peak first (uploads.test.ts): the process's own peak is a past file's.
    minWorkers: 3,
    isolate: false,
    sequence: { sequencer: LongestFirst },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
