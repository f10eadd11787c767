// `pnpm bench upload`: what a zip bomb costs the API. A 2 MB zip of 40 entries of 50 MiB of
// zeros (each entry within UPLOAD_MAX_BYTES), one such entry alone, then a zip whose headers
// understate an entry's size, are posted to an API with the default limits (the UPLOAD_*
// variables change them); printed: the answer, the time, the growth of the process's RSS (now
// and at its peak) and the slowest GET /health answered meanwhile. Needs the local Postgres
// (only for /health: nothing is recorded).
//   BENCH_ADMIN_URL   Postgres (postgres://postgres@127.0.0.1:5432/postgres)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../packages/config/src/index.ts';
import { openPostgres } from '@ziping/store';
import { buildApi } from '../services/api/src/api.ts';
import { deflatedEntry, rawZip, zerosEntry } from '@ziping/pipeline/testing/zipbytes';
import { postFiles } from '../services/api/src/testing.ts';
import { ADMIN_URL } from './db.ts';

const TOKEN = 'bench-token-0123456789';
const MiB = 2 ** 20;

export async function benchUpload(): Promise<void> {
  const filesDir = await mkdtemp(join(tmpdir(), 'ziping-bench-upload-'));
  const db = openPostgres(ADMIN_URL);
  const api = { ...loadConfig({ ...process.env, API_TOKEN: TOKEN }).api, port: 0 };
  const app = await buildApi({ api, filesDir, db, queue: null, logLevel: 'silent' });
  const base = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const entry = await zerosEntry('zeros.txt', 50 * MiB);
    const bomb = rawZip(Array.from({ length: 40 }, (_, i) => ({ ...entry, name: `zeros-${i}.txt` })));
    const over = await zerosEntry('big.txt', api.maxFileBytes + MiB);
    const liar = rawZip([deflatedEntry('a.txt', Buffer.from('a form\n')), { ...over, size: 100 }]);
    console.log(`limits: UPLOAD_MAX_BYTES ${api.maxFileBytes}, UPLOAD_MAX_FILES ${api.maxFiles}`);
    const cases = [['40 × 50 MiB zeros', bomb], ['one 50 MiB zeros entry', rawZip([entry])], ['lying header', liar]] as const;
    for (const [label, zip] of cases) {
      const rss0 = process.memoryUsage.rss();
      const t0 = performance.now();
      let slowest = 0;
      let done = false;
      const upload = postFiles(base, [{ name: 'bomb.zip', bytes: zip, type: 'application/zip' }], TOKEN).finally(() => (done = true));
      const health = (async () => {
        while (!done) {
          const t = performance.now();
          await fetch(`${base}/health`).then((r) => r.arrayBuffer());
          slowest = Math.max(slowest, performance.now() - t);
        }
      })();
      const res = await upload;
      await health;
      const seconds = (performance.now() - t0) / 1000;
      const rss1 = process.memoryUsage.rss();
      const peak = process.resourceUsage().maxRSS * 1024;
      console.log(
        `${label} (${(zip.length / MiB).toFixed(1)} MiB zip): ${res.status} ${res.body.error?.code ?? ''} in ${seconds.toFixed(2)} s; ` +
          `RSS ${(rss0 / MiB).toFixed(0)} → ${(rss1 / MiB).toFixed(0)} MiB (peak ${(peak / MiB).toFixed(0)} MiB); slowest /health ${slowest.toFixed(0)} ms`,
      );
    }
  } finally {
    await app.close();
    await db.close();
    await rm(filesDir, { recursive: true, force: true });
  }
}
