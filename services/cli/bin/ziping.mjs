#!/usr/bin/env node
// The `ziping` bin (`pnpm exec ziping …`): the compiled program, which `pnpm build` makes.
import { existsSync } from 'node:fs';

const main = new URL('../../../dist/ziping.mjs', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('ziping: the compiled program is missing: run `pnpm build` first\n');
  process.exit(1);
}
await import(main.href);
