// A batch of hostile files around two good documents: `ziping ingest` of the folder stores the
// good ones (and the files hostile in form only), records each hostile one as a failed document
// with its typed code, and lands.
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { counts, failedDocuments, openDb } from '@ziping/store';
import { useFreshDbs } from '@ziping/store/testing';
import { FIXTURES, HOSTILE, makeHostileCorpus } from '@ziping/pipeline/testing/hostile';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.ts';

const GOOD = ['seeds/001_ba783ae97283a765.txt', 'corpus/xlsx/d05_baitang_wlj_2024.xlsx'];

describe('ziping ingest of a folder of hostile files', { timeout: 180_000 }, () => {
  const dbs = useFreshDbs(['postgres']);
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ziping-hostile-batch-'));
    await makeHostileCorpus(dir);
    for (const g of GOOD) await copyFile(join(FIXTURES, g), join(dir, basename(g)));
  }, 60_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('stores the good documents, fails each hostile one with its code, and exits 0', async () => {
    const r = await runCli(['ingest', dir], dbs.postgres.config);
    const readable = HOSTILE.filter((h) => h.expect === 'read');
    const hostile = HOSTILE.filter((h) => h.expect !== 'read');
    expect(r, r.stderr).toMatchObject({ code: 0 });
    expect(r.stdout).toContain(`documents: ${GOOD.length + readable.length} stored, 0 duplicate, ${hostile.length} failed`);

    const db = await openDb(dbs.postgres.config);
    try {
      const stored = await db.query<{ name: string }>(`SELECT name FROM documents WHERE status = 'done' ORDER BY name`);
      expect(stored.map((d) => d.name).sort()).toEqual([...GOOD.map((g) => basename(g)), ...readable.map((h) => h.name)].sort());
      const failed = await failedDocuments(db);
      expect(Object.fromEntries(failed.map((f) => [f.name, f.error_code]))).toEqual(Object.fromEntries(hostile.map((h) => [h.name, h.expect])));
      for (const f of failed) expect(f.error_message).toContain(f.name);
      expect((await counts(db)).forms).toBeGreaterThan(0);
    } finally {
      await db.close();
    }
  });
});
