// `pnpm bench ingest`: documents per minute of service mode with 1 and 2 worker
// processes, on the real Postgres (a fresh database per run, dropped afterwards) and Redis
// (a key prefix per run, deleted afterwards). The batch is the fixture seeds over and over,
// each copy with a comment line of its own so every document has its own sha256.
//
// Each run: uploads recorded and jobs enqueued on a paused queue, the workers (the compiled
// `node dist/worker.mjs`, built first) started and ready, then the clock runs from resuming
// the queue until every document is done/failed.
//
// The CPU split per document comes from each completed job's return value (runDocument's
// `process.cpuUsage()` laps: ingest, reconstruct, validate, store); the workers' whole CPU
// time from /proc. "Beyond extraction" is everything a worker spends on a document besides
// ingest + reconstruct: validate, store, the row's stage bookkeeping and the queue's own work.
// Goal: ≤ 50 ms per text document. Laps are per process, so keep BENCH_CONCURRENCY at 1.
//
//   BENCH_DOCS (200)           documents per run
//   BENCH_WORKERS (1,2)        worker processes per run
//   BENCH_CONCURRENCY (1)      WORKER_CONCURRENCY of each worker process
//   BENCH_ADMIN_URL            Postgres to create the databases on (postgres://postgres@127.0.0.1:5432/postgres)
//   BENCH_REDIS_URL            Redis (redis://127.0.0.1:6379)
//   BENCH_TIMEOUT_MS (600000)  a run that takes longer is abandoned
//   BENCH_PROFILE              a folder: each worker process writes its CPU profile there (node --cpu-prof)
import { execFileSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { migrate, openPostgres, recordUpload, type Db } from '@ziping/store';
import { deleteQueueKeys, openQueue, type DocumentJobResult, type StageCpu } from '@ziping/jobs';
import { BUILT_WORKER, ensureBuilt, startWorker, type WorkerProcess } from '../services/cli/src/run-cli.ts';
import { benchDatabase } from './db.ts';
import { load, median } from './stats.ts';

const ROOT = resolve(import.meta.dirname, '..');
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const DOCS = Number(process.env.BENCH_DOCS ?? 200);
const WORKERS = (process.env.BENCH_WORKERS ?? '1,2').split(',').map(Number);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 1);
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 600_000);
const PROFILE = process.env.BENCH_PROFILE;
const POLL_MS = 100;

interface Doc { name: string; path: string; sha256: string; bytes: number }
interface Run {
  workers: number; seconds: number; perMinute: number; done: number; failed: number; forms: number;
  load: string; loadAfter: string;
  /** CPU time the worker processes used in the timed window (Linux only). */
  cpuSeconds: number | null;
  /** The CPU split of each completed document (ms). */
  splits: StageCpu[];
}

const STAGE_KEYS = ['ingest', 'reconstruct', 'validate', 'store'] as const;

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

const CLK_TCK = (() => {
  try { return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100; } catch { return 100; }
})();

/** User + system CPU seconds of a process so far, from /proc (null elsewhere). */
function cpuOf(pid: number | undefined): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / CLK_TCK; // utime, stime (fields 14 and 15)
  } catch {
    return null;
  }
}

const cpuOfAll = (procs: { child: ChildProcess }[]): number | null => {
  const xs = procs.map((p) => cpuOf(p.child.pid));
  return xs.every((x) => x !== null) ? xs.reduce((a, b) => a! + b!, 0) : null;
};

/** The batch: seed i % 5 with `# bench <i>` appended, stored content-addressed like the API does. */
async function makeBatch(filesDir: string): Promise<Doc[]> {
  const seedDir = join(ROOT, 'fixtures/seeds');
  const seeds = await Promise.all((await readdir(seedDir)).filter((f) => f.endsWith('.txt')).sort().map((f) => readFile(join(seedDir, f), 'utf8')));
  const docs: Doc[] = [];
  for (let i = 0; i < DOCS; i++) {
    const bytes = Buffer.from(`${seeds[i % seeds.length]}\n# bench ${i}\n`);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const path = join(filesDir, sha256.slice(0, 2), sha256);
    await mkdir(join(filesDir, sha256.slice(0, 2)), { recursive: true });
    await writeFile(path, bytes);
    docs.push({ name: `bench-${i}.txt`, path, sha256, bytes: bytes.length });
  }
  return docs;
}

