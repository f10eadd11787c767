// The document worker on the real local Postgres and Redis: transient failures are retried
// with backoff, the time limit fails an attempt with TIMEOUT, and SIGTERM stops the
// process gracefully.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openQueue, runDocument, startJobWorker, type StageProgress } from '@ziping/jobs';
import { useTestQueueConfig, watchJobs } from '@ziping/jobs/testing';
import { getDocument, markRunning, migrate, recordUpload, type Db } from '@ziping/store';
import { countingDb, useFreshDbs } from '@ziping/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDocumentWorker } from './worker.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SEED = `${ROOT}fixtures/seeds/000_ca0dcd0154b0e201.txt`;

async function queuedSeed(db: Db, path = SEED) {
  const bytes = await readFile(path);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const { document } = await recordUpload(db, { name: 'seed.txt', path, sha256, mediaType: 'text/plain', bytes: bytes.length });
  return { documentId: document.id, sha256, path, name: 'seed.txt', run: document.runs };
}

/** The database, except that its first `n` transactions fail as a dropped connection would. */
function flaky(db: Db, n: number): Db {
  let left = n;
  return {
    query: (sql, params) => db.query(sql, params),
    exec: (sql) => db.exec(sql),
    transaction: (fn) => (left-- > 0 ? Promise.reject(new Error('connection reset (simulated)')) : db.transaction(fn)),
    close: () => db.close(),
  };
}

