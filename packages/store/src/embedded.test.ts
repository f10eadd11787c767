// The embedded database's guarantees: one process at a time, a first creation that a kill
// cannot leave half done, and a damaged folder reported as DB_DAMAGED.
import { spawn } from 'node:child_process';
import { watch } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb } from './db.ts';
import { DbError } from './embedded.ts';
import { SHARED_BUFFERS } from './pglite-wasm.ts';
import { embeddedCopy } from './testing.ts';

const SLOW = { timeout: 120_000 };
const INDEX = fileURLToPath(new URL('./index.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

let parent: string;
let dir: string;
beforeEach(async () => {
  parent = await mkdtemp(join(tmpdir(), 'ziping-embedded-'));
  dir = join(parent, 'db');
});
afterEach(() => rm(parent, { recursive: true, force: true }));

const open = (wait = false) => openDb({ kind: 'embedded', dir }, { wait });
// A database at `dir` for the tests that are not about creating one (initdb costs 4 CPU-s).
const existing = () => embeddedCopy(dir, { empty: true });

async function rejection(p: Promise<unknown>): Promise<DbError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(DbError);
  return e as DbError;
}

/** A process that exited: its PID is free (until the system reuses it). */
function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  return new Promise((resolve) => child.on('exit', () => resolve(child.pid!)));
}

it('starts Postgres with the shared buffers of pglite-wasm.ts, not the 128MB built into PGlite', SLOW, async () => {
  await existing();
  const db = await open();
  expect(SHARED_BUFFERS).not.toBe('128MB');
  expect(await db.query('SHOW shared_buffers')).toEqual([{ shared_buffers: SHARED_BUFFERS }]);
  await db.close();
});

describe('the embedded database lock', SLOW, () => {
  it('refuses a second opener with DB_IN_USE naming the holder, and frees the folder on close', async () => {
    await existing();
    const db = await open();
    expect(await readFile(`${dir}.lock`, 'utf8')).toBe(`${process.pid}\n`);
    const e = await rejection(open());
    expect(e.code).toBe('DB_IN_USE');
    expect(e.message).toContain(`process ${process.pid}`);
    await db.close();
    await expect(stat(`${dir}.lock`)).rejects.toMatchObject({ code: 'ENOENT' });
    const again = await open();
    await again.close();
  });

  it('with wait, opens once the holder closes', async () => {
    await existing();
    const db = await open();
    await db.query('CREATE TABLE t (n int)');
    let opened = false;
    const waiting = open(true).then((d) => {
      opened = true;
      return d;
    });
    // The waiter polls; one more query on the holder gives it turns to see the lock held.
    await db.query('INSERT INTO t VALUES (1)');
    expect(opened).toBe(false);
    await db.close();
    const second = await waiting;
    expect(await second.query('SELECT n FROM t')).toEqual([{ n: 1 }]);
    await second.close();
  });

  it('takes over a lock whose process is gone', async () => {
    const pid = await deadPid();
    await existing();
    await writeFile(`${dir}.lock`, `${pid}\n`);
    const db = await open();
    expect(await readFile(`${dir}.lock`, 'utf8')).toBe(`${process.pid}\n`);
    await db.close();
  });
});

describe('first-time creation', SLOW, () => {
  it('leaves no half database when the creating process is killed: the folder opens afterwards', async () => {
    const script = `const { openDb } = await import(${JSON.stringify(INDEX)}); await openDb({ kind: 'embedded', dir: ${JSON.stringify(dir)} });`;
    // Watch before the child starts, so the temp folder's appearance cannot be missed.
    const appeared = new Promise<void>((resolve) => {
      const w = watch(parent, (_, name) => {
        if (name === 'db.creating') {
          w.close();
          resolve();
        }
      });
    });
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', (_, signal) => resolve(signal)));
    await appeared;
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    // Either nothing was created yet or the rename had happened: never a half folder at `db`.
    const db = await open();
    expect(await db.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
    await db.close();
    await expect(stat(`${dir}.creating`)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('creates into an existing empty folder', async () => {
    await mkdir(dir);
    const db = await open();
    expect(await db.query('SELECT 2 AS two')).toEqual([{ two: 2 }]);
    await db.close();
  });
});

describe('a damaged folder', SLOW, () => {
  it('is DB_DAMAGED, not a WebAssembly abort, when a file of the database is corrupt', async () => {
    await existing();
    const control = join(dir, 'global/pg_control');
    const bytes = await readFile(control);
    bytes.fill(0x5a, 0, 64);
    await writeFile(control, bytes);
    const e = await rejection(open());
    expect(e.code).toBe('DB_DAMAGED');
    expect(e.message).toContain(dir);
    expect(e.message).toContain('restore the folder from a backup');
    // The lock is released, so the next attempt is told the same rather than DB_IN_USE.
    expect((await rejection(open())).code).toBe('DB_DAMAGED');
  });

  it('is DB_DAMAGED when the folder holds files but no database', async () => {
    await mkdir(dir);
    await writeFile(join(dir, 'notes.txt'), 'not a database');
    const e = await rejection(open());
    expect(e.code).toBe('DB_DAMAGED');
    expect(e.message).toContain('no PG_VERSION');
    // Nothing of the user's was touched.
    expect(await readFile(join(dir, 'notes.txt'), 'utf8')).toBe('not a database');
  });
});
