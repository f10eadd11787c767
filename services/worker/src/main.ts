// Standalone entry of the worker (the same as `ziping worker`):
//   node dist/worker.mjs (after `pnpm build`), or node --import tsx services/worker/src/main.ts
import '@ziping/core/jit'; // first: it tunes the compiler for what follows
import { loadConfig } from '@ziping/config';
import { runWorker } from './worker.ts';

try {
  await runWorker(loadConfig(), (line) => process.stderr.write(`${line}\n`));
} catch (e) {
  process.stderr.write(`ziping worker: ${(e as Error).message}\n`);
  process.exitCode = 1;
}
