// `pnpm bench scale [--seed 000] [--sizes 10,50,200]`: time and peak memory against document
// size. One text dump of a fixture seed (fixtures/seeds/<seed>_*.txt) repeated N times is
// extracted (extractFile, as `ziping extract`) in a fresh process per size (bench/scale-child.ts),
// which reports its own seconds and peak RSS. Linear work gives a flat time per copy: the last
// line prints the per-copy ratio of the largest size to the smallest (target: at most 1.5).
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(import.meta.dirname, '..');
const SEEDS = join(ROOT, 'fixtures/seeds');
const CHILD = join(import.meta.dirname, 'scale-child.ts');

interface Run { seconds: number; stages: Record<string, number>; maxRssMiB: number; forms: number }

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

export async function benchScale(): Promise<void> {
  const seed = option('seed', '000');
  const sizes = option('sizes', '10,50,200').split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes: whole numbers ≥ 1, got "${option('sizes', '')}"`);
  const file = readdirSync(SEEDS).find((f) => f.startsWith(`${seed}_`) && f.endsWith('.txt'));
  if (!file) throw new Error(`no text seed ${seed} in ${SEEDS}`);
  const text = readFileSync(join(SEEDS, file), 'utf8').trimEnd();

  const dir = mkdtempSync(join(tmpdir(), 'ziping-scale-'));
  try {
    console.log(`${file} repeated N times in one text dump; one fresh process per size`);
    console.log(`${'N'.padStart(5)}${'MiB'.padStart(7)}${'forms'.padStart(7)}${'seconds'.padStart(9)}${'ms/copy'.padStart(9)}${'maxRSS MiB'.padStart(12)}   ingest / reconstruct / validate s`);
    const perCopy: number[] = [];
    for (const n of sizes) {
      const path = join(dir, `${seed}x${n}.txt`);
      writeFileSync(path, Array.from({ length: n }, () => text).join('\n\n\n'));
      const r = await run(path).catch((e: Error & { stderr?: string }) => e);
      if (r instanceof Error) {
        const why = (r.stderr ?? r.message).split('\n').find((l) => /Error/.test(l)) ?? r.message;
        console.log(`${String(n).padStart(5)}  failed: ${why.trim()}`);
        perCopy.push(NaN);
        continue;
      }
      perCopy.push(r.seconds / n);
      const stages = ['ingest', 'reconstruct', 'validate'].map((s) => (r.stages[s] ?? 0).toFixed(2)).join(' / ');
      console.log(`${String(n).padStart(5)}${(statSync(path).size / 2 ** 20).toFixed(1).padStart(7)}${String(r.forms).padStart(7)}`
        + `${r.seconds.toFixed(2).padStart(9)}${(1000 * r.seconds / n).toFixed(1).padStart(9)}${r.maxRssMiB.toFixed(0).padStart(12)}   ${stages}`);
      rmSync(path);
    }
    if (sizes.length > 1) {
      const ratio = perCopy.at(-1)! / perCopy[0]!;
      console.log(`per-copy time ${sizes.at(-1)}×/${sizes[0]}×: ${ratio.toFixed(2)} (flat is 1; target ≤ 1.5)`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function run(path: string): Promise<Run> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', CHILD, path], { cwd: ROOT, maxBuffer: 1 << 24 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Run;
}
