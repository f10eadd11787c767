import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '@ziping/core';
import { PagePool } from './pool.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../../../../fixtures/${name}`, import.meta.url));
const pdf = fixture('pdf/000_ca0dcd0154b0e201.pdf'); // 8 pages, 0.3 MB
const bytes = readFileSync(pdf);

describe('the page pool', () => {
  // longBytes 0: every PDF counts as long, so these read on their workers
  const one = new PagePool({ size: 1, chunk: 2, longBytes: 0 });
  const two = new PagePool({ size: 2, chunk: 1, longBytes: 0 });
  afterAll(async () => Promise.all([one.close(), two.close()]));

  it('reads every page in order, the same on the calling thread alone, on one worker, or on two', async () => {
    const here = new PagePool({ size: 0 });
    const alone = await here.read(bytes, pdf);
    expect(here.pagesReadByWorkers).toBe(0);
    expect(alone.map((p) => p.page)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(alone.every((p) => p.elements.length > 0 && !p.unreadable)).toBe(true);
    expect(alone[0]!.size).toEqual({ page: 1, width: 594.96, height: 841.92 });
    expect(await one.read(bytes, pdf)).toEqual(alone);
    expect(one.pagesReadByWorkers).toBe(8);
    const [spread, again] = await Promise.all([two.read(bytes, pdf), two.read(bytes, pdf)]); // two documents at once
    expect(spread).toEqual(alone);
    expect(again).toEqual(alone);
    expect(two.pagesReadByWorkers).toBe(16);
    const short = new PagePool({ size: 2 }); // under 1 MiB: read here, sooner than a worker would start
    expect(await short.read(bytes, pdf)).toEqual(alone);
    expect(short.pagesReadByWorkers).toBe(0);
  });

  it('stops its workers once no document is being read, and starts them again for the next', async () => {
    one.prepare(bytes);
    expect(one.workers).toBe(1);
    await one.read(bytes, pdf);
    expect(one.workers).toBe(0);
    expect((await one.read(bytes, pdf)).length).toBe(8);
    expect(one.workers).toBe(0);
  });

  it('fails a document it cannot open with the same typed error on a worker as here, and goes on with the next', async () => {
    const broken = Buffer.concat([bytes.subarray(0, 2000), Buffer.from('\n%%EOF\n')]);
    for (const pool of [two, new PagePool({ size: 0 })]) {
      const err = await pool.read(broken, '/in/broken.pdf').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      expect(err).toMatchObject({ code: 'CORRUPT_PDF', file: '/in/broken.pdf' });
      expect((err as Error).message).toMatch(/^\/in\/broken\.pdf: not a readable PDF/);
      expect((await pool.read(bytes, pdf)).length).toBe(8);
    }
  });

  it('fails a document whose pages outgrow a worker heap with TOO_LARGE, and replaces the worker', async () => {
    const small = new PagePool({ size: 1, maxHeapMb: 4, longBytes: 0 });
    try {
      const err = await small.read(readFileSync(fixture('pdf/001_ba783ae97283a765.pdf')), '/in/long.pdf').catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'TOO_LARGE', file: '/in/long.pdf' });
      expect(small.workers).toBe(0);
      const next = new PagePool({ size: 1, longBytes: 0 });
      expect((await next.read(bytes, pdf)).length).toBe(8); // a fresh pool reads on
    } finally {
      await small.close();
    }
  });
});
