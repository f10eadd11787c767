import type { Config } from '@ziping/config';
import { migrate, openDb, type Db, type OpenOptions } from '@ziping/store';

/** A command takes its own arguments and returns the exit code. */
export type Command = (args: string[], config: Config) => Promise<number>;

export class UsageError extends Error {}

/** Opens the configured database with the schema up to date (`applied`: files migrated now), and always closes it. */
export async function withDb<T>(config: Config, fn: (db: Db, applied: string[]) => Promise<T>, opts: OpenOptions = {}): Promise<T> {
  const db = await openDb(config.database, opts);
  try {
    return await fn(db, await migrate(db));
  } finally {
    await db.close();
  }
}
