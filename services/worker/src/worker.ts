// The document worker: takes `process-document` jobs from the queue and runs the stages
// (packages/jobs/process-document.ts). Concurrency, time limit, lock and stall check come
// from the config; bad input fails a job for good, anything else is retried with backoff.
import type { Config, OcrSettings, QueueConfig } from '@ziping/config';
import { processDocument, startJobWorker, UnrecoverableError, type DocumentJobResult, type JobWorker } from '@ziping/jobs';
import { failDocument, migrate, openDb, type Db } from '@ziping/store';

export type DocumentWorker = JobWorker;

export function startDocumentWorker(queue: QueueConfig, db: Db, log: (line: string) => void = () => {}, ocr?: OcrSettings | false): DocumentWorker {
  const w = startJobWorker(queue, { 'process-document': processDocument(db, ocr) });
  w.worker.on('completed', (job, result: DocumentJobResult) => log(`${result.status} ${job.data?.name} (document ${job.data?.documentId})`));
  w.worker.on('failed', (job, err) => {
    if (!job) return;
    const final = err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    log(`${final ? 'failed' : 'will retry'} ${job.data?.name} (document ${job.data?.documentId}): ${err.message}`);
    // The handler records its own failures; this catches the ones it never saw, e.g. a job
    // that stalled too often (its worker was killed). A no-op for a document already failed.
    const id = Number(job.data?.documentId);
    if (final && Number.isInteger(id) && id > 0) {
      failDocument(db, id, { code: 'INTERNAL', message: `${job.data?.name}: ${err.message}` }).catch(() => {});
    }
  });
  let lastError = '';
  w.worker.on('error', (err) => {
    if (err.message !== lastError) log(`worker error: ${err.message}`); // a Redis outage repeats itself
    lastError = err.message;
  });
  return w;
}

/**
 * `ziping worker`: migrates, runs until SIGTERM or SIGINT, then closes gracefully (jobs in
 * progress finish first). Resolves once closed.
 */
export async function runWorker(config: Config, log: (line: string) => void): Promise<void> {
  if (!config.queue) throw new Error('REDIS_URL is not set: the worker needs the queue');
  if (config.database.kind !== 'postgres') {
    // PGlite is opened by one process at a time: the API's process must do the work then.
    throw new Error('DATABASE_URL is not set: a separate worker needs Postgres (`ziping serve` runs API and worker in one process)');
  }
  const stop = untilSignal(); // from the start: a SIGTERM while starting stops it too
  const db = await openDb(config.database);
  try {
    await migrate(db);
    const w = startDocumentWorker(config.queue, db, log, config.ocr);
    log(`worker: concurrency ${config.queue.concurrency}, queue prefix ${config.queue.prefix}`);
    await stop;
    log('worker: stopping (waiting for running jobs)');
    await w.close();
  } finally {
    await db.close();
  }
}

/** Resolves on the first SIGTERM or SIGINT. */
export function untilSignal(signals: NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (s: NodeJS.Signals) => {
      for (const x of signals) process.off(x, on);
      resolve(s);
    };
    for (const s of signals) process.once(s, on);
  });
}
