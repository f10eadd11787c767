// The queue repository: the only code that talks to BullMQ. One queue for the catalog;
// jobs are told apart by name. Connections come from the config; each Queue / Worker
// owns its connection and closes it.
import type { QueueConfig } from '@ziping/config';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { JOBS, isJobName, parsePayload, type JobName, type JobPayload } from './catalog.ts';
import { redisConnection, within } from './connection.ts';

export const QUEUE_NAME = 'documents';

// Finished jobs are kept for a while for inspection, then trimmed; a completed job whose id
// is kept still blocks a new job with the same id, which is what deduplication relies on.
const KEEP_COMPLETED = { age: 7 * 24 * 3600, count: 10_000 };
const KEEP_FAILED = { age: 30 * 24 * 3600, count: 10_000 };

export interface Enqueued { id: string; name: JobName }

const ENQUEUE_TIMEOUT_MS = 10_000;

export interface JobQueue {
  /** Adds a job (validated against the catalog) under the catalog's job id; an id already taken keeps its job. */
  enqueue<N extends JobName>(name: N, payload: JobPayload<N>): Promise<Enqueued>;
  /** Jobs per state (waiting, active, completed, failed, delayed, …). */
  counts(): Promise<Record<string, number>>;
  /** Waits until Redis answers (for health checks). */
  ping(): Promise<void>;
  close(): Promise<void>;
  readonly queue: Queue;
}

/** `onError`: connection trouble (Redis down, …); commands fail or wait meanwhile. */
export function openQueue(cfg: QueueConfig, onError: (e: Error) => void = () => {}): JobQueue {
  const connection = redisConnection(cfg.redisUrl, 'producer');
  const queue = new Queue(QUEUE_NAME, { connection, prefix: cfg.prefix });
  queue.on('error', onError);
  return {
    queue,
    async enqueue(name, payload) {
      const spec = JOBS[name];
      const data = parsePayload(name, payload);
      // BullMQ waits for Redis indefinitely; an upload should fail instead. Should Redis
      // come back later, the add goes through; the job id keeps that harmless.
      const job = await within(ENQUEUE_TIMEOUT_MS, 'redis', queue.add(name, data, {
        ...spec.options,
        jobId: spec.jobId(data),
        removeOnComplete: KEEP_COMPLETED,
        removeOnFail: KEEP_FAILED,
      }));
      return { id: job.id as string, name };
    },
    counts: () => queue.getJobCounts(),
    ping: async () => void (await within(2000, 'redis', connection.ping())),
    async close() {
      await within(5000, 'redis', queue.close()).catch(() => {});
      await within(1000, 'redis', connection.quit()).catch(() => connection.disconnect());
    },
  };
}

export interface JobContext {
  job: Job;
  /** Aborted when the job's time limit (`jobTimeoutMs`) is up. */
  signal: AbortSignal;
  /** No retry follows if this attempt fails. */
  lastAttempt: boolean;
}

export type JobHandlers = { [N in JobName]: (payload: JobPayload<N>, ctx: JobContext) => Promise<unknown> };

export interface JobWorker {
  readonly worker: Worker;
  /** Stops taking jobs, waits for the running ones (unless `force`), closes the connection. */
  close(force?: boolean): Promise<void>;
}

/** Starts a worker for the catalog's jobs with concurrency, lock and stall checks from the config. */
export function startJobWorker(cfg: QueueConfig, handlers: JobHandlers): JobWorker {
  const connection = redisConnection(cfg.redisUrl, 'worker');
  const worker = new Worker(
    QUEUE_NAME,
    async (job: Job) => {
      if (!isJobName(job.name)) throw new UnrecoverableError(`unknown job ${job.name}`);
      const parsed = JOBS[job.name].payload.safeParse(job.data);
      if (!parsed.success) throw new UnrecoverableError(`bad ${job.name} payload: ${parsed.error.message}`);
      const ctx: JobContext = {
        job,
        signal: AbortSignal.timeout(cfg.jobTimeoutMs),
        lastAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
      };
      const handler = handlers[job.name] as (p: unknown, c: JobContext) => Promise<unknown>;
      return handler(parsed.data, ctx);
    },
    {
      connection,
      prefix: cfg.prefix,
      concurrency: cfg.concurrency,
      lockDuration: cfg.lockDurationMs,
      stalledInterval: cfg.stalledIntervalMs,
      maxStalledCount: 1,
    },
  );
  return {
    worker,
    async close(force = false) {
      await worker.close(force);
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}

export { UnrecoverableError };
export type { Job };
