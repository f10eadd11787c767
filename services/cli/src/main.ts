// ziping CLI: one file per command under commands/, each imported only when it runs, so a
// command loads only its own dependencies (extract never loads the database, the API or
// the queue). Exit codes: 0 done, 1 the work failed (see each command), 2 usage error.
import '@ziping/core/jit'; // first: it tunes the compiler for what follows
import { loadConfig } from '@ziping/config';
import { isInputError } from '@ziping/core';
import { UsageError, type Command } from './command.ts';

interface Spec {
  load: () => Promise<Command>;
  usage: string;
  /** Reads documents in this process: its OCR workers, if a scan was read, would keep it alive. */
  ocr?: boolean;
}

const COMMANDS: Record<string, Spec> = {
  extract: {
    load: () => import('./commands/extract.ts').then((m) => m.extract),
    ocr: true,
    usage: `  extract FILE [--provenance]     print the form-extract/v1 JSON of one file (no database)`,
  },
  ingest: {
    load: () => import('./commands/ingest.ts').then((m) => m.ingest),
    usage: `  ingest [--wait] PATH...         extract files and folders (recursively) into the database;
                                  --wait: wait while another process uses the embedded database`,
  },
  migrate: {
    load: () => import('./commands/migrate.ts').then((m) => m.migrateCommand),
    usage: `  migrate                         apply pending database migrations`,
  },
  anomalies: {
    load: () => import('./commands/anomalies.ts').then((m) => m.anomalies),
    usage: `  anomalies [--document NAME] [--rule RULE] [--severity error|warning]
                                  list stored anomalies with the source lines they cite`,
  },
  reconcile: {
    load: () => import('./commands/reconcile.ts').then((m) => m.reconcile),
    usage: `  reconcile [--department X]      evaluated projects against their budget and target declarations
                                  in other documents: amounts in 元, target drift, with sources`,
  },
  serve: {
    load: () => import('./commands/serve.ts').then((m) => m.serve),
    ocr: true,
    usage: `  serve [--no-worker]             HTTP API (needs API_TOKEN or a key), with a worker when REDIS_URL is set`,
  },
  keys: {
    load: () => import('./commands/keys.ts').then((m) => m.keys),
    usage: `  keys create --role R --name N   make an API key (R: reader, uploader, reviewer, admin); printed once
  keys list | keys revoke ID|NAME the keys (no secrets) | revoke one`,
  },
  worker: {
    load: () => import('./commands/worker.ts').then((m) => m.workerCommand),
    ocr: true,
    usage: `  worker                          process queued documents (REDIS_URL, DATABASE_URL) until SIGTERM`,
  },
};

const DATABASE = 'database: DATABASE_URL=postgres://… or embedded PGlite in ZIPING_DATA_DIR (default .ziping/db)';
const usage = (names = Object.keys(COMMANDS)) =>
  `usage: ziping <command>   (ziping help COMMAND, ziping COMMAND --help)\n${names.map((n) => COMMANDS[n]!.usage).join('\n')}\n${DATABASE}\n`;
const isHelp = (a: string | undefined) => a === '--help' || a === '-h';

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || isHelp(name) || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    if (topic !== undefined && !COMMANDS[topic]) return unknown(topic);
    // no command at all is a usage error; asking for help is not
    (name === undefined ? process.stderr : process.stdout).write(usage(topic === undefined ? undefined : [topic]));
    return name === undefined ? 2 : 0;
  }
  const spec = COMMANDS[name];
  if (!spec) return unknown(name);
  const own = rest.slice(0, rest.includes('--') ? rest.indexOf('--') : undefined);
  if (own.some(isHelp)) {
    process.stdout.write(usage([name]));
    return 0;
  }
  try {
    const command = await spec.load();
    return await command(rest, loadConfig());
  } catch (e) {
    if (e instanceof UsageError || (e as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`ziping ${name}: ${(e as Error).message}\n${usage([name])}`);
      return 2;
    }
    process.stderr.write(`ziping ${name}: ${(await typedCode(e)) ?? ''}${(e as Error).message}\n`);
    return 1;
  } finally {
    if (spec.ocr) await (await import('@ziping/ingest')).closeOcr();
  }
}

function unknown(name: string): number {
  process.stderr.write(`unknown command: ${name}\n${usage()}`);
  return 2;
}

/** `CODE: ` of a typed error (the code `ingest` stores for a failed file), else nothing. */
async function typedCode(e: unknown): Promise<string | undefined> {
  if (isInputError(e)) return `${e.code}: `;
  // only a command that opened the database can throw one, so the store is loaded already
  if ((e as Error)?.name === 'DbError' && (await import('@ziping/store')).isDbError(e)) return `${e.code}: `;
  return undefined;
}

process.exitCode = await main(process.argv.slice(2));
