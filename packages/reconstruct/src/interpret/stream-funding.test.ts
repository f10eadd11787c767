import { describe, expect, it } from 'vitest';
import { dumpDoc } from '../testing.ts';
import { reconstruct } from '../reconstruct.ts';
import { fitsField, shareBlock } from './stream-funding.ts';

// Plain pdftotext of a funding block printed column by column: the sources' labels as one
// flow, each amount column as its label and one figure per source, among other flows.

const doc = (lines: string[]) => dumpDoc(lines, 'pdftotext');
const PAD = Array.from({ length: 12 }, (_, i) => `说明${i + 1}`);
const DEPT = (extra: string[]) => [
  '部门整体支出绩效自评表', '（2021 年度）',
  '部门（单位）名称', '年度预算', '执行情况', '（元）', '',
  '年度资金总额', '其中：财政拨款', '其他资金', '',
  '某县某局', '年初预算数', '300.00', '200.00', '100.00', '',
  '任务名称', '',
  '全年执行数', '270.00', '190.00', '80.00', '',
  '分值', '执行率', '10', '90.00%', '—', '95.00%', '—', '80.00%', '',
  '得分', '9', '—', '—', ...extra, '',
  ...PAD,
];

describe('funding columns printed column by column', () => {
  it('makes a row per source and fills each column that has a figure per source', () => {
    const { forms } = reconstruct(doc(DEPT([])));
    const f = forms[0]!;
    expect(f.funding.map((r) => [r.source, r.initial_budget, r.executed, r.weight, r.rate, r.score])).toEqual([
      ['年度资金总额', 300, 270, 10, 0.9, 9], ['财政拨款', 200, 190, null, 0.95, null], ['其他资金', 100, 80, null, 0.8, null],
    ]);
    expect(f.budget_score).toBe(9);
  });

  it('leaves out a column with a figure too many', () => {
    const { forms } = reconstruct(doc(DEPT(['7'])));
    expect(forms[0]!.funding.map((r) => r.score)).toEqual([null, null, null]);
    expect(forms[0]!.funding.map((r) => r.executed)).toEqual([270, 190, 80]);
  });

  it('fills the rows a table gave already (executed and points after a two-column header)', () => {
    const { forms } = reconstruct(doc([
      '项目支出绩效自评表', '（2021 年度）',
      '项目名称', '主管部门', '项目资金', '（元）', '',
      '某某补助资金', '某县某局', '资金来源', '年度资金总额', '其中：财政拨款', '其他资金', '',
      '年初预算数', '全年预算数', '60.00', '70.00', '50.00', '55.00', '10.00', '15.00', '预期目标', '',
      '项目属性', '实施单位', '全年执行数', '63.00', '55.00', '8.00', '',
      '经常性项目', '某县某中心', '分值', '执行率', '得分', '10', '90.00%', '9', '—', '100.00%', '—', '—', '53.33%', '—', '',
      ...PAD,
    ]));
    // the block's end (预期目标) lets the key rows after it be read
    expect(forms[0]!.implementer).toBe('某县某中心');
    expect(forms[0]!.funding.map((r) => [r.source, r.annual_budget, r.executed, r.rate, r.score])).toEqual([
      ['年度资金总额', 70, 63, 0.9, 9], ['财政拨款', 55, 55, 1, null], ['其他资金', 15, 8, 0.5333, null],
    ]);
  });
});

const c = (text: string) => ({ row: 0, col: 0, rowSpan: 1, colSpan: 1, text, raw: text, prov: { page: 1, line: 1 } });

describe('a block of columns printed together', () => {
  it('checks each figure against its column', () => {
    expect(fitsField('rate', '95%')).toBe(true);
    expect(fitsField('rate', '95')).toBe(false);
    expect(fitsField('weight', '95%')).toBe(false);
    expect(fitsField('executed', '1,200.50')).toBe(true);
    expect(fitsField('score', '—')).toBe(true);
  });

  it('shares figures out row by row where only that fits, and gives up where both do', () => {
    const rowMajor = shareBlock({ fields: ['weight', 'rate'], values: ['10', '90%', '—', '80%'].map(c) }, 2);
    expect(rowMajor!.map((r) => r.map((x) => x.text))).toEqual([['10', '90%'], ['—', '80%']]);
    const colMajor = shareBlock({ fields: ['weight', 'rate'], values: ['10', '—', '90%', '80%'].map(c) }, 2);
    expect(colMajor!.map((r) => r.map((x) => x.text))).toEqual([['10', '90%'], ['—', '80%']]);
    expect(shareBlock({ fields: ['initial_budget', 'executed'], values: ['1', '2', '3', '4'].map(c) }, 2)).toBeNull();
  });
});
