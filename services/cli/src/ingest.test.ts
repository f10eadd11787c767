// End to end: the CLI ingests into real Postgres and into PGlite; both must hold the same.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { counts, failedDocuments, openDb, type Counts, type FailedDocument } from '@ziping/store';
import { ENGINES, useFreshDbs, type Engine, type TestDb } from '@ziping/store/testing';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './run-cli.ts';

// Each test runs the CLI as child processes, some on both engines at once: allow for a loaded machine.
const SLOW = { timeout: 180_000 };
const SEEDS = readdirSync(join(ROOT, 'fixtures/seeds')).filter((f) => !f.startsWith('.'));

interface Stored { counts: Counts; failed: FailedDocument[]; sums: Record<string, number> }

async function readBack(t: TestDb): Promise<Stored> {
  const db = await openDb(t.config);
  try {
    // Sums over stored values catch an engine that stores the rows but not the same numbers.
    const [sums] = await db.query<Record<string, number>>(`SELECT
      (SELECT coalesce(sum(executed_yuan), 0) FROM funding_rows) AS executed_yuan,
      (SELECT coalesce(sum(score), 0) FROM indicators) AS indicator_score,
      (SELECT count(target_op) FROM indicators) AS targets_with_op`);
    return { counts: await counts(db), failed: await failedDocuments(db), sums };
  } finally {
    await db.close();
  }
}

const onEach = <T>(dbs: Record<Engine, TestDb>, fn: (t: TestDb) => Promise<T>) =>
  Promise.all(ENGINES.map((e) => fn(dbs[e])));

describe('ziping ingest of the seeds', SLOW, () => {
  const dbs = useFreshDbs();

  it('stores every seed, with the same counts on both engines', async () => {
    const runs = await onEach(dbs, (t) => runCli(['ingest', 'fixtures/seeds'], t.config));
    for (const r of runs) expect(r, r.stderr).toMatchObject({ code: 0 });
    const [pg, lite] = await onEach(dbs, readBack);
    expect(pg.counts.documents).toBe(SEEDS.length);
    expect(pg.counts.failed).toBe(0);
    // Depends on reconstruct finding the forms in the seeds.
    expect(pg.counts.forms).toBeGreaterThan(0);
    expect(lite).toEqual(pg);
  });

  it('duplicates nothing when the same files are ingested again', async () => {
    const before = await onEach(dbs, readBack);
    const runs = await onEach(dbs, (t) => runCli(['ingest', 'fixtures/seeds'], t.config));
    for (const r of runs) {
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`0 stored, ${SEEDS.length} duplicate, 0 failed`);
    }
    expect(await onEach(dbs, readBack)).toEqual(before);
  });

  it('lists the same anomalies on both engines', async () => {
    const [pg, lite] = await onEach(dbs, (t) => runCli(['anomalies'], t.config));
    expect(pg.code).toBe(0);
    expect(lite.stdout).toBe(pg.stdout);
    expect(lite.stderr).toBe(pg.stderr);
  });
});

describe('ziping ingest of a batch with bad inputs', SLOW, () => {
  const dbs = useFreshDbs();

  it('stores the good documents and records each bad one as failed, naming the file', async () => {
    const runs = await onEach(dbs, (t) => runCli(['ingest', 'fixtures/seeds', 'fixtures/bad', 'fixtures/bad/missing.txt'], t.config));
    for (const r of runs) {
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`${SEEDS.length} stored, 0 duplicate, 4 failed`);
    }
    const [pg, lite] = await onEach(dbs, readBack);
    expect(pg.counts.documents).toBe(SEEDS.length);
    const failed = pg.failed.map((f) => [f.name, f.error_code]);
    expect(failed).toEqual([
      ['empty.txt', 'EMPTY_FILE'],
      ['junk.bin', 'BINARY_JUNK'],
      ['missing.txt', 'NOT_FOUND'],
      ['no_table.txt', 'NO_TABLE'],
    ]);
    for (const f of pg.failed) expect(f.error_message).toContain(f.name);
    expect(lite).toEqual(pg);
  });

  it('records a failure once however often the batch is retried', async () => {
    await onEach(dbs, (t) => runCli(['ingest', 'fixtures/bad', 'fixtures/bad/missing.txt'], t.config));
    const [pg, lite] = await onEach(dbs, readBack);
    expect(pg.counts).toMatchObject({ documents: SEEDS.length, failed: 4 });
    expect(lite).toEqual(pg);
  });

  it('exits 1 when every file fails', async () => {
    const r = await runCli(['ingest', 'fixtures/bad'], dbs.embedded.config);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('0 stored, 0 duplicate, 3 failed');
  });
});

describe('ziping migrate and anomalies', SLOW, () => {
  const dbs = useFreshDbs(['embedded'], { empty: true });

  it('migrates a fresh database once', async () => {
    const first = await runCli(['migrate'], dbs.embedded.config);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/^applied 001_init\.sql(, \d+_\w+\.sql)*\n$/);
    expect(await runCli(['migrate'], dbs.embedded.config)).toMatchObject({ code: 0, stderr: 'schema is up to date\n' });
  });

  it('rejects an unknown severity or rule with exit 2', async () => {
    expect((await runCli(['anomalies', '--severity', 'fatal'], dbs.embedded.config)).code).toBe(2);
    expect((await runCli(['anomalies', '--rule', 'NOPE'], dbs.embedded.config)).code).toBe(2);
    expect(await runCli(['anomalies', '--rule', 'GRADE'], dbs.embedded.config)).toMatchObject({ code: 0, stdout: '' });
  });
});
