import { readdirSync } from 'node:fs';
import type { Extraction, FormX, SourceDocument } from '@ziping/core';
import { describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS_DIR } from './migrate.ts';
import { counts, failedDocuments, listAnomalies } from './queries.ts';
import { saveExtraction, saveFailure } from './save.ts';
import { ENGINES, useOpenDb } from './testing.ts';

const doc = (sha256: string, name = `${sha256}.txt`): SourceDocument => ({
  name, path: `/in/${name}`, mediaType: 'text/plain', sha256, bytes: 1234, pageCount: 1, lines: [], blocks: [],
});

const form = (over: Partial<FormX> = {}): FormX => ({
  kind: 'project', attachment: '附件 1-1', title: '项目支出绩效自评表', year: 2023, project: '农村公路养护',
  department: '交通运输局', implementer: '公路站', amount_unit: '万元', budget_score: 8.68, total_score: 92.5,
  grade: '优', fragment: false, prov: { form: { page: 1, line: 3, lineEnd: 40 }, project: { page: 1, line: 5 } },
  funding: [{
    source: '年度资金总额', initial_budget: 100, annual_budget: 123.4567, executed: 107.1, balance: null,
    weight: 10, rate: 0.8678, score: 8.68,
    prov: { source: { page: 1, line: 9 }, executed: { page: 1, line: 10, bbox: [1, 2, 3, 4] }, rate: { page: 1, line: 9, bbox: [0, 5, 2, 6] } },
  }],
  indicators: [{
    level1: '产出指标', level2: '数量指标', name: '培训人次', target_initial: null, target: '≥2000 人次', actual: '2100人次',
    weight: 10, score: 10, deviation: null, prov: { name: { page: 1, line: 20 }, score: { page: 1, line: 21 } },
  }, {
    level1: '产出指标', level2: '质量指标', name: '群众满意度', target_initial: null, target: '提高', actual: '提高',
    weight: 10, score: 9, deviation: null, prov: {},
  }],
  ...over,
});

const extraction = (forms: FormX[] = [form()]): Extraction => ({
  source: 'x.txt',
  forms,
  tables: [{
    title: '收支总表', code: '表1', entity: '交通运输局', amount_unit: '万元', columns: ['本年预算'],
    rows: [{ code: '201', label: '一般公共服务支出', values: [12.5], prov: { page: 1, line: 50 } }], prov: {},
  }],
  anomalies: [{
    rule: 'FUND_RATE', severity: 'error', form: 0, table: null, indicator: null, expected: 0.8675, found: 0.8678,
    message: '执行率与执行数/预算数不符',
    evidence: [
      { field: 'executed', value: 107.1, prov: { page: 1, line: 10, ref: '附件1-2!G9' } },
      { field: 'rate', value: '86.78%', prov: { page: 1, line: 9, lineEnd: 10 } },
    ],
  }, {
    rule: 'MISSING_REASON', severity: 'warning', form: 0, table: null, indicator: '群众满意度', expected: null, found: null,
    message: '扣分但无偏差原因', evidence: [],
  }],
});

