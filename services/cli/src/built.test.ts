// The compiled program (`pnpm build`, dist/) run by plain node, as a user runs it: the same
// output as the source, help on stdout, typed error codes, and the files it finds at run
// time (migrations, pdfjs's fonts, the compiled extraction child) found from dist/.
import { ExtractDocSchema } from '@ziping/core';
import { freshDb, type TestDb } from '@ziping/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.ts';

const SEED = 'fixtures/seeds/000_ca0dcd0154b0e201.txt';
const built = (args: string[], db?: TestDb) => runCli(args, db?.config);
const fromSource = (args: string[]) => runCli(args, undefined, { source: true });

describe('the compiled ziping', () => {
  it('prints clean JSON for a text file, the same as the source does', async () => {
    const [r, source] = await Promise.all([built(['extract', SEED]), fromSource(['extract', SEED])]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const doc = ExtractDocSchema.parse(JSON.parse(r.stdout));
    expect(doc.source).toBe('000_ca0dcd0154b0e201.txt');
    expect(doc.forms[0]).toMatchObject({ kind: 'project', title: '项目支出绩效自评表', project: '医疗保障综合管理' });
    expect(r.stdout).toBe(source.stdout);
  });

  it('reads a PDF (pdfjs and its fonts found from dist/) the same as the source does', async () => {
    const pdf = 'fixtures/pdf/000_ca0dcd0154b0e201.pdf';
    const [r, source] = await Promise.all([built(['extract', pdf]), fromSource(['extract', pdf])]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(r.stdout).forms[0].project).toBe('医疗保障综合管理');
    expect(r.stdout).toBe(source.stdout);
  });

  it.each([[['--help']], [['-h']], [['help']], [['extract', '--help']], [['extract', '-h']], [['help', 'extract']]])('%j: usage on stdout, exit 0', async (args) => {
    const r = await built(args);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^usage: ziping /);
    expect(r.stdout).toContain('extract FILE [--provenance]');
  });

  it('help for one command shows that command only', async () => {
    const r = await built(['help', 'keys']);
    expect(r.stdout).toContain('keys create --role R --name N');
    expect(r.stdout).not.toContain('extract FILE');
  });

  it.each([[['frobnicate']], [['help', 'frobnicate']], [[]]])('%j: usage on stderr, exit 2', async (args) => {
    const r = await built(args);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toContain('usage: ziping ');
    if (args.length > 0) expect(r.stderr).toMatch(/^unknown command: frobnicate\n/);
  });

  it('prints the typed code of a bad file on stderr, exit 1, nothing on stdout', async () => {
    const r = await built(['extract', 'fixtures/bad/empty.txt']);
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'ziping extract: EMPTY_FILE: fixtures/bad/empty.txt: the file is empty\n' });
  });

  describe('with an embedded database', () => {
    let db: TestDb;
    beforeAll(async () => (db = await freshDb('embedded', { empty: true })));
    afterAll(() => db.dispose());

    it('migrates (the migrations found from dist/), then ingests through the compiled extraction child', async () => {
      const m = await built(['migrate'], db);
      expect(m.code).toBe(0);
      expect(m.stderr).toMatch(/^applied 001_init\.sql, /);
      expect((await built(['migrate'], db)).stderr).toBe('schema is up to date\n');

      const r = await built(['ingest', SEED, 'fixtures/bad/empty.txt'], db);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^documents: 1 stored, 0 duplicate, 1 failed\n/);
      expect(r.stdout).toMatch(/failed EMPTY_FILE: .*empty\.txt: the file is empty/);
      const handle = await db.open();
      try {
        const rows = await handle.query<{ name: string; status: string; error_code: string | null }>('SELECT name, status, error_code FROM documents ORDER BY name');
        expect(rows).toEqual([
          { name: '000_ca0dcd0154b0e201.txt', status: 'done', error_code: null },
          { name: 'empty.txt', status: 'failed', error_code: 'EMPTY_FILE' },
        ]);
      } finally {
        await handle.close();
      }
    });
  });
});
