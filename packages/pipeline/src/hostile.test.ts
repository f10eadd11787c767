// Hostile inputs, one by one through the whole pipeline: each gives its typed error naming the
// file, or (hostile in form only) the same extraction as the clean file it was made from.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '@ziping/core';
import { closeOcr } from '@ziping/ingest';
import { extractFile } from './pipeline.ts';
import { FIXTURES, HOSTILE, makeHostileCorpus, symlinkLoop } from './testing/hostile.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ziping-hostile-'));
  await makeHostileCorpus(dir);
}, 60_000);
afterAll(async () => {
  await closeOcr();
  await rm(dir, { recursive: true, force: true });
});

const failure = (path: string) => extractFile(path).then(() => null, (e: unknown) => e);

describe('the hostile corpus', () => {
  it('holds at least 25 kinds of file, the 200 MB one really that big', async () => {
    expect(HOSTILE.length).toBeGreaterThanOrEqual(25);
    expect(new Set(HOSTILE.map((h) => h.name)).size).toBe(HOSTILE.length);
    expect((await stat(join(dir, 'zeros-200mb.bin'))).size).toBe(200_000_000);
  });

  for (const h of HOSTILE.filter((x) => x.expect !== 'read')) {
    it(`${h.what}: ${h.expect}`, async () => {
      const path = join(dir, h.name);
      const e = await failure(path);
      expect(e).toBeInstanceOf(InputError);
      expect({ code: (e as InputError).code, message: (e as InputError).message }).toMatchObject({ code: h.expect, message: expect.stringContaining(path) });
    });
  }

  for (const h of HOSTILE.filter((x) => x.expect === 'read')) {
    it(`${h.what}: read as ${h.sameAs}`, async () => {
      const [got, clean] = await Promise.all([extractFile(join(dir, h.name)), extractFile(join(FIXTURES, h.sameAs!))]);
      expect(got.extraction.forms.length).toBeGreaterThan(0);
      expect(got.extraction.forms).toEqual(clean.extraction.forms);
      expect(got.extraction.anomalies).toEqual(clean.extraction.anomalies);
    });
  }
});

describe('what is not a file', () => {
  it('a symlink loop is UNREADABLE, naming the file', async () => {
    const path = join(dir, 'loop');
    await symlinkLoop(path);
    const e = await failure(path);
    expect(e).toMatchObject({ code: 'UNREADABLE', message: expect.stringMatching(/loop: cannot read \(ELOOP\)/) });
  });

  it('a named pipe is UNREADABLE without being opened (opening one would block)', async () => {
    const path = join(dir, 'fifo');
    execFileSync('mkfifo', [path]);
    expect(await failure(path)).toMatchObject({ code: 'UNREADABLE', message: expect.stringContaining('not a regular file') });
  });

  it('a folder is UNREADABLE', async () => {
    const path = join(dir, 'a-folder.txt');
    await mkdir(path);
    expect(await failure(path)).toMatchObject({ code: 'UNREADABLE', message: expect.stringContaining(path) });
  });
});
