// A `ziping worker` process SIGKILLed in the middle of a document: after its lock runs out
// (JOB_LOCK_MS) a second worker process's stall check (JOB_STALLED_INTERVAL_MS) takes the
// job over and stores the document exactly once. Real processes, the local Postgres (a
// database of this file's own) and Redis (a key prefix of its own).
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openQueue } from '@ziping/jobs';
import { followQueue, jobFinished, jobHistory, useTestQueueConfig } from '@ziping/jobs/testing';
import { extractFile } from '@ziping/pipeline';
import { getDocument, recordUpload, type Db } from '@ziping/store';
import { useFreshDbs } from '@ziping/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT, ROOT, startWorker, type WorkerProcess } from './run-cli.ts';

// The seed 20 times over: 80 forms, most of a second of work, so the worker is surely still
// on it when it is killed.
const REPEAT = 20;
// The lock is renewed by a timer of the worker's event loop, which reconstruct and validate
// (synchronous) hold up: the lock must outlast them twice over, or the worker that takes the
// job over is itself taken for dead ("job stalled more than allowable limit").
const LOCK_MS = 6000;

describe('a worker process killed mid-document', () => {
  const dbs = useFreshDbs(['postgres']);
  const queue = useTestQueueConfig({ concurrency: 1, lockDurationMs: LOCK_MS, stalledIntervalMs: 1000 });
  const procs: WorkerProcess[] = [];
  let filesDir: string;
  let db: Db;
  beforeAll(async () => {
    filesDir = await mkdtemp(join(tmpdir(), 'ziping-files-'));
    db = await dbs.postgres.open(); // migrated already: a fresh database is a clone of the migrated template
  });
  afterAll(async () => {
    for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await Promise.all(procs.map((p) => p.exited));
    await db?.close();
    await rm(filesDir, { recursive: true, force: true });
  });

  it('is re-delivered to another worker process once its lock expires, and stored exactly once', { timeout: 180_000 }, async () => {
    const seed = await readFile(join(ROOT, 'fixtures/seeds/000_ca0dcd0154b0e201.txt'), 'utf8');
    const bytes = Buffer.from(seed.repeat(REPEAT));
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const path = join(filesDir, sha256.slice(0, 2), sha256);
    await mkdir(join(filesDir, sha256.slice(0, 2)), { recursive: true });
    await writeFile(path, bytes);
    // What a single uninterrupted run gives.
    const { extraction } = await extractFile(path, undefined, { ocr: false });
    const expected = {
      forms: extraction.forms.length,
      indicators: extraction.forms.reduce((n, f) => n + f.indicators.length, 0),
      anomalies: extraction.anomalies.length,
    };
    expect(expected.forms).toBeGreaterThan(REPEAT);

    const d = dbs.postgres.config;
    const vars = {
      DATABASE_URL: d.kind === 'postgres' ? d.url : '', REDIS_URL: queue.redisUrl, QUEUE_PREFIX: queue.prefix,
      ZIPING_FILES_DIR: filesDir, WORKER_CONCURRENCY: '1', OCR_ENGINE: 'off',
      JOB_LOCK_MS: String(queue.lockDurationMs), JOB_STALLED_INTERVAL_MS: String(queue.stalledIntervalMs),
    };
    const events = await followQueue(queue);
    const jobs = openQueue(queue);
    try {
      const first = startWorker([BUILT, 'worker'], vars);
      procs.push(first);
      await first.ready;
      const { document } = await recordUpload(db, { name: 'big.txt', path, sha256, mediaType: 'text/plain', bytes: bytes.length });
      const { id } = await jobs.enqueue('process-document', { documentId: document.id, sha256, path, name: 'big.txt', run: document.runs });

      // The worker reports the stage to the job once the row is `running`: kill it then.
      await events.next('progress', id, (e) => (e.data.data as { stage?: string } | undefined)?.stage === 'ingest');
      first.child.kill('SIGKILL');
      expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
      // Killed mid-document: still `running`, nothing of it saved.
      expect(await getDocument(db, document.id)).toMatchObject({ status: 'running', stage: 'ingest' });
      expect((await jobs.queue.getJob(id))?.finishedOn).toBeUndefined();

      const second = startWorker([BUILT, 'worker'], vars);
      procs.push(second);
      await second.ready;
      expect((await events.next('stalled', id, undefined, 60_000)).jobId).toBe(id);
      expect(await jobFinished(queue, id, 90_000)).toMatchObject({ status: 'done' });

      const row = await getDocument(db, document.id);
      expect(row).toMatchObject({ status: 'done', stage: null, runs: 1, error_code: null });
      const [stored] = await db.query<{ forms: number; indicators: number; anomalies: number }>(
        `SELECT (SELECT count(*)::int FROM forms WHERE document_id = $1) AS forms,
                (SELECT count(*)::int FROM indicators i JOIN forms f ON f.id = i.form_id WHERE f.document_id = $1) AS indicators,
                (SELECT count(*)::int FROM anomalies WHERE document_id = $1) AS anomalies`,
        [document.id],
      );
      expect(stored).toEqual(expected);
      expect(row?.counts).toMatchObject(expected);
      // No form stored twice (one row per ordinal).
      const dupes = await db.query('SELECT 1 FROM forms WHERE document_id = $1 GROUP BY ordinal HAVING count(*) > 1', [document.id]);
      expect(dupes).toEqual([]);

      second.child.kill('SIGTERM');
      expect(await second.exited).toEqual({ code: 0, signal: null });
      // Both workers gone, the event stream is complete: taken twice, stalled once, completed once.
      const history = await jobHistory(queue, id);
      const n = (e: string) => history.filter((x) => x === e).length;
      expect({ active: n('active'), stalled: n('stalled'), completed: n('completed'), failed: n('failed') })
        .toEqual({ active: 2, stalled: 1, completed: 1, failed: 0 });
      expect(await jobs.queue.getJob(id)).toMatchObject({ returnvalue: { status: 'done' }, attemptsMade: 1, stalledCounter: 1 });
    } finally {
      await events.close();
      await jobs.close();
    }
  });
});