describe('the document worker', () => {
  const dbs = useFreshDbs(['postgres']);
  const cfg = useTestQueueConfig({ concurrency: 1 });
  let db: Db;
  let dir: string;
  beforeAll(async () => {
    db = await dbs.postgres.open();
    await migrate(db);
    dir = await mkdtemp(join(tmpdir(), 'ziping-worker-'));
  });
  afterAll(async () => {
    await db?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Seed 000 with a line of its own: new bytes, so a new document. */
  async function copyOfSeed(tag: string): Promise<string> {
    const path = join(dir, `${tag}.txt`);
    await writeFile(path, `${await readFile(SEED, 'utf8')}\n# ${tag}\n`);
    return path;
  }

  it('writes each stage of long work to the row as it begins, and a short document\'s row only at its start and end', async () => {
    // `reportAfterMs` stands for how long the document has run: from 0 every stage is due, and
    // a document done within Infinity never has a later stage to show.
    const run = async (reportAfterMs: number) => {
      const p = await queuedSeed(db, await copyOfSeed(`after-${reportAfterMs}`));
      const counted = countingDb(db);
      const seen: (StageProgress & { row: unknown })[] = [];
      const onStage = async (s: StageProgress) => {
        const row = await getDocument(db, p.documentId);
        seen.push({ ...s, row: { status: row?.status, stage: row?.stage } });
      };
      expect(await runDocument(counted.db, p, { reportAfterMs, onStage })).toMatchObject({ status: 'done' });
      expect(await getDocument(db, p.documentId)).toMatchObject({ status: 'done', stage: null });
      return { seen, rowWrites: counted.sql.filter((q) => /^\s*UPDATE documents/.test(q)).length };
    };
    const stages = ['ingest', 'reconstruct', 'validate', 'store'];
    expect(await run(0)).toEqual({
      seen: stages.map((stage, i) => ({ stage, step: i + 1, of: 4, row: { status: 'running', stage } })),
      rowWrites: 5, // a stage each, then done
    });
    expect(await run(Infinity)).toEqual({
      seen: [{ stage: 'ingest', step: 1, of: 4, row: { status: 'running', stage: 'ingest' } }],
      rowWrites: 2, // running, then done in the document's transaction
    });
  });

  it('fails an attempt whose time is up with TIMEOUT, queued again unless it was the last', async () => {
    const p = await queuedSeed(db, `${ROOT}fixtures/seeds/002_80c952864022144d.txt`);
    const signal = AbortSignal.abort(new DOMException('time is up', 'TimeoutError'));
    const retry = await runDocument(db, p, { signal, lastAttempt: false });
    expect(retry).toMatchObject({ status: 'failed', retry: true, failure: { code: 'TIMEOUT' } });
    expect(await getDocument(db, p.documentId)).toMatchObject({ status: 'queued' });
    expect(await runDocument(db, p, { signal })).toMatchObject({ status: 'failed', retry: false });
    expect(await getDocument(db, p.documentId)).toMatchObject({ status: 'failed', error_code: 'TIMEOUT' });
  });

  it('splits the CPU time of a stored document into its four stages', async () => {
    const p = await queuedSeed(db, `${ROOT}fixtures/seeds/003_69315ee9fbc7324a.txt`);
    const out = await runDocument(db, p);
    if (out.status !== 'done') throw new Error(`expected done, got ${out.status}`);
    const { total, ...stages } = out.cpu;
    expect(Object.keys(stages).sort()).toEqual(['ingest', 'reconstruct', 'store', 'validate']);
    for (const ms of Object.values(stages)) expect(ms).toBeGreaterThanOrEqual(0);
    // The stages are laps of one clock inside the run; the rest is the row's bookkeeping.
    const sum = Object.values(stages).reduce((a, b) => a + b, 0);
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThanOrEqual(total + 1e-9); // milliseconds from microseconds: float rounding
  });

  it('retries a transient failure with backoff, then stores the document once', async () => {
    const queue = openQueue(cfg);
    const worker = startDocumentWorker(cfg, flaky(db, 1));
    const jobs = watchJobs(worker.worker);
    const failures: string[] = [];
    worker.worker.on('failed', (_job, err) => failures.push(err.message));
    try {
      const p = await queuedSeed(db);
      const { id } = await queue.enqueue('process-document', p);
      // The job's return value carries the document's CPU split (what `pnpm bench ingest` reads).
      expect(await jobs.settled(id)).toMatchObject({ state: 'completed', value: { status: 'done', cpu: { store: expect.any(Number), total: expect.any(Number) } } });
      expect(failures).toEqual(['connection reset (simulated)']);
      const job = await queue.queue.getJob(id);
      expect(job?.attemptsMade).toBe(2); // the failed attempt and the one that completed
      expect(await getDocument(db, p.documentId)).toMatchObject({ status: 'done', runs: 1 });
      const [{ n }] = await db.query<{ n: number }>('SELECT count(*) AS n FROM forms WHERE document_id = $1', [p.documentId]);
      expect(n).toBeGreaterThan(0);
    } finally {
      await worker.close();
      await queue.close();
    }
  });

  it('re-delivers the job of a worker that died mid-document, once its lock expires', async () => {
    const short = { ...cfg, lockDurationMs: 1000, stalledIntervalMs: 500 };
    const queue = openQueue(short);
    const p = await queuedSeed(db, `${ROOT}fixtures/seeds/001_ba783ae97283a765.txt`);
    // The first worker takes the job, starts on it and never finishes: a SIGKILL as far as the queue can tell.
    let taken!: () => void;
    const started = new Promise<void>((resolve) => (taken = resolve));
    const dying = startJobWorker(short, {
      'process-document': async (job) => {
        await markRunning(db, job.documentId, 'ingest');
        taken();
        return new Promise(() => {});
      },
    });
    try {
      const { id } = await queue.enqueue('process-document', p);
      await started;
      await dying.close(true); // no lock renewal from now on, the job is left active
      expect(await getDocument(db, p.documentId)).toMatchObject({ status: 'running', stage: 'ingest' });
      const worker = startDocumentWorker(short, db);
      const jobs = watchJobs(worker.worker);
      const stalled = new Promise<string>((resolve) => worker.worker.on('stalled', (jobId) => resolve(jobId)));
      try {
        expect(await stalled).toBe(id);
        expect(await jobs.settled(id)).toMatchObject({ state: 'completed', value: { status: 'done' } });
        expect(await getDocument(db, p.documentId)).toMatchObject({ status: 'done', stage: null });
      } finally {
        await worker.close();
      }
    } finally {
      await queue.close();
    }
  });

  it('stops gracefully on SIGTERM', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env, DATABASE_URL: dbs.postgres.config.kind === 'postgres' ? dbs.postgres.config.url : '',
      REDIS_URL: cfg.redisUrl, QUEUE_PREFIX: cfg.prefix, LOG_LEVEL: 'silent',
    };
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./main.ts', import.meta.url))], {
      cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      child.stderr.on('data', (d) => {
        stderr += d;
        if (stderr.includes('worker: concurrency')) resolve();
      });
      child.on('exit', () => reject(new Error(`worker exited early: ${stderr}`)));
    });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('worker: stopping');
  });
});
