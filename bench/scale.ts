// `pnpm bench scale [--seed 000[,003,…]] [--sizes 10,50,200] [--rounds 3]`: time and peak memory
// against document size. One text dump of a fixture seed (fixtures/seeds/<seed>_*.txt) repeated N
// times is extracted (extractFile, as `ziping extract`) in a fresh process per run
// (bench/scale-child.ts), which reports its own wall and CPU seconds and peak RSS. Rounds go over
// every size in turn, so a change in the machine's load touches all sizes alike. A size whose dump
// would pass MAX_LINES (ingest refuses it as TOO_LARGE) is replaced by the largest size under it,
// and the output says so. Linear work gives a flat time per copy: the last line prints the
// per-copy ratio of the largest size to the smallest (target: at most 1.5). A fixed cost per
// file flatters that ratio, so the CPU time each further copy adds (from one size to the next)
// is printed too: quadratic work shows there first.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { MAX_LINES } from '../packages/ingest/src/limits.ts';
import { load, median, spread } from './stats.ts';

const ROOT = resolve(import.meta.dirname, '..');
const SEEDS = join(ROOT, 'fixtures/seeds');
const CHILD = join(import.meta.dirname, 'scale-child.ts');
const GAP = '\n\n\n';

interface Run { seconds: number; cpu: number; stages: Record<string, number>; maxRssMiB: number; forms: number }

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

const count = (name: string, fallback: string): number[] => {
  const xs = option(name, fallback).split(',').map(Number);
  if (xs.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--${name}: whole numbers ≥ 1, got "${option(name, '')}"`);
  return xs;
};

export async function benchScale(): Promise<void> {
  const seeds = option('seed', '000').split(',');
  const sizes = count('sizes', '10,50,200');
  const [rounds] = count('rounds', '3');
  const dir = mkdtempSync(join(tmpdir(), 'ziping-scale-'));
  try {
    console.log(`one text dump of a seed repeated N times; ${rounds} rounds over the sizes, a fresh process per run; median (min–max)`);
    console.log(`load average (1, 5, 15 min) at start: ${load()}`);
    for (const seed of seeds) await benchSeed(seed, sizes, rounds!, dir);
    console.log(`load average (1, 5, 15 min) at end: ${load()}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function benchSeed(seed: string, asked: number[], rounds: number, dir: string): Promise<void> {
  const file = readdirSync(SEEDS).find((f) => f.startsWith(`${seed}_`) && f.endsWith('.txt'));
  if (!file) throw new Error(`no text seed ${seed} in ${SEEDS}`);
  const text = readFileSync(join(SEEDS, file), 'utf8').trimEnd();
  // N copies hold N × lines + (N − 1) × the blank lines between them
  const lines = text.split('\n').length;
  const gap = GAP.length;
  const largest = Math.floor((MAX_LINES + gap) / (lines + gap));
  const sizes = [...new Set(asked.map((n) => Math.min(n, largest)))];
  console.log(`\n${file}: ${lines.toLocaleString('en-US')} lines a copy`);
  if (sizes.length < asked.length || sizes.some((n, i) => n !== asked[i])) {
    console.log(`  sizes ${asked.filter((n) => n > largest).join(', ')} would pass MAX_LINES (${MAX_LINES.toLocaleString('en-US')} lines, refused as TOO_LARGE): ${largest} copies is the largest run`);
  }
  const paths = sizes.map((n) => {
    const path = join(dir, `${seed}x${n}.txt`);
    writeFileSync(path, Array.from({ length: n }, () => text).join(GAP));
    return path;
  });
  const runs: (Run[] | Error)[] = sizes.map(() => []);
  for (let r = 0; r < rounds; r++) {
    for (const [k, path] of paths.entries()) {
      const got = runs[k]!;
      if (got instanceof Error) continue;
      const one = await run(path).catch((e: Error & { stderr?: string }) => e);
      if (one instanceof Error) {
        const why = (one.stderr ?? one.message).split('\n').find((l) => /Error/.test(l)) ?? one.message;
        runs[k] = new Error(why.trim());
      } else got.push(one);
    }
  }
  console.log(`${'N'.padStart(5)}${'MiB'.padStart(7)}${'forms'.padStart(7)}${'wall s'.padStart(22)}${'CPU s'.padStart(22)}${'wall ms/copy'.padStart(14)}${'CPU ms/copy'.padStart(13)}${'CPU ms/added'.padStart(14)}${'max RSS MiB'.padStart(13)}   ingest / reconstruct / validate wall s`);
  const perCopy: { wall: number; cpu: number }[] = [];
  // the median CPU seconds at each size, and the CPU seconds each copy adds from the size before
  const cpuAt: number[] = [];
  const added: number[] = [];
  for (const [k, n] of sizes.entries()) {
    const rs = runs[k]!;
    if (rs instanceof Error) {
      console.log(`${String(n).padStart(5)}  failed: ${rs.message}`);
      perCopy.push({ wall: NaN, cpu: NaN });
      cpuAt.push(NaN);
      added.push(NaN);
      continue;
    }
    const wall = rs.map((r) => r.seconds);
    const cpu = rs.map((r) => r.cpu);
    perCopy.push({ wall: median(wall) / n, cpu: median(cpu) / n });
    cpuAt.push(median(cpu));
    added.push(k > 0 ? (cpuAt[k]! - cpuAt[k - 1]!) / (n - sizes[k - 1]!) : NaN);
    const stages = ['ingest', 'reconstruct', 'validate'].map((s) => median(rs.map((r) => r.stages[s] ?? 0)).toFixed(2)).join(' / ');
    console.log(`${String(n).padStart(5)}${(statSync(paths[k]!).size / 2 ** 20).toFixed(1).padStart(7)}${String(rs[0]!.forms).padStart(7)}`
      + `${spread(wall, 2).padStart(22)}${spread(cpu, 2).padStart(22)}${(1000 * perCopy[k]!.wall).toFixed(1).padStart(14)}${(1000 * perCopy[k]!.cpu).toFixed(1).padStart(13)}${(k > 0 ? (1000 * added[k]!).toFixed(1) : '').padStart(14)}`
      + `${Math.max(...rs.map((r) => r.maxRssMiB)).toFixed(0).padStart(13)}   ${stages}`);
  }
  for (const path of paths) rmSync(path);
  if (sizes.length > 1) {
    const ratio = (f: 'wall' | 'cpu') => (perCopy.at(-1)![f] / perCopy[0]![f]).toFixed(2);
    console.log(`per-copy time ${sizes.at(-1)}×/${sizes[0]}× (medians): wall ${ratio('wall')}, CPU ${ratio('cpu')} (flat is 1; target ≤ 1.5)`);
    if (sizes.length > 2) console.log(`CPU per added copy, last step / first step: ${(added.at(-1)! / added[1]!).toFixed(2)} (linear is 1)`);
  }
}

async function run(path: string): Promise<Run> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', CHILD, path], { cwd: ROOT, maxBuffer: 1 << 24 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Run;
}
