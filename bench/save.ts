// `pnpm bench save`: seconds, CPU and statements to store seed 000's extraction 50 times (a
// new content hash each time) into a fresh Postgres database (dropped afterwards) and a fresh
// PGlite folder. What the worker spends in the store per document; the statement count is the
// same on both engines and must not grow with the document's rows.
//
//   BENCH_ROUNDS (50)    saves per engine
//   BENCH_ADMIN_URL      Postgres to create the database on (postgres://postgres@127.0.0.1:5432/postgres)
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { extractFile } from '@ziping/pipeline';
import { migrate, openDb, openPostgres, saveExtraction, type Db } from '@ziping/store';
import { countingDb } from '../packages/store/src/counting.ts';
import { benchDatabase } from './db.ts';

const SEED = resolve(import.meta.dirname, '../fixtures/seeds/000_ca0dcd0154b0e201.txt');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 50);

async function run(engine: string, db: Db): Promise<void> {
  const { doc, extraction } = await extractFile(SEED);
  await migrate(db);
  const counted = countingDb(db);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (let i = 0; i < ROUNDS; i++) {
    const sha256 = `${i.toString(16).padStart(8, '0')}${doc.sha256.slice(8)}`;
    const r = await saveExtraction(counted.db, { ...doc, sha256 }, extraction);
    if (r.status !== 'stored') throw new Error(`save ${i}: ${r.status}`);
  }
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const indicators = extraction.forms.reduce((s, f) => s + f.indicators.length, 0);
  console.log(`${engine.padEnd(9)} ${ROUNDS} saves of seed 000 (${extraction.forms.length} forms, ${indicators} indicators): `
    + `${wall.toFixed(2)} s wall, ${(wall / ROUNDS * 1000).toFixed(1)} ms/doc, `
    + `${((cpu.user + cpu.system) / 1000 / ROUNDS).toFixed(1)} ms CPU/doc in this process, ${counted.count() / ROUNDS} statements/doc`);
}

export async function benchSave(): Promise<void> {
  const base = await benchDatabase();
  const pg = openPostgres(base.url);
  try { await run('postgres', pg); } finally { await pg.close(); await base.drop(); }
  const dir = await mkdtemp(join(tmpdir(), 'ziping-bench-save-'));
  const embedded = await openDb({ kind: 'embedded', dir });
  try { await run('embedded', embedded); } finally { await embedded.close(); await rm(dir, { recursive: true, force: true }); }
}
