// The read side and the reviews, on both engines, over two small documents.
import type { AnomalyX, Extraction, FormX, IndicatorX, SourceDocument } from '@ziping/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { migrate } from './migrate.ts';
import { anomalyCounts, anomalyDetail, listAnomalyDetails, listForms, listIndicators } from './lists.ts';
import { documentReconstruction, listDocuments } from './read.ts';
import { addReview, reviewHistory, reviewProblem } from './reviews.ts';
import { saveExtraction } from './save.ts';
import { ENGINES, useOpenDb } from './testing.ts';

const ind = (level2: string, name: string, weight: number, score: number): IndicatorX => ({
  level1: '产出指标', level2, name, target_initial: null, target: '≥90%', actual: '95%', weight, score, deviation: null,
  prov: { name: { page: 1, line: 10 } },
});
const form = (project: string, department: string, year: number, inds: IndicatorX[]): FormX => ({
  kind: 'project', attachment: null, title: '项目支出绩效自评表', year, project, department, implementer: null,
  amount_unit: '万元', budget_score: 10, total_score: 90, grade: '优', fragment: false, prov: { form: { page: 1, line: 1 } },
  funding: [{ source: '年度资金总额', initial_budget: 10, annual_budget: 10, executed: 9, balance: 1, weight: 10, rate: 0.9, score: 9, prov: {} }],
  indicators: inds,
});
const anomaly = (rule: AnomalyX['rule'], severity: 'error' | 'warning', line: number): AnomalyX => ({
  rule, severity, form: 0, table: null, indicator: null, expected: 1, found: 2, message: `${rule} 不符`,
  evidence: [{ field: 'form.total_score', value: 2, prov: { page: 1, line, bbox: [1, 2, 3, 4], ref: `附件1!G${line}` } }],
});
const doc = (name: string): SourceDocument => ({ name, path: `/x/${name}`, mediaType: 'text/plain', sha256: name, bytes: 1, pageCount: 1, lines: [], blocks: [] });

const a: Extraction = {
  source: 'a.txt',
  forms: [form('甲项目', '财政局', 2021, [ind('数量指标', '培训人次', 20, 20), ind('质量指标', '合格率_%', 20, 18)])],
  tables: [],
  anomalies: [anomaly('TOTAL_SCORE', 'error', 5), anomaly('SCORE_RULE', 'warning', 6)],
};
const b: Extraction = {
  source: 'b.txt',
  forms: [form('乙项目', '卫健委', 2022, [ind('数量指标', '接种人次', 30, 30)])],
  tables: [],
  anomalies: [anomaly('TOTAL_SCORE', 'error', 7)],
};

