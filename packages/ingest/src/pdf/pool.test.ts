import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '@ziping/core';
import { PagePool } from './pool.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../../../../fixtures/${name}`, import.meta.url));
const pdf = fixture('pdf/000_ca0dcd0154b0e201.pdf'); // 8 pages
const bytes = readFileSync(pdf);

describe('the page pool', () => {
  const one = new PagePool({ size: 1, chunk: 2 });
  const two = new PagePool({ size: 2, chunk: 1 });
  afterAll(async () => Promise.all([one.close(), two.close()]));

  it('reads every page in order, the same on the calling thread alone, beside one worker, or beside two', async () => {
    const alone = await one.read(bytes, pdf);
    expect(one.workers).toBe(1); // 4 runs of 2 pages: the worker took some
    expect(alone.map((p) => p.page)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(alone.every((p) => p.elements.length > 0 && !p.unreadable)).toBe(true);
    expect(alone[0]!.size).toEqual({ page: 1, width: 594.96, height: 841.92 });
    const [spread, again] = await Promise.all([two.read(bytes, pdf), two.read(bytes, pdf)]); // two documents at once
    expect(spread).toEqual(alone);
    expect(again).toEqual(alone);
    const here = new PagePool({ size: 0 });
    expect(await here.read(bytes, pdf)).toEqual(alone);
    expect(here.workers).toBe(0);
    const short = new PagePool({ size: 2 }); // 8 pages are fewer than two runs of 8: not worth a worker
    expect(await short.read(bytes, pdf)).toEqual(alone);
    expect(short.workers).toBe(0);
  });

  it('fails a document it cannot open with a typed error naming the file, and goes on with the next', async () => {
    const broken = Buffer.concat([bytes.subarray(0, 2000), Buffer.from('\n%%EOF\n')]);
    const err = await two.read(broken, '/in/broken.pdf').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err).toMatchObject({ code: 'CORRUPT_PDF', file: '/in/broken.pdf' });
    expect((err as Error).message).toMatch(/^\/in\/broken\.pdf: not a readable PDF/);
    expect((await two.read(bytes, pdf)).length).toBe(8);
  });

  it('fails a document whose pages outgrow a worker heap with TOO_LARGE, and replaces the worker', async () => {
    const small = new PagePool({ size: 1, maxHeapMb: 4 });
    try {
      const err = await small.read(readFileSync(fixture('pdf/001_ba783ae97283a765.pdf')), '/in/long.pdf').catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'TOO_LARGE', file: '/in/long.pdf' });
      expect(small.workers).toBe(0);
    } finally {
      await small.close();
    }
  });
});
