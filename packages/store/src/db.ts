// The one data-access seam. Two engines, one behaviour: real Postgres (pg.Pool) when
// DATABASE_URL is set, embedded PGlite otherwise. Results are normalised here — int8 and
// numeric come back as JS numbers, json/jsonb as parsed values, bytea as a Buffer — so callers never branch
// on the engine. Pass jsonb parameters as JSON strings with an explicit `::jsonb` cast.
import pg from 'pg';
import { openEmbedded } from './embedded.ts';

export interface Db {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a multi-statement script without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `fn` in one transaction; inside it use only `tx` (PGlite deadlocks on the outer handle). Nested calls join the outer transaction. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type DbConfig = { kind: 'postgres'; url: string } | { kind: 'embedded'; dir: string };

const OID = { BYTEA: 17, INT8: 20, NUMERIC: 1700, JSON: 114, JSONB: 3802 } as const;
const toNumber = (v: string) => Number(v);
const PARSERS: Record<number, (v: string) => unknown> = {
  [OID.INT8]: toNumber,
  [OID.NUMERIC]: toNumber,
  [OID.JSON]: (v) => JSON.parse(v),
  [OID.JSONB]: (v) => JSON.parse(v),
};

export interface OpenOptions {
  /** Embedded only: wait for another process to close the folder instead of failing with DB_IN_USE. */
  wait?: boolean;
}

// pg gives bytea as a Buffer; PGlite as a bare Uint8Array unless told (it hands over the hex text form)
const EMBEDDED_PARSERS = { ...PARSERS, [OID.BYTEA]: (v: string) => Buffer.from(v.slice(2), 'hex') };

export async function openDb(config: DbConfig, opts: OpenOptions = {}): Promise<Db> {
  return config.kind === 'postgres' ? openPostgres(config.url) : openEmbedded(config.dir, { wait: opts.wait, parsers: EMBEDDED_PARSERS });
}

export function openPostgres(url: string): Db {
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      PARSERS[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({ connectionString: url, types, max: 4 });
  // An idle client that the server disconnects (restart, dropped test database) is removed
  // from the pool; without a listener its 'error' event would crash the process.
  pool.on('error', () => {});
  const onClient = (client: pg.PoolClient): Db => ({
    query: async (sql, params) => (await client.query(sql, params as unknown[])).rows,
    exec: async (sql) => void (await client.query(sql)),
    transaction: (fn) => fn(onClient(client)),
    close: async () => {},
  });
  return {
    query: async (sql, params) => (await pool.query(sql, params as unknown[])).rows,
    exec: async (sql) => void (await pool.query(sql)),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const out = await fn(onClient(client));
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
