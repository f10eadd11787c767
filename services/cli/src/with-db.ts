// Apart from command.ts, which main.ts imports: the store (PGlite, pg) loads only with a
// command that opens the database.
import type { Config } from '@ziping/config';
import { migrate, openDb, type Db, type OpenOptions } from '@ziping/store';

/** Opens the configured database with the schema up to date (`applied`: files migrated now), and always closes it. */
export async function withDb<T>(config: Config, fn: (db: Db, applied: string[]) => Promise<T>, opts: OpenOptions = {}): Promise<T> {
  const db = await openDb(config.database, opts);
  try {
    return await fn(db, await migrate(db));
  } finally {
    await db.close();
  }
}
