// Container health check of a worker (docker-compose.yml): exits 0 when the queue (Redis)
// and the database answer with this process's configuration, 1 otherwise.
//   node dist/worker-health.mjs (after `pnpm build`), or node --import tsx services/worker/src/health.ts
import { loadConfig } from '@ziping/config';
import { openQueue } from '@ziping/jobs';
import { openDb } from '@ziping/store';

const config = loadConfig();
try {
  if (!config.queue) throw new Error('REDIS_URL is not set');
  const queue = openQueue(config.queue);
  const db = await openDb(config.database);
  try {
    await Promise.all([queue.ping(), db.query('SELECT 1')]);
  } finally {
    await Promise.allSettled([queue.close(), db.close()]);
  }
} catch (e) {
  process.stderr.write(`unhealthy: ${(e as Error).message}\n`);
  process.exitCode = 1;
}
