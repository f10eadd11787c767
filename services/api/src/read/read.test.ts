// The read API, the exports and the review routes, through fastify `inject`, on a fresh
// Postgres database holding the seeds (and one PDF) stored by the same pipeline code as
// `ziping ingest`: extractFile, then saveExtraction.
import { copyFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApiConfig } from '@ziping/config';
import { extractFile } from '@ziping/pipeline';
import { createKey, migrate, saveExtraction } from '@ziping/store';
import { useOpenDb } from '@ziping/store/testing';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../api.ts';
import { INDICATOR_COLUMNS, defuse } from './export.ts';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const TOKEN = 'review-token-0123456789';
const API: ApiConfig = { host: '127.0.0.1', port: 0, token: TOKEN, maxFileBytes: 1 << 20, maxFiles: 4 };
const PDF = join(ROOT, 'fixtures/pdf/001_ba783ae97283a765.pdf');

/** RFC 4180: quoted fields may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(cell); cell = ''; }
    else if (ch === '\r' && text[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; }
    else cell += ch;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

describe('read API and review routes', () => {
  const h = useOpenDb('postgres');
  let app: FastifyInstance;
  let tmp: string;
  let movable: string; // a stored document whose file this test then changes
  const ids = new Map<string, number>();

  beforeAll(async () => {
    await migrate(h.db);
    tmp = await mkdtemp(join(tmpdir(), 'ziping-read-'));
    movable = join(tmp, 'copy-000.txt');
    await copyFile(join(ROOT, 'fixtures/seeds/000_ca0dcd0154b0e201.txt'), movable);
    await writeFile(movable, '\n', { flag: 'a' }); // other bytes than the seed: a document of its own
    const seeds = (await readdir(join(ROOT, 'fixtures/seeds'))).filter((f) => !f.startsWith('.')).sort();
    for (const path of [...seeds.map((f) => join(ROOT, 'fixtures/seeds', f)), PDF, movable]) {
      const { doc, extraction } = await extractFile(path);
      const r = await saveExtraction(h.db, doc, extraction);
      expect(r.status).toBe('stored');
      ids.set(doc.name, r.documentId);
    }
    app = await buildApi({ api: API, filesDir: tmp, db: h.db, queue: null, logLevel: 'silent' });
  });
  afterAll(async () => {
    await app?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  const get = async (url: string) => {
    const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${TOKEN}` } });
    return { status: res.statusCode, body: String(res.headers['content-type']).includes('json') ? res.json() : res.body, res };
  };
  const sqlCount = async (sql: string, params: unknown[] = []) => (await h.db.query<{ n: number }>(sql, params))[0].n;

  it('pages through every indicator once, with the total', async () => {
    const total = await sqlCount('SELECT count(*) AS n FROM indicators');
    expect(total).toBeGreaterThan(100);
    const seen: number[] = [];
    let url: string | null = '/indicators?limit=70';
    while (url) {
      const { status, body } = await get(url);
      expect(status).toBe(200);
      expect(body.total).toBe(total);
      expect(body.items.length).toBeLessThanOrEqual(70);
      seen.push(...body.items.map((i: { id: number }) => i.id));
      url = body.next;
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    const last = await get(`/indicators?limit=5&offset=${total - 2}`);
    expect(last.body).toMatchObject({ total, limit: 5, offset: total - 2, next: null });
    expect(last.body.items).toHaveLength(2);
  });

  it('filters indicators by department, year, level, project, document and name', async () => {
    const [{ department, year, level1, level2, project }] = await h.db.query<Record<string, string>>(
      `SELECT f.department, f.year, i.level1, i.level2, f.project FROM indicators i JOIN forms f ON f.id = i.form_id
        WHERE f.department IS NOT NULL AND f.year IS NOT NULL AND i.level2 IS NOT NULL AND f.project IS NOT NULL
        GROUP BY 1, 2, 3, 4, 5 ORDER BY count(*) DESC LIMIT 1`);
    const cases: [string, string, unknown[]][] = [
      [`department=${encodeURIComponent(department)}`, 'f.department = $1', [department]],
      [`year=${year}`, 'f.year = $1', [year]],
      [`level1=${encodeURIComponent(level1)}&level2=${encodeURIComponent(level2)}`, 'i.level1 = $1 AND i.level2 = $2', [level1, level2]],
      [`project=${encodeURIComponent(project)}`, 'f.project = $1', [project]],
      [`document=${ids.get('001_ba783ae97283a765.txt')}`, 'f.document_id = $1', [ids.get('001_ba783ae97283a765.txt')]],
      [`document=001_ba783ae97283a765.pdf`, 'f.document_id = $1', [ids.get('001_ba783ae97283a765.pdf')]],
      [`q=${encodeURIComponent('满意度')}`, `i.name ILIKE '%满意度%'`, []],
    ];
    for (const [query, where, params] of cases) {
      const n = await sqlCount(`SELECT count(*) AS n FROM indicators i JOIN forms f ON f.id = i.form_id WHERE ${where}`, params);
      const { status, body } = await get(`/indicators?${query}&limit=500`);
      expect(status, query).toBe(200);
      expect(n, query).toBeGreaterThan(0);
      expect(body.total, query).toBe(n);
      expect(body.items, query).toHaveLength(n);
    }
    const none = await get('/indicators?q=%25%25no-such-name');
    expect(none.body).toMatchObject({ total: 0, items: [] });
  });

  it('refuses malformed and unknown query parameters', async () => {
    for (const q of ['limit=0', 'limit=501', 'offset=-1', 'year=20x1', 'severity=fatal', 'review=maybe', 'departmnet=x', 'limit=1&limit=2']) {
      const { status, body } = await get(`/anomalies?${q}`);
      expect(status, q).toBe(400);
      expect(body.error.code, q).toBe('BAD_QUERY');
    }
    expect((await get('/indicators?rule=TOTAL_SCORE')).status).toBe(400); // not an indicator filter
  });

  it('lists documents, forms and anomalies with their filters and counts', async () => {
    const docs = await get('/documents?limit=100');
    expect(docs.body.total).toBe(ids.size);
    expect(docs.body.items.map((d: { name: string }) => d.name)).toContain('001_ba783ae97283a765.pdf');
    // the rule and severity with the most anomalies in the fixtures
    const [{ rule, severity }] = await h.db.query<{ rule: string; severity: string }>(
      'SELECT rule, severity FROM anomalies GROUP BY 1, 2 ORDER BY count(*) DESC, 1, 2 LIMIT 1');
    const withRule = await get(`/documents?rule=${rule}`);
    const docsWithRule = await h.db.query<{ name: string }>(
      'SELECT DISTINCT d.name FROM anomalies a JOIN documents d ON d.id = a.document_id WHERE a.rule = $1 ORDER BY 1', [rule]);
    expect(withRule.body.items.map((d: { name: string }) => d.name).sort()).toEqual(docsWithRule.map((d) => d.name).sort());
    expect(withRule.body.total).toBeLessThan(ids.size);

    const forms = await get(`/forms?document=${ids.get('002_80c952864022144d.txt')}&limit=500`);
    expect(forms.body.total).toBe(await sqlCount('SELECT count(*) AS n FROM forms WHERE document_id = $1', [ids.get('002_80c952864022144d.txt')]));

    const n = await sqlCount('SELECT count(*) AS n FROM anomalies WHERE rule = $1 AND severity = $2', [rule, severity]);
    expect(n).toBeGreaterThan(3);
    const a = await get(`/anomalies?rule=${rule}&severity=${severity}&limit=3`);
    expect(a.body.total).toBe(n);
    expect(a.body.items).toHaveLength(3);
    for (const x of a.body.items) expect(x).toMatchObject({ rule, severity, review: null });
    const [cited] = await h.db.query<{ id: number; n: number }>(
      'SELECT anomaly_id AS id, count(*) AS n FROM anomaly_evidence GROUP BY 1 ORDER BY 1 LIMIT 1');
    expect((await get(`/anomalies/${cited.id}`)).body.evidence).toHaveLength(cited.n);

    const counts = await get(`/anomalies/counts?document=${ids.get('001_ba783ae97283a765.txt')}`);
    const all = await sqlCount('SELECT count(*) AS n FROM anomalies WHERE document_id = $1', [ids.get('001_ba783ae97283a765.txt')]);
    expect(counts.body.total).toBe(all);
    expect(counts.body.rules.reduce((s: number, r: { count: number }) => s + r.count, 0)).toBe(all);
    expect(counts.body.reviews).toEqual([{ state: 'unreviewed', count: all }]);
  });

  it('exports the filtered indicators as CSV (BOM, header, one row each)', async () => {
    const all = await get('/export/indicators.csv');
    expect(all.status).toBe(200);
    expect(all.res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(all.res.headers['content-disposition']).toBe('attachment; filename="indicators.csv"');
    expect(all.res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parseCsv((all.body as string).slice(1));
    expect(rows[0]).toEqual([...INDICATOR_COLUMNS]);
    expect(rows.length - 1).toBe(await sqlCount('SELECT count(*) AS n FROM indicators'));
    expect(rows.slice(1).every((r) => r.length === INDICATOR_COLUMNS.length)).toBe(true);
    expect(rows.slice(1).some((r) => /[\u4e00-\u9fff]/.test(r[INDICATOR_COLUMNS.indexOf('name')]))).toBe(true);

    const doc = ids.get('004_339364824c9abd23.txt');
    const some = parseCsv(((await get(`/export/indicators.csv?document=${doc}&level1=${encodeURIComponent('产出指标')}&limit=1`)).body as string).slice(1));
    const n = await sqlCount(`SELECT count(*) AS n FROM indicators i JOIN forms f ON f.id = i.form_id WHERE f.document_id = $1 AND i.level1 = '产出指标'`, [doc]);
    expect(n).toBeGreaterThan(1);
    expect(some.length - 1).toBe(n); // limit is not applied to exports
    expect(new Set(some.slice(1).map((r) => r[0]))).toEqual(new Set(['004_339364824c9abd23.txt']));
    expect((await get('/export/indicators.csv?severity=error')).status).toBe(400);
  });

  it('keeps spreadsheet formulas out of CSV cells', () => {
    expect(defuse('=HYPERLINK("x")')).toBe(`'=HYPERLINK("x")`);
    expect(defuse('@SUM(A1)')).toBe(`'@SUM(A1)`);
    expect(defuse('-1+2')).toBe(`'-1+2`);
    expect(defuse('-12.5%')).toBe('-12.5%');
    expect(defuse('-')).toBe('-');
    expect(defuse('≥90%')).toBe('≥90%');
  });

  it('exports the same rows as XLSX', async () => {
    const [{ year }] = await h.db.query<{ year: number }>(
      'SELECT f.year FROM indicators i JOIN forms f ON f.id = i.form_id WHERE f.year IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1');
    const { status, res } = await get(`/export/indicators.xlsx?year=${year}`);
    expect(status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('indicators')!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([...INDICATOR_COLUMNS]);
    const n = await sqlCount('SELECT count(*) AS n FROM indicators i JOIN forms f ON f.id = i.form_id WHERE f.year = $1', [year]);
    expect(n).toBeGreaterThan(0);
    expect(ws.actualRowCount - 1).toBe(n);
    expect(typeof ws.getRow(2).getCell(INDICATOR_COLUMNS.indexOf('weight') + 1).value).toBe('number');
  });

  describe('reviews', () => {
    const keys: Record<string, string> = {};
    const post = (id: number, body: unknown, key: string | null = keys.li) =>
      app.inject({
        method: 'POST', url: `/anomalies/${id}/reviews`, payload: body as object,
        headers: key ? { authorization: `Bearer ${key}` } : {},
      });
    const reviews = (id: number) => sqlCount('SELECT count(*) AS n FROM anomaly_reviews WHERE anomaly_id = $1', [id]);
    let first: number;
    let second: number;

    beforeAll(async () => {
      [{ id: first }, { id: second }] = await h.db.query<{ id: number }>('SELECT id FROM anomalies ORDER BY id LIMIT 2');
      keys.li = (await createKey(h.db, '李审计', 'reviewer')).secret;
      keys.wang = (await createKey(h.db, '王复核', 'reviewer')).secret;
    });

    it('refuses a dismissal without a reason, and stores nothing', async () => {
      for (const reason of [undefined, '', '   ']) {
        const res = await post(first, { decision: 'dismissed', reason });
        expect(res.statusCode).toBe(400);
        expect(res.json().error).toEqual({ code: 'BAD_REVIEW', message: 'a dismissal needs a reason' });
      }
      expect((await post(first, { decision: 'corrected' })).statusCode).toBe(400);
      expect((await post(first, { decision: 'approved' })).statusCode).toBe(400);
      expect((await post(first, { decision: 'confirmed', reason: 7 })).statusCode).toBe(400);
      expect(await reviews(first)).toBe(0);
    });

    it('takes the reviewer from the key, never from the body', async () => {
      const res = await post(first, { decision: 'confirmed', reviewer: 'x'.repeat(100_000) });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('BAD_REVIEW');
      expect(res.json().error.message).toMatch(/name of the key/);
      expect((await post(first, { decision: 'confirmed' }, null)).statusCode).toBe(401);
      expect((await post(first, { decision: 'confirmed' }, 'zpk_wrong')).statusCode).toBe(401);
      expect((await post(999_999, { decision: 'confirmed' })).statusCode).toBe(404);
      expect(await reviews(first)).toBe(0);
    });

    it('stores each decision as a record of its own, with its key, and leaves the anomaly as extracted', async () => {
      const before = await h.db.query('SELECT * FROM anomalies WHERE id = $1', [first]);
      const c = await post(first, { decision: 'confirmed' });
      expect(c.statusCode).toBe(201);
      expect(c.json().review).toMatchObject({ anomaly_id: first, decision: 'confirmed', reviewer: '李审计', reason: null });
      const fix = await post(first, { decision: 'corrected', corrected_value: '93.48', reason: '复核' }, keys.wang);
      expect(fix.statusCode).toBe(201);
      const d = await post(second, { decision: 'dismissed', reason: '原表如此' });
      expect(d.statusCode).toBe(201);
      // each row points at the key it was made with
      expect(await h.db.query('SELECT r.reviewer, k.name, k.role FROM anomaly_reviews r JOIN api_keys k ON k.id = r.key_id ORDER BY r.id'))
        .toEqual([
          { reviewer: '李审计', name: '李审计', role: 'reviewer' },
          { reviewer: '王复核', name: '王复核', role: 'reviewer' },
          { reviewer: '李审计', name: '李审计', role: 'reviewer' },
        ]);

      const got = await get(`/anomalies/${first}`);
      expect(got.body.review).toMatchObject({ decision: 'corrected', reviewer: '王复核', corrected_value: '93.48' });
      expect(got.body.history.map((r: { decision: string }) => r.decision)).toEqual(['confirmed', 'corrected']);
      expect(await h.db.query('SELECT * FROM anomalies WHERE id = $1', [first])).toEqual(before);
      expect((await get('/anomalies?review=dismissed')).body.items.map((a: { id: number }) => a.id)).toEqual([second]);
      expect((await get('/anomalies?review=corrected')).body.total).toBe(1);
      const unreviewed = await sqlCount('SELECT count(*) AS n FROM anomalies') - 2;
      expect((await get('/anomalies?review=unreviewed')).body.total).toBe(unreviewed);
      expect((await get(`/anomalies/${second}/reviews`)).body.history).toMatchObject([{ decision: 'dismissed', reason: '原表如此' }]);
    });
  });

  describe('source and pages', () => {
    it('reads a text document again: the cited lines', async () => {
      const [a] = await h.db.query<{ document_id: number; line: number; value: string }>(
        `SELECT a.document_id, e.line, e.value FROM anomalies a JOIN anomaly_evidence e ON e.anomaly_id = a.id
           JOIN documents d ON d.id = a.document_id
          WHERE d.media_type = 'text/plain' AND e.line IS NOT NULL AND e.value ~ '^[0-9.]+$' ORDER BY a.id, e.ordinal LIMIT 1`);
      const src = await get(`/documents/${a.document_id}/source?from=${a.line}&to=${a.line}`);
      expect(src.body).toMatchObject({ available: true, media_type: 'text/plain' });
      expect(src.body.lines).toHaveLength(1);
      expect(src.body.lines[0].line).toBe(a.line);
      expect(src.body.lines[0].text).toContain(a.value);
    });

    it('gives the lines of a PDF with their boxes, and its bytes', async () => {
      const id = ids.get('001_ba783ae97283a765.pdf')!;
      const src = await get(`/documents/${id}/source?from=20&to=24`);
      expect(src.body.available).toBe(true);
      expect(src.body.lines).toHaveLength(5);
      for (const l of src.body.lines) expect(l.bbox).toHaveLength(4);
      const file = await get(`/documents/${id}/file`);
      expect(file.res.headers['content-type']).toBe('application/pdf');
      expect(file.res.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    });

    it('keeps giving the source once the file changed or is gone, but no longer its bytes', async () => {
      const id = ids.get('copy-000.txt')!;
      const before = await get(`/documents/${id}/source`);
      expect(before.body.available).toBe(true);
      await writeFile(movable, 'changed');
      expect(await get(`/documents/${id}/source`)).toMatchObject({ body: before.body });
      expect((await get(`/documents/${id}/file`)).status).toBe(404);
      await rm(movable);
      expect(await get(`/documents/${id}/source`)).toMatchObject({ body: before.body });
      expect((await get(`/documents/${id}/file`)).status).toBe(404);
    });

    it('rebuilds a document: forms with funding and indicator rows', async () => {
      const id = ids.get('000_ca0dcd0154b0e201.txt')!;
      const { body } = await get(`/documents/${id}/reconstruction`);
      expect(body.forms).toHaveLength(await sqlCount('SELECT count(*) AS n FROM forms WHERE document_id = $1', [id]));
      const inds = body.forms.reduce((n: number, f: { indicators: unknown[] }) => n + f.indicators.length, 0);
      expect(inds).toBe(await sqlCount('SELECT count(*) AS n FROM indicators i JOIN forms f ON f.id = i.form_id WHERE f.document_id = $1', [id]));
      expect(body.forms[0].funding.length).toBeGreaterThan(0);
      expect(body.forms[0].indicators[0]).toHaveProperty('level1');
      expect((await get('/documents/999999/reconstruction')).status).toBe(404);
    });

    it('serves the pages, their scripts and pdfjs, and nothing else', async () => {
      const page = await get('/review');
      expect(page.status).toBe(200);
      expect(page.res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.body).toContain('/review/assets/review.js');
      expect((await get('/review/documents/1')).body).toContain('/review/assets/document.js');
      for (const f of ['review.js', 'document.js', 'common.js', 'style.css']) expect((await get(`/review/assets/${f}`)).status, f).toBe(200);
      const lib = await get('/review/pdfjs/pdf.min.mjs');
      expect(lib.status).toBe(200);
      expect(lib.res.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect((await get('/review/pdfjs/pdf.worker.min.mjs')).status).toBe(200);
      expect((await get('/review/pdfjs/cmaps/UniGB-UCS2-H.bcmap')).status).toBe(200);
      for (const bad of ['/review/assets/review.html', '/review/assets/..%2Findex.ts', '/review/pdfjs/cmaps/..%2F..%2Fpackage.json', '/review/pdfjs/build/pdf.mjs']) {
        expect((await get(bad)).status, bad).toBe(404);
      }
    });
  });
});
