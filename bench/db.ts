// A throwaway Postgres database for a bench: created on BENCH_ADMIN_URL's server, dropped by `drop`.
import { randomBytes } from 'node:crypto';
import { openPostgres } from '@ziping/store';

export const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function admin(sql: string): Promise<void> {
  const db = openPostgres(ADMIN_URL);
  try { await db.exec(sql); } finally { await db.close(); }
}

/** The URL of database `name` on the admin server. */
export function databaseUrl(name: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A new empty database (`create: false`: an existing one, e.g. kept by an earlier run). */
export async function benchDatabase(name = `ziping_bench_${randomBytes(6).toString('hex')}`, create = true) {
  if (create) await admin(`CREATE DATABASE ${name}`);
  return { name, url: databaseUrl(name), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
