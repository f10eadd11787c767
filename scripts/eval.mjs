#!/usr/bin/env node
// Accuracy against the shared gold: extracts every seed with the CLI, then scores forms
// and tables with ../shared/eval/score.mjs. Extra arguments go to score.mjs (e.g. --all-misses).
// Skips (exit 0) where ../shared is not checked out beside the repository.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const shared = join(root, '..', 'shared');
const score = join(shared, 'eval', 'score.mjs');
if (!existsSync(score)) {
  console.log('skipped: ../shared not found');
  process.exit(0);
}

const seeds = join(root, 'fixtures', 'seeds');
const pred = mkdtempSync(join(tmpdir(), 'ziping-eval-'));
let status = 0;
try {
  for (const f of readdirSync(seeds).filter((n) => !n.startsWith('.')).sort()) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'services/cli/src/main.ts', 'extract', join(seeds, f)], {
      cwd: root, encoding: 'utf8', maxBuffer: 64 << 20,
    });
    if (r.status === 0) writeFileSync(join(pred, `${basename(f, '.txt')}.json`), r.stdout);
    else console.error(`extract failed for ${f}: ${r.stderr.trim()}`);
  }
  for (const gold of ['forms', 'tables']) {
    console.log(`== ${gold}`);
    const r = spawnSync(process.execPath, [score, '--gold', join(shared, 'gold', gold), '--pred', pred, ...process.argv.slice(2)], {
      stdio: 'inherit',
    });
    status ||= r.status ?? 1;
  }
} finally {
  rmSync(pred, { recursive: true, force: true });
}
process.exit(status);
