// Test support: small hand-made forms and documents for the rule tests.
import type { FormX, FundingRowX, IndicatorX, SourceDocument } from '@ziping/core';
import { textToLines } from '@ziping/ingest';
import type { Ctx } from '../context.ts';

export const fundingRow = (o: Partial<FundingRowX> = {}): FundingRowX => ({
  source: '年度资金总额', initial_budget: 100, annual_budget: 100, executed: 87, balance: null,
  weight: 10, rate: 0.87, score: 8.7, prov: {}, ...o,
});

export const indicatorRow = (o: Partial<IndicatorX> = {}): IndicatorX => ({
  level1: '产出指标', level2: '数量指标', name: '培训次数', target_initial: null, target: '≥2次', actual: '3次',
  weight: 90, score: 90, deviation: null, prov: {}, ...o,
});

export const form = (o: Partial<FormX> = {}): FormX => ({
  kind: 'project', attachment: '附件 1', title: null, year: null, project: '示例项目', department: null,
  implementer: null, amount_unit: '万元', funding: [fundingRow()], indicators: [indicatorRow()],
  budget_score: 8.7, total_score: 98.7, grade: null, fragment: false, prov: {}, ...o,
});

export function doc(text = ''): SourceDocument {
  return { name: 't.txt', path: 't.txt', mediaType: 'text/plain', sha256: '', bytes: text.length, pageCount: 1, lines: textToLines(text), blocks: [] };
}

export const ctx = (forms: FormX[], text = ''): Ctx => ({ x: { source: 't.txt', forms, tables: [], anomalies: [] }, doc: doc(text) });
