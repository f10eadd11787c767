// Batches that always finish and never lose data: known bytes are not extracted again, a
// file past the time or memory limit fails on its own, an unreadable folder is reported,
// and two processes on one embedded folder never lose each other's documents.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { chmod, chown, copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { closeSync, constants, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IsolatedExtractor } from '@ziping/pipeline';
import { failedDocuments, migrate, openDb, type DbConfig } from '@ziping/store';
import { embeddedCopy, ENGINES, useOpenDb } from '@ziping/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestOne, type Extractor } from './commands/ingest.ts';
import { ROOT, runCli } from './run-cli.ts';

const SLOW = { timeout: 240_000 };
const SEED = (n: string) => join(ROOT, 'fixtures/seeds', n);
const SEEDS_A = ['000_ca0dcd0154b0e201.txt', '001_ba783ae97283a765.txt', '002_80c952864022144d.txt'];
const SEEDS_B = ['003_69315ee9fbc7324a.txt', '004_339364824c9abd23.txt'];
const NOBODY = 65534;
const sha = async (path: string) => createHash('sha256').update(await readFile(path)).digest('hex');

let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'ziping-batch-'));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe.each(ENGINES)('ingestOne on %s', (engine) => {
  const h = useOpenDb(engine);
  const real = new IsolatedExtractor({ timeoutMs: 60_000, maxMemoryMb: 512, ingest: { ocr: false } });
  const extracted: string[] = [];
  const counting: Extractor = { facts: (p) => real.facts(p), extract: (p) => (extracted.push(p), real.extract(p)) };
  beforeAll(() => migrate(h.db));
  afterAll(() => real.close());

  it('does not extract bytes already stored, under any name', SLOW, async () => {
    const first = await ingestOne(h.db, { path: SEED(SEEDS_A[0]) }, counting);
    expect(first).toMatchObject({ status: 'stored', forms: 4 });
    const copy = join(tmp, `${engine}-renamed.txt`);
    await copyFile(SEED(SEEDS_A[0]), copy);
    expect(await ingestOne(h.db, { path: copy }, counting)).toMatchObject({ status: 'duplicate', forms: 0 });
    expect(extracted).toEqual([SEED(SEEDS_A[0])]);
  });

  it('extracts a known failure again, and keeps one row for it', SLOW, async () => {
    extracted.length = 0;
    const bad = join(ROOT, 'fixtures/bad/no_table.txt');
    for (let i = 0; i < 2; i++) expect((await ingestOne(h.db, { path: bad }, counting)).failure?.code).toBe('NO_TABLE');
    expect(extracted).toEqual([bad, bad]);
    expect((await failedDocuments(h.db)).filter((f) => f.path === bad)).toHaveLength(1);
  });

  it('fails a file whose read never ends with TIMEOUT, and the next file is stored', SLOW, async () => {
    // A pipe without a writer: reading it blocks for ever, like a stalled mount.
    const pipe = join(tmp, `${engine}-pipe`);
    execFileSync('mkfifo', [pipe]);
    const limited = new IsolatedExtractor({ timeoutMs: 8000, maxMemoryMb: 512, ingest: { ocr: false } });
    try {
      const stuck = await ingestOne(h.db, { path: pipe }, limited);
      expect(stuck.failure).toMatchObject({ code: 'TIMEOUT' });
      expect(stuck.failure!.message).toContain(pipe);
      expect(await ingestOne(h.db, { path: SEED(SEEDS_A[1]) }, limited)).toMatchObject({ status: 'stored' });
      const failed = await failedDocuments(h.db);
      expect(failed.find((f) => f.path === pipe)).toMatchObject({ error_code: 'TIMEOUT' });
    } finally {
      await limited.close();
    }
    // The killed reader is gone, so nothing waits on the pipe: opening it for writing fails (ENXIO).
    expect(() => closeSync(openSync(pipe, constants.O_WRONLY | constants.O_NONBLOCK))).toThrow(/ENXIO/);
  });
});

