// `ziping serve [--no-worker]`: the HTTP API (services/api) and, with REDIS_URL, a worker
// in the same process (`--no-worker` leaves the jobs to `ziping worker` processes).
// Without REDIS_URL there is no queue: uploads are processed inline, in the request.
// Runs until SIGTERM / SIGINT, then stops taking requests and jobs, finishes, exits 0.
import { mkdir } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { buildApi } from '@ziping/api';
import { openQueue } from '@ziping/jobs';
import { hasLiveKeys, migrate, openDb } from '@ziping/store';
import { startDocumentWorker, untilSignal } from '@ziping/worker';
import { UsageError, type Command } from '../command.ts';

export const serve: Command = async (args, config) => {
  const { values } = parseArgs({ args, options: { 'no-worker': { type: 'boolean', default: false } } });
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const db = await openDb(config.database);
  try {
    await migrate(db);
    if (!config.api.token && !(await hasLiveKeys(db))) {
      throw new UsageError('no API key: create one (`ziping keys create --role admin --name NAME`) or set API_TOKEN (8 characters or more)');
    }
  } catch (e) {
    await db.close();
    throw e;
  }
  const stop = untilSignal();
  let lastError = '';
  const queue = config.queue
    ? openQueue(config.queue, (e) => {
        if (e.message !== lastError) log(`queue error: ${e.message}`); // a Redis outage repeats itself
        lastError = e.message;
      })
    : null;
  const worker = config.queue && !values['no-worker'] ? startDocumentWorker(config.queue, db, log, config.ocr) : null;
  try {
    await mkdir(config.filesDir, { recursive: true });
    const app = await buildApi({ api: config.api, filesDir: config.filesDir, db, queue, logLevel: config.logLevel, ocr: config.ocr });
    const url = await app.listen({ host: config.api.host, port: config.api.port });
    log(`serving on ${url}; ${queue ? `queue ${config.queue!.prefix}, ${worker ? `worker in process (concurrency ${config.queue!.concurrency})` : 'no worker in process'}` : 'no REDIS_URL: uploads are processed inline'}`);
    await stop;
    log('stopping');
    await app.close();
  } finally {
    await worker?.close();
    await queue?.close();
    await db.close();
  }
  return 0;
};
