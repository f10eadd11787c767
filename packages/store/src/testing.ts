// Throw-away databases for tests, one per call, on either engine: a uniquely named
// database on the local Postgres (dropped on dispose) or PGlite in a temp dir (removed).
// They start migrated, cloned from a template migrated once per machine (migrating a
// database costs seconds, PGlite's first start most of all); `{ empty: true }` gives a
// database no migration has touched, for the tests of migrating itself (on PGlite a copy of
// a folder made once by initdb, as the first open leaves it: initdb alone costs 4 CPU-s).
import { createHash, randomBytes } from 'node:crypto';
import { realpathSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { openDb, type Db, type DbConfig } from './db.ts';
import { migrate, MIGRATIONS_DIR } from './migrate.ts';

/** CI's server: trust auth on the loopback interface. */
export const ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const ENGINES = ['postgres', 'embedded'] as const;
export type Engine = (typeof ENGINES)[number];

export interface TestDb {
  config: DbConfig;
  /** Opens a new handle; the caller closes it. */
  open(): Promise<Db>;
  dispose(): Promise<void>;
}

export interface FreshOptions {
  /** No migration applied: a new database as a user's first run finds it. */
  empty?: boolean;
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(ADMIN_URL);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const urlOf = (name: string) => Object.assign(new URL(ADMIN_URL), { pathname: `/${name}` }).toString();

// Named after the migrations' contents, so a changed or added migration makes a new template.
let digest: Promise<string> | undefined;
function migrationsDigest(): Promise<string> {
  digest ??= (async () => {
    const hash = createHash('sha256');
    for (const f of (await readdir(MIGRATIONS_DIR)).sort()) hash.update(f).update('\0').update(await readFile(join(MIGRATIONS_DIR, f))).update('\0');
    return hash.digest('hex').slice(0, 16);
  })();
  return digest;
}

async function created(config: DbConfig, empty = false): Promise<void> {
  const db = await openDb(config);
  try {
    if (!empty) await migrate(db);
  } finally {
    await db.close();
  }
}

// A PGlite folder is made by one version of PGlite: its installed path (which names the
// version) is part of the embedded templates' names.
const pgliteTag = createHash('sha256').update(realpathSync(createRequire(import.meta.url).resolve('@electric-sql/pglite'))).digest('hex').slice(0, 8);

// Test files run in parallel workers and several checkouts share the server: an advisory lock
// makes one of them build the template while the others wait, then find it.
const TEMPLATE_LOCK = 7_240_332;
const templates = new Map<string, Promise<string>>();

/** The name of the Postgres template database, or an embedded template folder (migrated, or `empty`); made once. */
function template(engine: Engine, empty = false): Promise<string> {
  const key = `${engine}:${empty}`;
  let t = templates.get(key);
  if (!t) templates.set(key, (t = engine === 'postgres' ? postgresTemplate() : embeddedTemplate(empty)));
  return t;
}

async function postgresTemplate(): Promise<string> {
  const name = `ziping_tpl_${await migrationsDigest()}`;
  await admin(async (c) => {
    await c.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    if ((await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount) return;
    // Migrated under a temporary name and renamed: a killed run never leaves a half-made template.
    const tmp = `${name}_${randomBytes(4).toString('hex')}`;
    await c.query(`CREATE DATABASE ${tmp}`);
    try {
      await created({ kind: 'postgres', url: urlOf(tmp) });
      await c.query(`ALTER DATABASE ${tmp} RENAME TO ${name}`);
      await c.query(`ALTER DATABASE ${name} WITH IS_TEMPLATE true`);
    } catch (e) {
      await c.query(`DROP DATABASE IF EXISTS ${tmp} WITH (FORCE)`);
      throw e;
    }
  });
  return name;
}

async function embeddedTemplate(empty: boolean): Promise<string> {
  const dir = join(tmpdir(), `ziping-tpl-${pgliteTag}-${empty ? 'empty' : await migrationsDigest()}`);
  if ((await readdir(dir).catch((): string[] => [])).includes('PG_VERSION')) return dir;
  // Made aside and renamed into place: a rename onto a template another worker just made
  // fails, and that one is as good as this.
  const tmp = `${dir}-${randomBytes(4).toString('hex')}`;
  try {
    await created({ kind: 'embedded', dir: tmp }, empty);
    await rename(tmp, dir).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOTEMPTY' && e.code !== 'EEXIST') throw e;
    });
  } finally {
    await rm(tmp, { recursive: true, force: true });
    await rm(`${tmp}.lock`, { force: true });
  }
  return dir;
}

/** Makes `dir` (absent: a new folder) an embedded database: a copy of the migrated template, or with `empty` of an unmigrated one. */
export async function embeddedCopy(dir: string, opts: FreshOptions = {}): Promise<DbConfig> {
  await cp(await template('embedded', opts.empty), dir, { recursive: true });
  return { kind: 'embedded', dir };
}

export async function freshDb(engine: Engine, opts: FreshOptions = {}): Promise<TestDb> {
  if (engine === 'postgres') {
    const name = `ziping_test_${randomBytes(6).toString('hex')}`;
    const from = opts.empty ? '' : ` TEMPLATE ${await template('postgres')}`;
    await admin((c) => c.query(`CREATE DATABASE ${name}${from}`));
    const config: DbConfig = { kind: 'postgres', url: urlOf(name) };
    return { config, open: () => openDb(config), dispose: () => admin(async (c) => void (await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))) };
  }
  const dir = await mkdtemp(join(tmpdir(), 'ziping-test-'));
  const config = await embeddedCopy(dir, opts);
  return { config, open: () => openDb(config), dispose: () => rm(dir, { recursive: true, force: true }) };
}

/** Registers hooks that give the enclosing suite a fresh database per engine, disposed after it. */
export function useFreshDbs(engines: readonly Engine[] = ENGINES, opts: FreshOptions = {}): Record<Engine, TestDb> {
  const dbs = {} as Record<Engine, TestDb>;
  beforeAll(async () => {
    await Promise.all(engines.map(async (e) => (dbs[e] = await freshDb(e, opts))));
  });
  afterAll(async () => {
    await Promise.all(Object.values(dbs).map((t) => t.dispose()));
  });
  return dbs;
}

/** A fresh database on `engine`, held open for the enclosing suite (`h.db` once it started). */
export function useOpenDb(engine: Engine, opts: FreshOptions = {}): { db: Db } {
  const dbs = useFreshDbs([engine], opts);
  const h = {} as { db: Db };
  beforeAll(async () => {
    h.db = await dbs[engine].open();
  });
  // vitest runs after-hooks in reverse: this closes the handle before the database is dropped.
  afterAll(() => h.db?.close());
  return h;
}

export { countingDb } from './counting.ts';