async function runOnce(workers: number, docs: Doc[], filesDir: string): Promise<Run> {
  const tag = randomBytes(5).toString('hex');
  const prefix = `ziping-bench-${tag}`;
  const base = await benchDatabase(`ziping_bench_${tag}`);
  const { url } = base;
  let db: Db | null = null;
  const queueCfg = { redisUrl: REDIS_URL, prefix, concurrency: CONCURRENCY, jobTimeoutMs: 300_000, lockDurationMs: 60_000, stalledIntervalMs: 30_000 };
  const queue = openQueue(queueCfg);
  const procs: WorkerProcess[] = [];
  try {
    db = openPostgres(url);
    await migrate(db);
    await queue.queue.pause();
    for (const d of docs) {
      const { document } = await recordUpload(db, { name: d.name, path: d.path, sha256: d.sha256, mediaType: 'text/plain', bytes: d.bytes });
      await queue.enqueue('process-document', { documentId: document.id, sha256: d.sha256, path: d.path, name: d.name, run: document.runs });
    }
    const vars = {
      DATABASE_URL: url, REDIS_URL, QUEUE_PREFIX: prefix, ZIPING_FILES_DIR: filesDir,
      WORKER_CONCURRENCY: String(CONCURRENCY), OCR_ENGINE: 'off',
    };
    const argv = PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${resolve(PROFILE)}`, BUILT_WORKER] : [BUILT_WORKER];
    for (let i = 0; i < workers; i++) procs.push(startWorker(argv, vars));
    await Promise.all(procs.map((p) => p.ready));

    const loadBefore = load();
    const cpu0 = cpuOfAll(procs);
    const t0 = performance.now();
    await queue.queue.resume();
    let done = 0;
    let failed = 0;
    for (;;) {
      const [c] = await db.query<{ done: number; failed: number }>(
        `SELECT count(*) FILTER (WHERE status = 'done')::int AS done, count(*) FILTER (WHERE status = 'failed')::int AS failed FROM documents`,
      );
      ({ done, failed } = c);
      if (done + failed >= docs.length) break;
      if (performance.now() - t0 > TIMEOUT_MS) throw new Error(`${workers} worker(s): ${done + failed}/${docs.length} finished after ${TIMEOUT_MS} ms`);
      await sleep(POLL_MS);
    }
    const seconds = (performance.now() - t0) / 1000;
    const cpu1 = cpuOfAll(procs);
    const loadAfter = load();
    const [{ forms }] = await db.query<{ forms: number }>('SELECT count(*)::int AS forms FROM forms');
    const completed = await queue.queue.getJobs(['completed'], 0, -1);
    const splits = completed.map((j) => (j.returnvalue as DocumentJobResult)).flatMap((r) => (r?.status === 'done' ? [r.cpu] : []));
    return { workers, seconds, perMinute: (docs.length / seconds) * 60, done, failed, forms, load: loadBefore, loadAfter, cpuSeconds: cpu0 !== null && cpu1 !== null ? cpu1 - cpu0 : null, splits };
  } finally {
    for (const p of procs) p.child.kill('SIGTERM');
    await Promise.all(procs.map((p) => p.exited));
    await queue.close();
    await db?.close();
    await base.drop().catch(() => {});
    await deleteQueueKeys(REDIS_URL, prefix);
  }
}

/** Median CPU ms per document of each stage, and what a worker spends beyond extraction. */
function printSplit(r: Run): void {
  if (r.splits.length === 0) return void console.log('    no CPU split: no completed job returned one');
  const med = (f: (c: StageCpu) => number) => median(r.splits.map(f)).toFixed(1);
  console.log(`    CPU ms per document, median of ${r.splits.length}: ` +
    STAGE_KEYS.map((k) => `${k} ${med((c) => c[k])}`).join(', ') +
    `, bookkeeping ${med((c) => c.total - STAGE_KEYS.reduce((a, k) => a + c[k], 0))}; validate + store ${med((c) => c.validate + c.store)}`);
  if (r.cpuSeconds === null) return;
  const perDoc = (1000 * r.cpuSeconds) / r.splits.length;
  const extraction = mean(r.splits.map((c) => c.ingest + c.reconstruct));
  const queue = perDoc - mean(r.splits.map((c) => c.total));
  const beyond = perDoc - extraction;
  console.log(`    workers' CPU per document ${perDoc.toFixed(1)} ms (mean): extraction (ingest + reconstruct) ${extraction.toFixed(1)}, ` +
    `queue and process overhead outside runDocument ${queue.toFixed(1)}; beyond extraction ${beyond.toFixed(1)} ms ` +
    `(goal ≤ 50: ${beyond <= 50 ? 'met' : 'missed'})`);
}

export async function benchIngest(): Promise<void> {
  await ensureBuilt(); // dist/ from the current sources
  const filesDir = await mkdtemp(join(tmpdir(), 'ziping-bench-'));
  try {
    const docs = await makeBatch(filesDir);
    console.log(`Service-mode ingestion: ${docs.length} documents (the ${Math.min(5, docs.length)} seeds, each copy with its own sha256), ` +
      `worker processes with WORKER_CONCURRENCY=${CONCURRENCY}; ${cpus().length} CPUs, load average at start ${load()}`);
    const runs: Run[] = [];
    for (const w of WORKERS) {
      const r = await runOnce(w, docs, filesDir);
      runs.push(r);
      console.log(`${String(w).padStart(2)} worker process${w === 1 ? '  ' : 'es'}: ${r.seconds.toFixed(1).padStart(6)} s, ` +
        `${r.perMinute.toFixed(1).padStart(7)} docs/min (${r.done} done, ${r.failed} failed, ${r.forms} forms); ` +
        (r.cpuSeconds === null ? '' : `workers' CPU ${r.cpuSeconds.toFixed(1)} s (${((100 * r.cpuSeconds) / (r.seconds * w)).toFixed(0)}% of each one's wall time); `) +
        `load average ${r.load} at start, ${r.loadAfter} at end`);
      printSplit(r);
    }
    const one = runs.find((r) => r.workers === 1);
    for (const r of runs) {
      if (one && r !== one) console.log(`${r.workers} processes vs 1: ${(r.perMinute / one.perMinute).toFixed(2)}× the documents per minute`);
    }
    if (runs.some((r) => r.failed)) console.log('some documents failed: the figures are not comparable');
    console.log('The machine may be shared: a load average above the CPU count, or workers well under 100% CPU, means other work competed for it.');
  } finally {
    await rm(filesDir, { recursive: true, force: true });
  }
}
