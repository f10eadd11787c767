// The lists at scale (keyset pages), /funding, the exports of every entity and the document
// filter, through fastify `inject`, over three small synthetic documents — two of them
// different uploads with the same file name.
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import type { ApiConfig } from '@ziping/config';
import type { Extraction, FormX, IndicatorX, SourceDocument } from '@ziping/core';
import { addReview, migrate, saveExtraction } from '@ziping/store';
import { useOpenDb } from '@ziping/store/testing';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../api.ts';
import { listEntries, openEntry, type ZipEntry } from '../unzip.ts';
import { TABLES, type Entity } from './export.ts';

const TOKEN = 'lists-token-0123456789';
const API: ApiConfig = { host: '127.0.0.1', port: 0, token: TOKEN, maxFileBytes: 1 << 20, maxFiles: 4 };
const FORMULA = '=12个月';

const ind = (level1: string, name: string, actual: string): IndicatorX => ({
  level1, level2: '数量指标', name, target_initial: null, target: '≥10个月', actual, weight: 10, score: 8, deviation: null, prov: {},
});
const form = (project: string, department: string, year: number, inds: IndicatorX[]): FormX => ({
  kind: 'project', attachment: null, title: '项目支出绩效自评表', year, project, department, implementer: null,
  amount_unit: '万元', budget_score: 10, total_score: 90, grade: '优', fragment: false, prov: {},
  funding: [
    { source: '年度资金总额', initial_budget: 10, annual_budget: 10, executed: 9, balance: 1, weight: 10, rate: 0.9, score: 9, prov: {} },
    { source: '其中：财政拨款', initial_budget: 8, annual_budget: 8, executed: 6, balance: 2, weight: null, rate: null, score: null, prov: {} },
  ],
  indicators: inds,
});
const extraction = (forms: FormX[]): Extraction => ({
  source: 'x', forms, tables: [],
  anomalies: forms.map((_, i) => ({
    rule: 'TOTAL_SCORE', severity: 'error', form: i, table: null, indicator: null, expected: 90, found: 88, message: `表${i + 1} 总分不符`,
    evidence: [{ field: 'form.total_score', value: 88, prov: { page: 2, line: 7, ref: '附件1!G7' } }],
  })),
});
const doc = (name: string, sha256: string): SourceDocument =>
  ({ name, path: `/x/${sha256}/${name}`, mediaType: 'text/plain', sha256, bytes: 1, pageCount: 1, lines: [], blocks: [] });

