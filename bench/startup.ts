// `pnpm bench startup`: wall time, CPU seconds (user + sys) and peak RSS of one `ziping extract`
// on a small text seed and on a PDF fixture, the development way (`pnpm -s ziping`: pnpm, then
// tsx compiling TypeScript at run time) beside the compiled program (`pnpm build`, then plain
// node, and through the `pnpm exec ziping` bin). Runs are interleaved so that load on the
// machine hits every variant alike. Then the start of the embedded database: `ziping keys
// list` (one query) compiled, on a migrated PGlite folder in a temp dir. Needs GNU time
// (/usr/bin/time, Debian package `time`).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureBuilt } from '../services/cli/src/run-cli.ts';
import { GNU_TIME, TIME_FORMAT, load, spread, timeOf } from './stats.ts';

const ROOT = resolve(import.meta.dirname, '..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const FILES = ['fixtures/seeds/000_ca0dcd0154b0e201.txt', 'fixtures/pdf/000_ca0dcd0154b0e201.pdf'];
const VARIANTS: Record<string, string[]> = {
  'pnpm -s ziping (tsx)': ['pnpm', '-s', 'ziping', 'extract'],
  'node dist/ziping.mjs': [process.execPath, 'dist/ziping.mjs', 'extract'],
  'pnpm exec ziping': ['pnpm', 'exec', 'ziping', 'extract'],
};

interface Sample { wall: number; cpu: number; rssMiB: number }

function measure(argv: string[], env = process.env): Sample {
  const r = spawnSync(GNU_TIME, ['-f', TIME_FORMAT, ...argv], { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 1 << 28 });
  const t = r.status === 0 ? timeOf(r.stderr) : null;
  if (!t) throw new Error(`${argv.join(' ')} failed (${r.status}): ${r.stderr}`);
  return t;
}

const stat = (xs: number[], digits: number) => spread(xs, digits).padStart(20);
const row = (name: string, variant: string, s: Sample[]) =>
  console.log(`${name.padEnd(18)}${variant.padEnd(24)}${stat(s.map((x) => x.wall), 2)}${stat(s.map((x) => x.cpu), 2)}${stat(s.map((x) => x.rssMiB), 0)}`);

export async function benchStartup(): Promise<void> {
  if (!existsSync(GNU_TIME)) throw new Error('GNU time is missing: apt-get install time');
  await ensureBuilt(); // dist/ from the current sources
  console.log(`ziping extract, ${ROUNDS} interleaved rounds: median (min–max); load average (1, 5, 15 min) ${load()}`);
  console.log(`${'file'.padEnd(18)}${'variant'.padEnd(24)}${'wall s'.padStart(20)}${'CPU s'.padStart(20)}${'max RSS MiB'.padStart(20)}`);
  for (const file of FILES) {
    const samples: Record<string, Sample[]> = Object.fromEntries(Object.keys(VARIANTS).map((v) => [v, []]));
    for (let r = 0; r < ROUNDS; r++) for (const [v, argv] of Object.entries(VARIANTS)) samples[v]!.push(measure([...argv, file]));
    for (const [v, s] of Object.entries(samples)) row(file.split('/').at(-1)!.replace(/_[0-9a-f]+/, ''), v, s);
  }

  const dir = await mkdtemp(join(tmpdir(), 'ziping-bench-startup-'));
  const env: NodeJS.ProcessEnv = { ...process.env, ZIPING_DATA_DIR: join(dir, 'db') };
  delete env.DATABASE_URL;
  try {
    measure([process.execPath, 'dist/ziping.mjs', 'migrate'], env); // creates the folder, not measured
    row('embedded db', 'keys list (compiled)', Array.from({ length: ROUNDS }, () => measure([process.execPath, 'dist/ziping.mjs', 'keys', 'list'], env)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
