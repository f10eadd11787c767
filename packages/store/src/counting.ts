// A Db that counts the statements sent through it: what a save costs, in tests and benches
// (kept apart from testing.ts, which needs vitest).
import type { Db } from './db.ts';

/** `db` with every statement counted (in a transaction or not): what a save sends, in tests and benches; `sql` lists their texts. */
export function countingDb(db: Db): { db: Db; count: () => number; sql: string[] } {
  const sql: string[] = [];
  const wrap = (d: Db): Db => ({
    query: (text, params) => (sql.push(text), d.query(text, params)),
    exec: (text) => (sql.push(text), d.exec(text)),
    transaction: (fn) => d.transaction((tx) => fn(wrap(tx))),
    close: () => d.close(),
  });
  return { db: wrap(db), count: () => sql.length, sql };
}
