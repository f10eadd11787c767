import { describe, expect, it } from 'vitest';
import type { FundingField } from '../vocab.ts';
import { findFundingHeader, parseFundingRows, rejoin } from './funding.ts';
import { slines } from './testing.ts';

const SIX: FundingField[] = ['initial_budget', 'annual_budget', 'executed', 'weight', 'rate', 'score'];

describe('rejoin', () => {
  it('rejoins an executed amount broken over two lines', () => {
    // 13223551.7 / 1 is one amount: joining 1 with 10 instead would give a weight of 110 and an amount with one decimal
    expect(rejoin([['24772100.00', '23023000.00'], ['13223551.7'], ['1'], ['10', '57%', '5.7']], SIX))
      .toEqual({ values: ['24772100.00', '23023000.00', '13223551.71', '10', '57%', '5.7'], ok: true });
  });
  it('never joins a digit with a dash', () => {
    expect(rejoin([['24772100.00', '23023000.00'], ['13223551.7'], ['1'], ['—', '57%', '—']], SIX))
      .toEqual({ values: ['24772100.00', '23023000.00', '13223551.71', '—', '57%', '—'], ok: true });
  });
  it('leaves a row alone when the count already fits', () => {
    expect(rejoin([['1.00', '2.00'], ['3.00', '10', '50%', '5']], SIX).values).toEqual(['1.00', '2.00', '3.00', '10', '50%', '5']);
  });
  it('fails when no join fits the columns', () => {
    expect(rejoin([['100.00', '90.00'], ['—'], ['10', '90%', '9', '1']], SIX).ok).toBe(false);
  });
});

describe('parseFundingRows', () => {
  const ls = slines([
    '项目资金（元）',
    '年初预算数 全年预算数 全年执行数 分值 执行率 得分',
    '年度资金总额 100.00 200.00 150.0',
    '0',
    '10 75% 7.5',
    '其中：当年财政拨款 100.00 200.00 150.00 — 75% —',
    '上年结转资金 0.00 0.00 0.00 — 0.00 —',
    '年度总体目标',
  ]);
  const header = findFundingHeader(ls, 0, ls.length)!;
  it('finds the header and its columns', () => {
    expect(header).toEqual({ at: 1, end: 2, fields: SIX });
  });
  it('reads rows, rejoining a broken number and dropping 其中：', () => {
    const { rows, findings, end } = parseFundingRows(ls, header, ls.length);
    expect(findings).toEqual([]);
    expect(end).toBe(7);
    expect(rows.map(({ prov: _p, ...r }) => r)).toEqual([
      { source: '年度资金总额', initial_budget: 100, annual_budget: 200, executed: 150, balance: null, weight: 10, rate: 0.75, score: 7.5 },
      { source: '当年财政拨款', initial_budget: 100, annual_budget: 200, executed: 150, balance: null, weight: null, rate: 0.75, score: null },
      { source: '上年结转资金', initial_budget: 0, annual_budget: 0, executed: 0, balance: null, weight: null, rate: 0, score: null },
    ]);
    expect(rows[0]!.prov.executed).toEqual({ page: 1, line: 3, lineEnd: 5 });
  });
  it('reports a row whose fragments cannot be placed', () => {
    const bad = slines(['年初预算数 全年预算数 全年执行数 分值 执行率 得分', '年度资金总额 100.00 90.00', '—', '10 90% 9 1']);
    const r = parseFundingRows(bad, findFundingHeader(bad, 0, bad.length)!, bad.length);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]!.rule).toBe('PARSE');
  });
});

describe('parseFundingRows, labels', () => {
  it('skips a sub-heading, joins a wrapped label, keeps digits in a label, and stops at prose', () => {
    const ls = slines([
      '年初预算数 全年预算数 全年执行数 分值 执行率 得分',
      '年度资金总额 10.00 10.00 5.00 10 50% 5',
      '按收入性质分：',
      '其中：当年财政',
      '拨款 10.00 10.00 5.00 — 50% —',
      '2021 年结转资金 0.00 0.00 0.00 — — —',
      '年度总体目标',
      '完成 3',
    ]);
    const r = parseFundingRows(ls, findFundingHeader(ls, 0, ls.length)!, ls.length);
    expect(r.rows.map((x) => [x.source, x.executed, x.rate])).toEqual([['年度资金总额', 5, 0.5], ['当年财政拨款', 5, 0.5], ['2021年结转资金', 0, null]]);
    expect(r.rows[1]!.prov.source).toEqual({ page: 1, line: 4, lineEnd: 5 });
    expect(r.end).toBe(6);
  });
});

describe('parseFundingRows, short rows', () => {
  it('reads a row that leaves weight, rate and score blank without a finding', () => {
    const ls = slines(['年初预算数 全年预算数 全年执行数 分值 执行率 得分', '其他资金 1.00 2.00 3.00']);
    const r = parseFundingRows(ls, findFundingHeader(ls, 0, ls.length)!, ls.length);
    expect(r.findings).toEqual([]);
    expect(r.rows.map((x) => [x.initial_budget, x.annual_budget, x.executed, x.weight])).toEqual([[1, 2, 3, null]]);
  });
});
