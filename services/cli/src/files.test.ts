// The folder walk: links followed without looping, and nothing dropped without a word.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, realpath, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandPaths, type Found } from './files.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ziping-walk-'));
  await mkdir(join(root, 'a/b'), { recursive: true });
  await writeFile(join(root, 'a/x.txt'), 'x');
  await writeFile(join(root, 'a/b/y.txt'), 'y');
  await writeFile(join(root, 'a/.hidden'), 'h');
  await symlink('../x.txt', join(root, 'a/b/to-x.txt')); // a link to a file: followed
  await symlink('..', join(root, 'a/b/up')); // a loop: back into a
  await symlink('nowhere.txt', join(root, 'a/broken.txt'));
  await symlink('self', join(root, 'a/self')); // ELOOP
  await mkdir(join(root, 'other'));
  await writeFile(join(root, 'other/z.txt'), 'z');
  await symlink('../other', join(root, 'a/to-other')); // a link to another folder: followed
  execFileSync('mkfifo', [join(root, 'a/pipe')]);
});
afterAll(() => rm(root, { recursive: true, force: true }));

const rel = (found: Found[]) => found.map((f) => [f.path.slice(root.length + 1), f.error?.code ?? null]);

describe('expandPaths', () => {
  it('follows links, stops at a loop, and reports broken links and non-files', async () => {
    expect(rel(await expandPaths([join(root, 'a')]))).toEqual([
      ['a/b/to-x.txt', null],
      ['a/b/up', 'SYMLINK'],
      ['a/b/y.txt', null],
      ['a/broken.txt', 'SYMLINK'],
      ['a/pipe', 'UNSUPPORTED_TYPE'],
      ['a/self', 'SYMLINK'],
      ['a/to-other/z.txt', null],
      ['a/x.txt', null],
    ]);
  });

  it('keeps a missing path (the pipeline records NOT_FOUND) and refuses a pipe named directly', async () => {
    expect(rel(await expandPaths([join(root, 'missing.txt'), join(root, 'a/pipe')]))).toEqual([
      ['missing.txt', null],
      ['a/pipe', 'UNSUPPORTED_TYPE'],
    ]);
  });

  it('reports a folder it cannot read and goes on with the rest', async () => {
    const fs = {
      readdir: (async (p: string, o: { withFileTypes: true }) => {
        if (p.endsWith('/b')) throw Object.assign(new Error('permission denied'), { code: 'EACCES' });
        return readdir(p, o);
      }) as never,
      stat,
      realpath,
    };
    const found = await expandPaths([join(root, 'a')], fs);
    expect(rel(found)).toEqual([
      ['a/b', 'UNREADABLE'],
      ['a/broken.txt', 'SYMLINK'],
      ['a/pipe', 'UNSUPPORTED_TYPE'],
      ['a/self', 'SYMLINK'],
      ['a/to-other/z.txt', null],
      ['a/x.txt', null],
    ]);
    expect(found.find((f) => f.path.endsWith('a/b'))!.error!.message).toContain('EACCES');
  });
});
