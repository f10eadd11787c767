// ziping CLI: one file per command under commands/. Exit codes: 0 done, 1 the work
// failed (see each command), 2 usage error.
import { loadConfig } from '@ziping/config';
import { closeOcr } from '@ziping/ingest';
import { isDbError } from '@ziping/store';
import { anomalies } from './commands/anomalies.ts';
import { extract } from './commands/extract.ts';
import { ingest } from './commands/ingest.ts';
import { keys } from './commands/keys.ts';
import { migrateCommand } from './commands/migrate.ts';
import { reconcile } from './commands/reconcile.ts';
import { serve } from './commands/serve.ts';
import { workerCommand } from './commands/worker.ts';
import { UsageError, type Command } from './command.ts';

const COMMANDS: Record<string, Command> = { extract, ingest, migrate: migrateCommand, anomalies, reconcile, serve, worker: workerCommand, keys };

const USAGE = `usage: ziping <command>
  extract FILE [--provenance]     print the form-extract/v1 JSON of one file (no database)
  ingest [--wait] PATH...         extract files and folders (recursively) into the database;
                                  --wait: wait while another process uses the embedded database
  migrate                         apply pending database migrations
  anomalies [--document NAME] [--rule RULE] [--severity error|warning]
                                  list stored anomalies with the source lines they cite
  reconcile [--department X]      evaluated projects against their budget and target declarations
                                  in other documents: amounts in 元, target drift, with sources
  serve [--no-worker]             HTTP API (needs API_TOKEN or a key), with a worker when REDIS_URL is set
  keys create --role R --name N   make an API key (R: reader, uploader, reviewer, admin); printed once
  keys list | keys revoke ID|NAME the keys (no secrets) | revoke one
  worker                          process queued documents (REDIS_URL, DATABASE_URL) until SIGTERM
database: DATABASE_URL=postgres://… or embedded PGlite in ZIPING_DATA_DIR (default .ziping/db)`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    process.stderr.write(`${name && name !== '--help' ? `unknown command: ${name}\n` : ''}${USAGE}\n`);
    return name === '--help' ? 0 : 2;
  }
  try {
    return await command(rest, loadConfig());
  } catch (e) {
    if (e instanceof UsageError || (e as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`ziping ${name}: ${(e as Error).message}\n${USAGE}\n`);
      return 2;
    }
    process.stderr.write(`ziping ${name}: ${isDbError(e) ? `${e.code}: ` : ''}${(e as Error).message}\n`);
    return 1;
  } finally {
    // OCR workers, if a scan was read, would keep the process alive
    await closeOcr();
  }
}

process.exitCode = await main(process.argv.slice(2));