describe('ziping ingest limits', SLOW, () => {
  it('fails a file past INGEST_MAX_MEMORY_MB with TOO_LARGE and stores the next', async () => {
    const dir = join(tmp, 'big');
    await mkdir(dir);
    // 9 MB of figures, 1.8 million tab-separated cells in 100 lines (under the line and cell
    // limits that refuse big text before reading): far more heap than 64 MB once they are cells.
    const row = Array.from({ length: 18_000 }, (_, i) => String((i % 97) + 0.5)).join('\t');
    await writeFile(join(dir, 'a-big.txt'), Array.from({ length: 100 }, () => row).join('\n'));
    await copyFile(SEED(SEEDS_A[0]), join(dir, 'b-seed.txt'));
    const db = await embeddedCopy(join(tmp, 'big-db'));
    const r = await runCli(['ingest', dir], db, { env: { INGEST_MAX_MEMORY_MB: '64', OCR_ENGINE: 'off' } });
    expect(r, r.stderr).toMatchObject({ code: 0 });
    expect(r.stdout).toContain('1 stored, 0 duplicate, 1 failed');
    expect(r.stdout).toContain(`failed TOO_LARGE: ${join(dir, 'a-big.txt')}: reading it needed more than 64 MB`);
  });

  it('reports a folder the user cannot read as UNREADABLE and ingests the rest', async () => {
    // Root reads any folder: as root, the CLI runs as nobody, on a tree and database nobody owns.
    const root = process.getuid?.() === 0;
    const base = join(tmp, 'nobody');
    await mkdir(join(base, 'docs/locked'), { recursive: true });
    await copyFile(SEED(SEEDS_A[0]), join(base, 'docs/a.txt'));
    await copyFile(SEED(SEEDS_A[1]), join(base, 'docs/locked/b.txt'));
    const db = await embeddedCopy(join(base, 'db'));
    if (root) {
      for (const p of [base, join(base, 'docs'), join(base, 'docs/a.txt')]) await chown(p, NOBODY, NOBODY);
      execFileSync('chown', ['-R', `${NOBODY}:${NOBODY}`, join(base, 'db')]);
    }
    await chmod(join(base, 'docs/locked'), 0o000);
    await chmod(tmp, 0o755);
    const r = await runCli(['ingest', join(base, 'docs')], db, { ...(root ? { uid: NOBODY } : {}), env: { OCR_ENGINE: 'off', HOME: base } });
    expect(r, r.stderr).toMatchObject({ code: 0 });
    expect(r.stdout).toContain('1 stored, 0 duplicate, 1 failed');
    expect(r.stdout).toContain(`failed UNREADABLE: ${join(base, 'docs/locked')}: cannot read the folder (EACCES)`);
  });
});

describe('two ziping ingest processes on one embedded folder', SLOW, () => {
  let sets: { dir: string; shas: string[] }[];
  beforeAll(async () => {
    sets = [];
    for (const [name, files] of [['set-a', SEEDS_A], ['set-b', SEEDS_B]] as const) {
      const dir = join(tmp, name);
      await mkdir(dir, { recursive: true });
      for (const f of files) await copyFile(SEED(f), join(dir, f));
      sets.push({ dir, shas: await Promise.all(files.map((f) => sha(SEED(f)))) });
    }
  });

  /** The stored documents' sha256, after checking that no two rows share an id (the lost-write symptom). */
  async function storedShas(config: DbConfig): Promise<string[]> {
    const db = await openDb(config);
    try {
      await db.exec('SET enable_indexscan = off; SET enable_bitmapscan = off');
      const [seq] = await db.query<{ rows: number; ids: number }>('SELECT count(*) AS rows, count(DISTINCT id) AS ids FROM documents');
      await db.exec('RESET enable_indexscan; RESET enable_bitmapscan; SET enable_seqscan = off');
      const [byIndex] = await db.query<{ rows: number }>('SELECT count(*) AS rows FROM documents WHERE id > 0');
      expect(seq.ids).toBe(seq.rows);
      expect(byIndex.rows).toBe(seq.rows);
      return (await db.query<{ sha256: string }>(`SELECT sha256 FROM documents WHERE status = 'done'`)).map((r) => r.sha256).sort();
    } finally {
      await db.close();
    }
  }

  it('stores each run that got the folder and refuses the other with DB_IN_USE: never a loss', async () => {
    const config: DbConfig = { kind: 'embedded', dir: join(tmp, 'shared-1') }; // created by whichever comes first
    const runs = await Promise.all(sets.map((s) => runCli(['ingest', s.dir], config, { env: { OCR_ENGINE: 'off' } })));
    const expected: string[] = [];
    runs.forEach((r, i) => {
      if (r.code === 0) {
        expect(r.stdout).toContain(`${sets[i].shas.length} stored, 0 duplicate, 0 failed`);
        expected.push(...sets[i].shas);
      } else {
        expect(r.stderr).toMatch(/DB_IN_USE: .*shared-1: the embedded database is in use by process \d+/);
      }
    });
    expect(expected.length).toBeGreaterThan(0);
    expect(await storedShas(config)).toEqual(expected.sort());
  });

  it('with --wait, stores both document sets', async () => {
    const config = await embeddedCopy(join(tmp, 'shared-2')); // made already: here the waiting is tested, above the creating
    const runs = await Promise.all(sets.map((s) => runCli(['ingest', '--wait', s.dir], config, { env: { OCR_ENGINE: 'off' } })));
    for (const r of runs) expect(r, r.stderr).toMatchObject({ code: 0 });
    expect(await storedShas(config)).toEqual(sets.flatMap((s) => s.shas).sort());
  });
});
