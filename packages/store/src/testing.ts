// Throw-away databases for tests, one per call, on either engine: a uniquely named
// database on the local Postgres (dropped on dispose) or PGlite in a temp dir (removed).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { openDb, type Db, type DbConfig } from './db.ts';

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

async function admin(sql: string): Promise<void> {
  const client = new pg.Client(ADMIN_URL);
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function freshDb(engine: Engine): Promise<TestDb> {
  if (engine === 'postgres') {
    const name = `ziping_test_${randomBytes(6).toString('hex')}`;
    await admin(`CREATE DATABASE ${name}`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${name}`;
    const config: DbConfig = { kind: 'postgres', url: url.toString() };
    return { config, open: () => openDb(config), dispose: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
  }
  const dir = await mkdtemp(join(tmpdir(), 'ziping-test-'));
  const config: DbConfig = { kind: 'embedded', dir };
  return { config, open: () => openDb(config), dispose: () => rm(dir, { recursive: true, force: true }) };
}

/** Registers hooks that give the enclosing suite a fresh database per engine, disposed after it. */
export function useFreshDbs(engines: readonly Engine[] = ENGINES): Record<Engine, TestDb> {
  const dbs = {} as Record<Engine, TestDb>;
  beforeAll(async () => {
    for (const e of engines) dbs[e] = await freshDb(e);
  });
  afterAll(async () => {
    await Promise.all(Object.values(dbs).map((t) => t.dispose()));
  });
  return dbs;
}

/** A fresh database on `engine`, held open for the enclosing suite (`h.db` once it started). */
export function useOpenDb(engine: Engine): { db: Db } {
  const dbs = useFreshDbs([engine]);
  const h = {} as { db: Db };
  beforeAll(async () => {
    h.db = await dbs[engine].open();
  });
  // vitest runs after-hooks in reverse: this closes the handle before the database is dropped.
  afterAll(() => h.db?.close());
  return h;
}
