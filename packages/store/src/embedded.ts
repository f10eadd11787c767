// The embedded engine (PGlite) in a folder. Three guarantees PGlite does not give itself:
// one process at a time (a lock file next to the folder: `<dir>.lock`), a first-time
// creation that a kill cannot leave half done (built in `<dir>.creating`, then renamed into
// place), and a damaged folder reported as DB_DAMAGED instead of a WebAssembly abort.
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Db } from './db.ts';
import { acquireLock, LockHeld } from './lock.ts';
import { pgliteModule } from './pglite-wasm.ts';

export type DbErrorCode = 'DB_IN_USE' | 'DB_DAMAGED';

export class DbError extends Error {
  override readonly name = 'DbError';
  constructor(
    readonly code: DbErrorCode,
    readonly dir: string,
    detail: string,
  ) {
    super(`${dir}: ${detail}`);
  }
}

export const isDbError = (e: unknown): e is DbError => e instanceof DbError;

export interface EmbeddedOptions {
  /** Wait for another process to close the database instead of failing with DB_IN_USE. */
  wait?: boolean;
  parsers?: Record<number, (v: string) => unknown>;
}

export async function openEmbedded(folder: string, opts: EmbeddedOptions = {}): Promise<Db> {
  const dir = resolve(folder);
  await mkdir(dirname(dir), { recursive: true });
  let release: () => void;
  try {
    release = await acquireLock(`${dir}.lock`, opts.wait);
  } catch (e) {
    if (!(e instanceof LockHeld)) throw e;
    throw new DbError('DB_IN_USE', dir, `the embedded database is in use by process ${e.pid}; wait for it to finish (ingest --wait waits), or stop it`);
  }
  try {
    await ensureCreated(dir);
    return wrap(await start(dir, opts.parsers), release);
  } catch (e) {
    release();
    throw e;
  }
}

async function ensureCreated(dir: string): Promise<void> {
  const entries = await readdir(dir).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw e;
  });
  if (entries?.includes('PG_VERSION')) return;
  if (entries && entries.length > 0) {
    throw new DbError('DB_DAMAGED', dir, `the folder holds files but no database (no PG_VERSION); point ZIPING_DATA_DIR at an empty or new folder, or move these files away`);
  }
  // Under the lock, so a leftover `.creating` is from a creation that was killed.
  const tmp = `${dir}.creating`;
  await rm(tmp, { recursive: true, force: true });
  await (await PGlite.create(tmp, { wasmModule: await pgliteModule() })).close();
  await rename(tmp, dir); // replaces an empty folder too
}

async function start(dir: string, parsers: EmbeddedOptions['parsers']): Promise<PGlite> {
  try {
    return await PGlite.create(dir, { parsers, wasmModule: await pgliteModule() });
  } catch (e) {
    const cause = e instanceof Error ? e.message : JSON.stringify(e);
    throw new DbError('DB_DAMAGED', dir, `the embedded database is damaged and cannot be opened (${cause}); restore the folder from a backup, or move it away and ingest again into a new one`);
  }
}

function wrap(db: PGlite, release: () => void): Db {
  const onTx = (tx: Transaction): Db => ({
    query: async (sql, params) => (await tx.query(sql, params as unknown[])).rows as never[],
    exec: async (sql) => void (await tx.exec(sql)),
    transaction: (fn) => fn(onTx(tx)),
    close: async () => {},
  });
  return {
    query: async (sql, params) => (await db.query(sql, params as unknown[])).rows as never[],
    exec: async (sql) => void (await db.exec(sql)),
    transaction: (fn) => db.transaction((tx) => fn(onTx(tx))),
    async close() {
      try {
        await db.close();
      } finally {
        release();
      }
    },
  };
}
