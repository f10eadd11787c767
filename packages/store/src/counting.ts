// A Db that counts the statements sent through it: what a save costs, in tests and benches
// (kept apart from testing.ts, which needs vitest).
import type { Db } from './db.ts';

/** `db` with every statement counted (in a transaction or not): what a save sends, in tests and benches. */
export function countingDb(db: Db): { db: Db; count: () => number } {
  let n = 0;
  const wrap = (d: Db): Db => ({
    query: (sql, params) => (n++, d.query(sql, params)),
    exec: (sql) => (n++, d.exec(sql)),
    transaction: (fn) => d.transaction((tx) => fn(wrap(tx))),
    close: () => d.close(),
  });
  return { db: wrap(db), count: () => n };
}
