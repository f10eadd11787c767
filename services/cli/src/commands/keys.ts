// `ziping keys create --role R --name N` (prints the key once, on stdout), `ziping keys list`
// (never a secret), `ziping keys revoke ID|NAME`. The API checks keys in the same database.
import { parseArgs } from 'node:util';
import { createKey, KEY_ROLES, KeyError, keyProblem, listKeys, revokeKey, type KeyRow } from '@ziping/store';
import { UsageError, type Command } from '../command.ts';
import { withDb } from '../with-db.ts';

const when = (d: Date | null) => (d ? new Date(d).toISOString().replace(/\.\d+Z$/, 'Z') : '—');
const line = (k: KeyRow) =>
  `${k.id}\t${k.name}\t${k.role}\tcreated ${when(k.created_at)}\tlast used ${when(k.last_used_at)}${k.revoked_at ? `\trevoked ${when(k.revoked_at)}` : ''}\n`;

export const keys: Command = async (args, config) => {
  const [sub, ...rest] = args;
  if (sub === 'create') {
    const { values, positionals } = parseArgs({ args: rest, options: { role: { type: 'string' }, name: { type: 'string' } } });
    if (positionals.length) throw new UsageError(`unexpected arguments: ${positionals.join(' ')}`);
    if (!values.role || !values.name) throw new UsageError(`keys create needs --role (${KEY_ROLES.join(', ')}) and --name`);
    // checked before the database is opened (and migrated)
    const problem = keyProblem(values.name, values.role);
    if (problem) throw new UsageError(problem);
    const key = await withDb(config, (db) => createKey(db, values.name!, values.role!)).catch((e) => {
      throw e instanceof KeyError ? new Error(e.message) : e;
    });
    process.stdout.write(`${key.secret}\n`);
    process.stderr.write(`key ${key.id} "${key.name}" (${key.role}) created; it is shown this once, only its sha256 is stored\n`);
    return 0;
  }
  if (sub === 'list') {
    if (rest.length) throw new UsageError(`unexpected arguments: ${rest.join(' ')}`);
    const rows = await withDb(config, listKeys);
    for (const k of rows) process.stdout.write(line(k));
    process.stderr.write(`${rows.length} key${rows.length === 1 ? '' : 's'}, ${rows.filter((k) => !k.revoked_at).length} live\n`);
    return 0;
  }
  if (sub === 'revoke') {
    if (rest.length !== 1) throw new UsageError('keys revoke takes one key id or name');
    const k = await withDb(config, (db) => revokeKey(db, rest[0]));
    if (!k) {
      process.stderr.write(`ziping keys: no live key with id or name "${rest[0]}"\n`);
      return 1;
    }
    process.stderr.write(`key ${k.id} "${k.name}" (${k.role}) revoked\n`);
    return 0;
  }
  throw new UsageError(sub ? `unknown keys command: ${sub}` : 'keys needs create, list or revoke');
};