describe.each(ENGINES)('read and reviews on %s', (engine) => {
  const h = useOpenDb(engine);
  const ids: number[] = [];
  beforeAll(async () => {
    await migrate(h.db);
    ids.push((await saveExtraction(h.db, doc('a.txt'), a)).documentId, (await saveExtraction(h.db, doc('b.txt'), b)).documentId);
  });

  it('filters and pages indicators, counting every match', async () => {
    expect((await listIndicators(h.db)).total).toBe(3);
    const p = await listIndicators(h.db, { department: '财政局' }, { limit: 1, offset: 1 });
    expect(p).toMatchObject({ total: 2, limit: 1, offset: 1 });
    expect(p.items.map((i) => i.name)).toEqual(['合格率_%']);
    expect((await listIndicators(h.db, { level2: '数量指标' })).items.map((i) => i.name)).toEqual(['培训人次', '接种人次']);
    expect((await listIndicators(h.db, { year: 2022 })).items.map((i) => i.document)).toEqual(['b.txt']);
    // `_` and `%` are literal in q
    expect((await listIndicators(h.db, { q: '率_%' })).total).toBe(1);
    expect((await listIndicators(h.db, { q: '_' })).total).toBe(1);
    expect((await listIndicators(h.db, { q: '人次' })).total).toBe(2);
  });

  it('pages by key and stops counting at the cap', async () => {
    const first = await listIndicators(h.db, {}, { limit: 2 }, { countCap: 2 });
    expect(first).toMatchObject({ total: 2, totalExact: false });
    expect(first.items.map((i) => i.name)).toEqual(['培训人次', '合格率_%']);
    expect(first.next).toEqual([first.items[1].form_id, 1]); // (form, row) of the last row
    const rest = await listIndicators(h.db, {}, { limit: 2, after: first.next! }, { countCap: 3 });
    expect(rest).toMatchObject({ total: 3, totalExact: true, next: null });
    expect(rest.items.map((i) => i.name)).toEqual(['接种人次']);
    expect((await listIndicators(h.db, {}, { limit: 1, after: [first.items[0].form_id, 0] })).items.map((i) => i.name)).toEqual(['合格率_%']);
    // a filter with more matches than the cap pages by the index, one with fewer reads them all: the same rows either way
    for (const countCap of [1, 1000]) {
      const names: string[] = [];
      let after: number[] | undefined;
      do {
        const p = await listIndicators(h.db, { level1: '产出指标', department: '财政局' }, { limit: 1, after }, { countCap });
        expect(p.totalExact).toBe(countCap > 1);
        names.push(...p.items.map((i) => i.name));
        after = p.next ?? undefined;
      } while (after);
      expect(names, String(countCap)).toEqual(['培训人次', '合格率_%']);
    }
  });

  it('lists documents and forms by the forms they hold', async () => {
    expect((await listDocuments(h.db, { department: '卫健委' })).items.map((d) => d.name)).toEqual(['b.txt']);
    expect((await listDocuments(h.db, { rule: 'SCORE_RULE' })).items.map((d) => [d.name, d.anomalies, d.unreviewed])).toEqual([['a.txt', 2, 2]]);
    expect((await listForms(h.db, { project: '乙项目' })).items.map((f) => [f.document, f.indicator_count])).toEqual([['b.txt', 1]]);
  });

  it('stores reviews as history; the latest is the state', async () => {
    const [first] = (await listAnomalyDetails(h.db, { documentId: ids[0], rule: 'TOTAL_SCORE' })).items;
    expect(first.evidence).toEqual([{ field: 'form.total_score', value: '2', page: 1, line: 5, line_end: 5, bbox: [1, 2, 3, 4], ref: '附件1!G5' }]);
    expect(first.review).toBeNull();
    expect(reviewProblem({ decision: 'dismissed', reviewer: 'li', reason: ' ' })).toMatch(/reason/);
    await expect(addReview(h.db, { anomalyId: first.id, decision: 'dismissed', reviewer: 'li' })).rejects.toThrow();
    await addReview(h.db, { anomalyId: first.id, decision: 'confirmed', reviewer: 'li' });
    await addReview(h.db, { anomalyId: first.id, decision: 'corrected', reviewer: ' wang ', correctedValue: '93.48' });
    expect(await addReview(h.db, { anomalyId: 999_999, decision: 'confirmed', reviewer: 'li' })).toBeNull();
    expect((await reviewHistory(h.db, first.id)).map((r) => [r.decision, r.reviewer, r.corrected_value])).toEqual([
      ['confirmed', 'li', null], ['corrected', 'wang', '93.48'],
    ]);
    const now = await anomalyDetail(h.db, first.id);
    expect(now).toMatchObject({ review: { decision: 'corrected', reviewer: 'wang' }, review_count: 2, found: '2' });
    expect((await listAnomalyDetails(h.db, { review: 'corrected' })).items.map((x) => x.id)).toEqual([first.id]);
    expect((await listAnomalyDetails(h.db, { review: 'unreviewed' })).total).toBe(2);
    const c = await anomalyCounts(h.db, { rule: 'TOTAL_SCORE' });
    expect(c.total).toBe(2);
    expect(c.rules).toEqual([{ rule: 'SCORE_RULE', severity: 'warning', count: 1 }, { rule: 'TOTAL_SCORE', severity: 'error', count: 2 }]);
    expect(c.documents.map((d) => [d.name, d.count])).toEqual([['a.txt', 1], ['b.txt', 1]]);
    expect(c.reviews).toEqual([{ state: 'corrected', count: 1 }, { state: 'unreviewed', count: 1 }]);
  });

  it('rebuilds a document: forms with funding and indicator rows in order', async () => {
    const r = await documentReconstruction(h.db, ids[0]);
    expect(r.forms).toHaveLength(1);
    expect(r.forms[0].funding.map((f) => [f.source, f.executed])).toEqual([['年度资金总额', 9]]);
    expect(r.forms[0].indicators.map((i) => [i.level2, i.name, i.line])).toEqual([['数量指标', '培训人次', 10], ['质量指标', '合格率_%', 10]]);
  });
});
