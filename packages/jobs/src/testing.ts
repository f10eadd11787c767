// Test queues on the real local Redis (ioredis-mock cannot run BullMQ): a unique key
// prefix per suite, every key under it deleted afterwards.
import { randomBytes } from 'node:crypto';
import type { QueueConfig } from '@ziping/config';
import { afterAll } from 'vitest';
import { deleteQueueKeys, redisConnection } from './connection.ts';
import { Job, Queue, QueueEvents, type Worker } from 'bullmq';
import { QUEUE_NAME } from './queue.ts';

export const TEST_REDIS_URL = 'redis://127.0.0.1:6379';

export function testQueueConfig(over: Partial<QueueConfig> = {}): QueueConfig {
  return {
    redisUrl: TEST_REDIS_URL,
    prefix: `ziping-test-${randomBytes(6).toString('hex')}`,
    concurrency: 2,
    jobTimeoutMs: 30_000,
    lockDurationMs: 5_000,
    stalledIntervalMs: 2_500,
    ...over,
  };
}

export const deleteTestQueueKeys = (prefix: string): Promise<void> => deleteQueueKeys(TEST_REDIS_URL, prefix);

/** A queue config with a prefix of its own for the enclosing suite; its keys are deleted after it. */
export function useTestQueueConfig(over: Partial<QueueConfig> = {}): QueueConfig {
  const cfg = testQueueConfig(over);
  afterAll(() => deleteTestQueueKeys(cfg.prefix));
  return cfg;
}

export interface Settled { state: 'completed' | 'failed'; attemptsMade: number; value?: unknown; reason?: string }

/**
 * Records every job that settles on the worker from now on (completed, or failed with no
 * retry left) and every progress report, so a test can await a job whatever the order.
 */
export function watchJobs(worker: Worker) {
  const settled = new Map<string, Settled>();
  const waiting = new Map<string, ((s: Settled) => void)[]>();
  const progress = new Map<string, unknown[]>();
  const settle = (job: Job, s: Settled) => {
    settled.set(job.id!, s);
    for (const w of waiting.get(job.id!) ?? []) w(s);
    waiting.delete(job.id!);
  };
  worker.on('completed', (job, value) => settle(job, { state: 'completed', attemptsMade: job.attemptsMade, value }));
  worker.on('failed', (job, err) => {
    if (!job) return;
    const final = err.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
    if (final) settle(job, { state: 'failed', attemptsMade: job.attemptsMade, reason: err.message });
  });
  worker.on('progress', (job, p) => progress.set(job.id!, [...(progress.get(job.id!) ?? []), p]));
  return {
    progress,
    /** Resolves when the job has settled (at once if it already has). */
    settled(id: string): Promise<Settled> {
      const s = settled.get(id);
      if (s) return Promise.resolve(s);
      return new Promise((resolve) => waiting.set(id, [...(waiting.get(id) ?? []), resolve]));
    },
    count: () => settled.size,
  };
}

/**
 * Waits, through Redis's event stream, until job `id` finished in any process; resolves
 * with its return value, rejects with its failure. For workers running in another process.
 */
export async function jobFinished(cfg: QueueConfig, id: string, timeoutMs = 30_000): Promise<unknown> {
  const connection = redisConnection(cfg.redisUrl, 'worker');
  const queue = new Queue(QUEUE_NAME, { connection, prefix: cfg.prefix });
  const events = new QueueEvents(QUEUE_NAME, { connection: connection.duplicate(), prefix: cfg.prefix });
  try {
    await events.waitUntilReady();
    const job = await Job.fromId(queue, id);
    if (!job) throw new Error(`no job ${id}`);
    return await job.waitUntilFinished(events, timeoutMs);
  } finally {
    await events.close();
    await queue.close();
    connection.disconnect();
  }
}

export interface QueueEvent { event: string; jobId: string; data: Record<string, unknown> }

/**
 * Follows the queue's events as Redis publishes them, whichever process causes them (a
 * worker in a child process): `next` resolves on the first matching event, seen or to come.
 * Start it before the events of interest happen; close it afterwards.
 */
export async function followQueue(cfg: QueueConfig) {
  const connection = redisConnection(cfg.redisUrl, 'worker');
  const events = new QueueEvents(QUEUE_NAME, { connection, prefix: cfg.prefix });
  const seen: QueueEvent[] = [];
  const waiters = new Set<{ match: (e: QueueEvent) => boolean; resolve: (e: QueueEvent) => void }>();
  for (const event of ['active', 'progress', 'stalled', 'waiting', 'completed', 'failed'] as const) {
    events.on(event, (args: { jobId: string }) => {
      const e: QueueEvent = { event, jobId: args.jobId, data: args as Record<string, unknown> };
      seen.push(e);
      for (const w of waiters) if (w.match(e)) (waiters.delete(w), w.resolve(e));
    });
  }
  await events.waitUntilReady();
  return {
    seen,
    /** The first event `event` of job `id` that satisfies `pred`; rejects after `timeoutMs`. */
    next(event: string, id: string, pred: (e: QueueEvent) => boolean = () => true, timeoutMs = 30_000): Promise<QueueEvent> {
      const match = (e: QueueEvent) => e.event === event && e.jobId === id && pred(e);
      const hit = seen.find(match);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const w = { match, resolve: (e: QueueEvent) => (clearTimeout(timer), resolve(e)) };
        const timer = setTimeout(() => (waiters.delete(w), reject(new Error(`no ${event} event of job ${id} within ${timeoutMs} ms`))), timeoutMs);
        waiters.add(w);
      });
    },
    async close() {
      await events.close();
      connection.disconnect();
    },
  };
}

/**
 * Every event Redis recorded for job `id`, oldest first (the queue's event stream, read
 * directly: complete once the processes that caused them have stopped).
 */
export async function jobHistory(cfg: QueueConfig, id: string): Promise<string[]> {
  const redis = redisConnection(cfg.redisUrl, 'producer');
  try {
    const entries = await redis.xrange(`${cfg.prefix}:${QUEUE_NAME}:events`, '-', '+');
    const out: string[] = [];
    for (const [, fields] of entries) {
      const f = new Map<string, string>();
      for (let i = 0; i < fields.length; i += 2) f.set(fields[i], fields[i + 1]);
      if (f.get('jobId') === id) out.push(f.get('event') ?? '?');
    }
    return out;
  } finally {
    redis.disconnect();
  }
}
