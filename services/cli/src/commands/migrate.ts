import { UsageError, type Command } from '../command.ts';
import { withDb } from '../with-db.ts';

export const migrateCommand: Command = async (args, config) => {
  if (args.length) throw new UsageError(`unexpected arguments: ${args.join(' ')}`);
  const applied = await withDb(config, async (_db, applied) => applied);
  process.stderr.write(applied.length ? `applied ${applied.join(', ')}\n` : 'schema is up to date\n');
  return 0;
};
