// Once per run, before any test file: the CLI tests run the compiled program, so build it
// when a source changed since the last build (`pnpm test` has just built it).
import { ensureBuilt } from '../services/cli/src/run-cli.ts';

export default async function setup(): Promise<void> {
  await ensureBuilt();
}
