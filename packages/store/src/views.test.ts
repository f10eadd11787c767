// The analyst views, on both engines, over one small form whose figures are worked out by hand.
import type { Extraction, FormX, IndicatorX, SourceDocument } from '@ziping/core';
import { describe, expect, it } from 'vitest';
import { migrate } from './migrate.ts';
import { saveExtraction } from './save.ts';
import { ENGINES, useOpenDb } from './testing.ts';

const ind = (name: string, target: string, actual: string, weight: number, score: number): IndicatorX => ({
  level1: '产出指标', level2: '数量指标', name, target_initial: null, target, actual, weight, score, deviation: null, prov: {},
});

const form: FormX = {
  kind: 'project', attachment: null, title: '项目支出绩效自评表', year: 2022, project: '甲项目', department: '某局',
  implementer: null, amount_unit: '万元', budget_score: 5, total_score: 93, grade: '优', fragment: false, prov: {},
  funding: [{ source: '年度资金总额', initial_budget: 10, annual_budget: 8, executed: 4, balance: null, weight: 10, rate: 0.5, score: 5, prov: {} }],
  indicators: [
    ind('培训人次', '≥2000 人次', '1500 人次', 40, 30),
    ind('办理时限', '≤5 个工作日', '4 个工作日', 30, 30),
    ind('满意度', '≥90%', '95%', 20, 20),
    ind('规范性', '提高', '提高', 0, 0),
  ],
};
const doc: SourceDocument = { name: 'v.txt', path: '/v.txt', mediaType: 'text/plain', sha256: 'views', bytes: 1, pageCount: 1, lines: [], blocks: [] };
const x: Extraction = { source: 'v.txt', forms: [form], tables: [], anomalies: [] };

describe.each(ENGINES)('analyst views on %s', (engine) => {
  const h = useOpenDb(engine);

  it('recompute achievement, rates and totals', async () => {
    await migrate(h.db);
    await saveExtraction(h.db, doc, x);
    const inds = await h.db.query<{ name: string; achievement: number | null; lost_points: number; actual_unit: string | null }>(
      'SELECT name, achievement, lost_points, actual_unit FROM indicator_facts ORDER BY indicator_id');
    expect(inds).toEqual([
      { name: '培训人次', achievement: 0.75, lost_points: 10, actual_unit: '人次' }, // 1500 / 2000
      { name: '办理时限', achievement: 1.25, lost_points: 0, actual_unit: '个工作日' }, // ≤: 5 / 4
      { name: '满意度', achievement: 1.0556, lost_points: 0, actual_unit: '%' }, // 95 / 90
      { name: '规范性', achievement: null, lost_points: 0, actual_unit: null },
    ]);
    const [fund] = await h.db.query('SELECT executed_yuan, annual_budget_yuan, printed_rate, recomputed_rate FROM funding_facts');
    expect(fund).toEqual({ executed_yuan: 40000, annual_budget_yuan: 80000, printed_rate: 0.5, recomputed_rate: 0.5 });
    const [f] = await h.db.query('SELECT execution_rate, indicator_weight, indicator_score, recomputed_total, printed_total, grade_for_total, anomaly_count FROM form_facts');
    // 5 + 30 + 30 + 20 + 0 = 85, printed 93
    expect(f).toEqual({ execution_rate: 0.5, indicator_weight: 90, indicator_score: 80, recomputed_total: 85, printed_total: 93, grade_for_total: '优', anomaly_count: 0 });
  });
});
