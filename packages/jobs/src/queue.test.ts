// Against the real local Redis, under a key prefix of this file's own.
import { afterAll, describe, expect, it } from 'vitest';
import { JOBS, parsePayload } from './catalog.ts';
import { openQueue, startJobWorker, type JobContext } from './queue.ts';
import { useTestQueueConfig } from './testing.ts';

const payload = (run = 1) => ({ documentId: 1, sha256: 'ab'.repeat(32), path: '/files/ab', name: 'a.txt', run });

describe('the job catalog', () => {
  it('validates payloads and names jobs after the sha256', () => {
    expect(parsePayload('process-document', payload())).toEqual(payload());
    expect(() => parsePayload('process-document', { ...payload(), sha256: 'nope' })).toThrow();
    expect(JOBS['process-document'].jobId(payload())).toBe('ab'.repeat(32));
    expect(JOBS['process-document'].jobId(payload(3))).toBe(`${'ab'.repeat(32)}-3`);
  });
});

describe('the queue repository', () => {
  const cfg = useTestQueueConfig({ concurrency: 1 });
  const queue = openQueue(cfg);
  afterAll(() => queue.close());

  it('keeps one job per id, validates what it enqueues, and hands payloads to the worker', async () => {
    const a = await queue.enqueue('process-document', payload());
    const b = await queue.enqueue('process-document', payload());
    expect(a.id).toBe(b.id);
    await expect(queue.enqueue('process-document', { ...payload(), documentId: -1 })).rejects.toThrow();
    const rerun = await queue.enqueue('process-document', payload(2));
    expect(rerun.id).not.toBe(a.id);
    const counts = await queue.counts();
    expect(counts.waiting).toBe(2);

    const seen: { id: number; run: number; lastAttempt: boolean }[] = [];
    const worker = startJobWorker(cfg, {
      'process-document': async (p, ctx: JobContext) => {
        seen.push({ id: p.documentId, run: p.run, lastAttempt: ctx.lastAttempt });
        return 'done';
      },
    });
    await new Promise<void>((resolve) => {
      let n = 0;
      worker.worker.on('completed', () => ++n === 2 && resolve());
    });
    await worker.close();
    expect(seen.map((s) => s.run).sort()).toEqual([1, 2]);
    expect(seen.every((s) => s.lastAttempt === false)).toBe(true);
    // Completed, the id is still taken: the same bytes are not processed again.
    await queue.enqueue('process-document', payload());
    expect(await queue.counts()).toMatchObject({ waiting: 0, completed: 2 });
  });
});