describe.each(ENGINES)('store on %s', (engine) => {
  const h = useOpenDb(engine, { empty: true });

  it('applies migrations once and is idempotent', async () => {
    const files = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).sort();
    expect(files[0]).toBe('001_init.sql');
    expect(await migrate(h.db)).toEqual(files);
    expect(await migrate(h.db)).toEqual([]);
    const rows = await h.db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
    expect(rows.map((r) => r.name)).toEqual(files);
  });

  it('saves an extraction and reads it back', async () => {
    expect((await saveExtraction(h.db, doc('a1'), extraction())).status).toBe('stored');
    expect(await counts(h.db)).toEqual({
      documents: 1, failed: 0, forms: 1, fundingRows: 1, indicators: 2, tables: 1, budgetRows: 1, anomalies: 2, evidence: 2,
    });
    const [f] = await h.db.query('SELECT year, budget_score, fragment, page, line, line_end, prov FROM forms');
    expect(f).toEqual({ year: 2023, budget_score: 8.68, fragment: false, page: 1, line: 3, line_end: 40, prov: form().prov });
    const [r] = await h.db.query(
      'SELECT annual_budget, annual_budget_yuan, executed_yuan, balance_yuan, rate, page, line, line_end, bbox FROM funding_rows',
    );
    expect(r).toEqual({
      annual_budget: 123.4567, annual_budget_yuan: 1234567, executed_yuan: 1071000, balance_yuan: null, rate: 0.8678,
      page: 1, line: 9, line_end: 10, bbox: [0, 2, 3, 6],
    });
    const ind = await h.db.query('SELECT name, target_op, target_value, target_unit FROM indicators ORDER BY ordinal');
    expect(ind).toEqual([
      { name: '培训人次', target_op: '≥', target_value: 2000, target_unit: '人次' },
      { name: '群众满意度', target_op: null, target_value: null, target_unit: null },
    ]);
    const [b] = await h.db.query('SELECT t.columns, r."values", r.line FROM budget_tables t JOIN budget_rows r ON r.table_id = t.id');
    expect(b).toEqual({ columns: ['本年预算'], values: [12.5], line: 50 });
  });

  it('lists anomalies with filters and their evidence lines', async () => {
    const all = await listAnomalies(h.db);
    expect(all.map((a) => a.rule)).toEqual(['FUND_RATE', 'MISSING_REASON']);
    expect(all[0]).toMatchObject({ document: 'a1.txt', form: 1, project: '农村公路养护', expected: '0.8675', found: '0.8678' });
    expect(all[0].evidence).toEqual([
      { field: 'executed', value: '107.1', page: 1, line: 10, line_end: 10, ref: '附件1-2!G9' },
      { field: 'rate', value: '86.78%', page: 1, line: 9, line_end: 10, ref: null },
    ]);
    expect(all[1].evidence).toEqual([]);
    expect((await listAnomalies(h.db, { severity: 'warning' })).map((a) => a.rule)).toEqual(['MISSING_REASON']);
    expect(await listAnomalies(h.db, { rule: 'GRADE' })).toEqual([]);
    expect(await listAnomalies(h.db, { document: 'other.txt' })).toEqual([]);
    expect(await listAnomalies(h.db, { document: '/in/a1.txt', rule: 'FUND_RATE' })).toHaveLength(1);
  });

  it('does not duplicate a document with the same sha256', async () => {
    const before = await counts(h.db);
    const again = await saveExtraction(h.db, doc('a1', 'renamed.txt'), extraction());
    expect(again.status).toBe('duplicate');
    expect(await counts(h.db)).toEqual(before);
  });

  it('leaves nothing behind when a save fails midway', async () => {
    const before = await counts(h.db);
    // The second form breaks the kind CHECK after the first form and its rows were written.
    const bad = extraction([form(), form({ kind: 'bogus' as FormX['kind'] })]);
    await expect(saveExtraction(h.db, doc('b2'), bad)).rejects.toThrow(/kind|check/i);
    expect(await counts(h.db)).toEqual(before);
  });

  it('records failures, replaces them on retry, and lets a later success win', async () => {
    const before = await counts(h.db);
    const file = { name: 'bad.txt', path: '/in/bad.txt', sha256: 'c3', bytes: 3 };
    expect((await saveFailure(h.db, file, { code: 'NO_TABLE', message: '/in/bad.txt: no table' })).status).toBe('failed');
    await saveFailure(h.db, file, { code: 'NO_TABLE', message: '/in/bad.txt: still no table' });
    const gone = { name: 'gone.txt', path: '/in/gone.txt', sha256: null, bytes: null };
    await saveFailure(h.db, gone, { code: 'NOT_FOUND', message: '/in/gone.txt: no such file' });
    await saveFailure(h.db, gone, { code: 'NOT_FOUND', message: '/in/gone.txt: no such file' });
    expect(await failedDocuments(h.db)).toEqual([
      { name: 'bad.txt', path: '/in/bad.txt', error_code: 'NO_TABLE', error_message: '/in/bad.txt: still no table' },
      { name: 'gone.txt', path: '/in/gone.txt', error_code: 'NOT_FOUND', error_message: '/in/gone.txt: no such file' },
    ]);
    // A stored document is never overwritten by a failure of the same bytes.
    expect((await saveFailure(h.db, { ...file, sha256: 'a1' }, { code: 'NO_TABLE', message: 'x' })).status).toBe('duplicate');
    expect((await saveExtraction(h.db, doc('c3'), extraction())).status).toBe('stored');
    expect(await counts(h.db)).toMatchObject({ documents: before.documents + 1, failed: 1, forms: before.forms + 1 });
  });
});