/** The text of one entry of a zip (an XLSX is one). */
async function zipEntry(bytes: Buffer, name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ziping-xlsx-'));
  const path = join(dir, 'x.zip');
  await writeFile(path, bytes);
  const fh = await open(path);
  try {
    let found: ZipEntry | null = null;
    await listEntries(fh, bytes.length, (e) => { if (e.name === name) found = e; });
    if (!found) throw new Error(`no ${name} in the zip`);
    const { raw, inflater } = await openEntry(fh, path, bytes.length, found);
    return await text(inflater ? raw.pipe(inflater) : raw);
  } finally {
    await fh.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** RFC 4180 rows (no line breaks inside the cells these tests read). */
const csvRows = (body: string) => body.replace(/^\uFEFF/, '').split('\r\n').filter(Boolean)
  .map((l) => [...l.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)].slice(0, -1).map((m) => m[1].replace(/^"|"$/g, '').replaceAll('""', '"')));

describe('keyset lists, /funding, exports', () => {
  const h = useOpenDb('postgres');
  let app: FastifyInstance;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    await migrate(h.db);
    const inds = (n: number, tag: string) => Array.from({ length: n }, (_, i) =>
      ind(i % 2 ? '效益指标' : '产出指标', `${tag}指标${i + 1}`, i === 0 && tag === 'a1' ? FORMULA : `${11 + i}个月`));
    ids.first = (await saveExtraction(h.db, doc('same.txt', 'sha-1'), extraction([
      form('甲项目', '财政局', 2021, inds(5, 'a1')), form('乙项目', '财政局', 2021, inds(4, 'a2')),
    ]))).documentId;
    ids.second = (await saveExtraction(h.db, doc('same.txt', 'sha-2'), extraction([form('丙项目', '卫健委', 2022, inds(3, 'b1'))]))).documentId;
    ids.other = (await saveExtraction(h.db, doc('other.txt', 'sha-3'), extraction([
      form('+丁项目', '财政局', 2022, inds(6, 'c1')), form('戊项目', '教育局', 2022, inds(2, 'c2')),
    ]))).documentId;
    app = await buildApi({ api: API, filesDir: tmpdir(), db: h.db, queue: null, logLevel: 'silent' });
  });
  afterAll(async () => { await app?.close(); });

  const get = async (url: string) => {
    const res = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${TOKEN}` } });
    return { status: res.statusCode, body: String(res.headers['content-type']).includes('json') ? res.json() : res.body, res };
  };
  const walk = async (first: string) => {
    const seen: number[] = [];
    let pages = 0;
    for (let url: string | null = first; url; pages++) {
      const { status, body } = await get(url);
      expect(status, url).toBe(200);
      seen.push(...body.items.map((i: { id: number }) => i.id));
      url = body.next;
    }
    return { seen, pages };
  };
  const sqlIds = async (sql: string, params: unknown[] = []) => (await h.db.query<{ id: number }>(sql, params)).map((r) => r.id);

  it('walks every row exactly once with next cursors, filtered or not', async () => {
    const cases: [string, string, unknown[]][] = [
      ['/indicators?limit=4', 'SELECT i.id FROM indicators i ORDER BY i.form_id, i.ordinal', []],
      ['/indicators?limit=3&department=%E8%B4%A2%E6%94%BF%E5%B1%80&level1=%E4%BA%A7%E5%87%BA%E6%8C%87%E6%A0%87',
        `SELECT i.id FROM indicators i JOIN forms f ON f.id = i.form_id WHERE f.department = '财政局' AND i.level1 = '产出指标' ORDER BY i.form_id, i.ordinal`, []],
      [`/indicators?limit=2&document_id=${ids.other}`, 'SELECT i.id FROM indicators i JOIN forms f ON f.id = i.form_id WHERE f.document_id = $1 ORDER BY i.id', [ids.other]],
      ['/forms?limit=2', 'SELECT id FROM forms ORDER BY id', []],
      ['/funding?limit=3&year=2022', 'SELECT r.id FROM funding_rows r JOIN forms f ON f.id = r.form_id WHERE f.year = 2022 ORDER BY r.form_id, r.ordinal', []],
      ['/anomalies?limit=2', 'SELECT id FROM anomalies ORDER BY id', []],
    ];
    for (const [url, sql, params] of cases) {
      const want = await sqlIds(sql, params);
      expect(want.length, url).toBeGreaterThan(3);
      const { seen, pages } = await walk(url);
      expect(seen, url).toEqual(want);
      expect(pages, url).toBe(Math.ceil(want.length / Number(new URL(url, 'http://x').searchParams.get('limit'))));
      const { body } = await get(url);
      expect(body, url).toMatchObject({ total: want.length, total_exact: true });
      expect(body.next, url).toMatch(/after=/);
    }
    expect((await get('/indicators?after=not-a-cursor')).body.error.code).toBe('BAD_QUERY');
    expect((await get('/documents?after=WzFd')).status).toBe(400);
    const indicatorCursor = new URL((await get('/indicators?limit=1')).body.next, 'http://x').searchParams.get('after');
    const wrong = await get(`/forms?after=${indicatorCursor}`); // a two-value cursor for a one-column key
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toMatch(/next link/);
  });

  it('lists funding rows with amounts in 元, the rate recomputed and forms counted from 1', async () => {
    const { status, body } = await get(`/funding?document_id=${ids.first}`);
    expect(status).toBe(200);
    expect(body.total).toBe(4); // two forms × two funding lines
    expect(body.items.map((r: { form: number; row: number; source: string }) => [r.form, r.row, r.source])).toEqual([
      [1, 1, '年度资金总额'], [1, 2, '其中：财政拨款'], [2, 1, '年度资金总额'], [2, 2, '其中：财政拨款'],
    ]);
    // 9 of 10 万元 executed: 90,000 元, 0.9; 6 of 8: 0.75
    expect(body.items[0]).toMatchObject({ document: 'same.txt', project: '甲项目', executed_yuan: 90000, annual_budget_yuan: 100000, recomputed_rate: 0.9, printed_rate: 0.9 });
    expect(body.items[1]).toMatchObject({ executed_yuan: 60000, recomputed_rate: 0.75, printed_rate: null });
    expect((await get('/funding?rule=TOTAL_SCORE')).status).toBe(400);
    const forms = await get(`/forms?document_id=${ids.first}`);
    expect(forms.body.items.map((f: { form: number; indicator_count: number; execution_rate: number }) => [f.form, f.indicator_count, f.execution_rate]))
      .toEqual([[1, 5, 0.9], [2, 4, 0.9]]);
  });

  it('refuses a document name two uploads share, and filters by id', async () => {
    const amb = await get('/indicators?document=same.txt');
    expect(amb.status).toBe(400);
    expect(amb.body.error.code).toBe('AMBIGUOUS_DOCUMENT');
    expect(amb.body.error.message).toContain(`ids ${ids.first}, ${ids.second}`);
    expect((await get('/export/indicators.csv?document=same.txt')).status).toBe(400);
    expect((await get('/anomalies/counts?document=same.txt')).status).toBe(400);
    const one = await get('/indicators?document=other.txt&limit=500');
    expect(one.body.total).toBe(8);
    expect(new Set(one.body.items.map((i: { document_id: number }) => i.document_id))).toEqual(new Set([ids.other]));
    expect((await get(`/indicators?document_id=${ids.second}`)).body.items.map((i: { name: string }) => i.name)).toEqual(['b1指标1', 'b1指标2', 'b1指标3']);
    expect((await get('/indicators?document=nothing.txt')).body).toMatchObject({ total: 0, items: [], next: null });
    expect((await get(`/indicators?document=other.txt&document_id=${ids.other}`)).status).toBe(400);
  });

  describe('exports', () => {
    beforeAll(async () => {
      const [a] = await sqlIds('SELECT id FROM anomalies WHERE document_id = $1 ORDER BY id', [ids.other]);
      await addReview(h.db, { anomalyId: a, decision: 'confirmed', reviewer: '李审计' });
      await addReview(h.db, { anomalyId: a, decision: 'corrected', reviewer: '王复核', correctedValue: '90' });
    });

    // per entity: a filter, the SQL count of what it matches
    const filtered: Record<Entity, [string, string]> = {
      forms: ['department=%E8%B4%A2%E6%94%BF%E5%B1%80', `SELECT count(*) AS n FROM forms WHERE department = '财政局'`],
      funding: ['year=2022', 'SELECT count(*) AS n FROM funding_rows r JOIN forms f ON f.id = r.form_id WHERE f.year = 2022'],
      indicators: ['level1=%E6%95%88%E7%9B%8A%E6%8C%87%E6%A0%87', `SELECT count(*) AS n FROM indicators WHERE level1 = '效益指标'`],
      anomalies: ['year=2022', 'SELECT count(*) AS n FROM anomalies a JOIN forms f ON f.id = a.form_id WHERE f.year = 2022'],
      reviews: ['review=corrected', 'SELECT count(*) AS n FROM anomaly_reviews'],
    };

    it.each(Object.keys(filtered) as Entity[])('exports %s as CSV and XLSX with the list filters', async (entity) => {
      const [query, sql] = filtered[entity];
      const [{ n }] = await h.db.query<{ n: number }>(sql);
      expect(n).toBeGreaterThan(1);
      const csv = await get(`/export/${entity}.csv?${query}`);
      expect(csv.status).toBe(200);
      expect(csv.res.headers['content-disposition']).toBe(`attachment; filename="${entity}.csv"`);
      const rows = csvRows(csv.body as string);
      expect(rows[0]).toEqual([...TABLES[entity].columns]);
      expect(rows).toHaveLength(n + 1);
      expect(rows.slice(1).every((r) => r.length === rows[0].length)).toBe(true);

      const xlsx = await get(`/export/${entity}.xlsx?${query}`);
      expect(xlsx.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(xlsx.res.rawPayload as unknown as ArrayBuffer);
      const ws = wb.getWorksheet(entity)!;
      expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual([...TABLES[entity].columns]);
      expect(ws.actualRowCount).toBe(n + 1);
      const col = (name: string) => TABLES[entity].columns.indexOf(name) + 1;
      expect(ws.getRow(2).getCell(col('document')).value).toBe(rows[1][col('document') - 1]);
      expect(ws.getRow(2).getCell(col('form')).value).toBe(Number(rows[1][col('form') - 1]));
    });

    it('numbers forms from 1, as on screen', async () => {
      const rows = csvRows((await get(`/export/indicators.csv?document_id=${ids.first}`)).body as string);
      const form = rows[0].indexOf('form');
      // 5 indicators of the first form, 4 of the second
      expect(rows.slice(1).map((r) => r[form])).toEqual([...Array(5).fill('1'), ...Array(4).fill('2')]);
    });

    it('keeps a formula-looking value verbatim: a text cell in XLSX, as is in CSV unless formulas=escape', async () => {
      const url = `/export/indicators.xlsx?document_id=${ids.first}`;
      const bytes = (await get(url)).res.rawPayload;
      const sheet = await zipEntry(bytes, 'xl/worksheets/sheet1.xml');
      const strings = await zipEntry(bytes, 'xl/sharedStrings.xml');
      expect(sheet).not.toContain('<f>');
      const shared = [...strings.matchAll(/<si><t[^>]*>([^<]*)<\/t><\/si>/g)].map((m) => m[1]);
      const at = shared.indexOf(FORMULA);
      expect(at).toBeGreaterThanOrEqual(0);
      // the `actual` cell of the first indicator (row 2) is that shared string
      const colLetter = String.fromCharCode(64 + TABLES.indicators.columns.indexOf('actual') + 1);
      expect(sheet).toMatch(new RegExp(`<c r="${colLetter}2"[^>]* t="s"[^>]*><v>${at}</v></c>`));

      const actual = TABLES.indicators.columns.indexOf('actual');
      const plain = csvRows((await get(`/export/indicators.csv?document_id=${ids.first}`)).body as string);
      expect(plain[1][actual]).toBe(FORMULA);
      const escaped = csvRows((await get(`/export/indicators.csv?document_id=${ids.first}&formulas=escape`)).body as string);
      expect(escaped[1][actual]).toBe(`'${FORMULA}`);
      expect(escaped[2][actual]).toBe('12个月');
      expect((await get(`/export/indicators.csv?formulas=maybe`)).status).toBe(400);
      expect((await get(`/export/indicators.xlsx?formulas=escape`)).status).toBe(400);
    });

    it('exports anomalies with their evidence and latest review, and every review', async () => {
      const rows = csvRows((await get(`/export/anomalies.csv?document_id=${ids.other}`)).body as string);
      const c = (name: string) => rows[0].indexOf(name);
      expect(rows).toHaveLength(3);
      expect(rows[1][c('evidence')]).toBe('form.total_score=88 (p2 l7 附件1!G7)');
      expect([rows[1][c('review')], rows[1][c('reviewer')], rows[1][c('corrected_value')], rows[1][c('review_count')]])
        .toEqual(['corrected', '王复核', '90', '2']);
      expect(rows[2][c('review')]).toBe('unreviewed');
      expect(rows[1][c('project')]).toBe('+丁项目'); // verbatim in CSV by default

      const reviews = csvRows((await get('/export/reviews.csv')).body as string);
      const r = (name: string) => reviews[0].indexOf(name);
      expect(reviews.slice(1).map((x) => [x[r('decision')], x[r('reviewer')], x[r('latest')], x[r('form')]])).toEqual([
        ['confirmed', '李审计', 'false', '1'], ['corrected', '王复核', 'true', '1'],
      ]);
    });
  });
});
