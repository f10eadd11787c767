import { describe, expect, it } from 'vitest';
import { dumpDoc } from '../testing.ts';
import { reconstruct } from '../reconstruct.ts';

// Plain pdftotext of a table printed column by column: the key labels as one flow, their
// values as a later flow.

const doc = (lines: string[]) => dumpDoc(lines, 'pdftotext');
const PAD = Array.from({ length: 12 }, (_, i) => `${i + 1}`);

describe('key labels paired with a later flow of values', () => {
  it('pairs the labels heading a flow with the first lines of the first flow of free values', () => {
    const { forms } = reconstruct(doc([
      '项目支出绩效自评表', '（2021 年度）',
      '项目名称', '主管部门', '项目资金', '（元）', '',
      '绩效指标', '',
      '某某补助资金', '某县某局', '资金来源', '年度资金总额', '',
      '项目属性', '实施单位', '全年执行数', '100.00', '',
      '经常性项目', '某县某中心', '预期目标', '', ...PAD.map((n) => `说明${n}`),
    ]));
    expect(forms[0]).toMatchObject({ project: '某某补助资金', department: '某县某局', implementer: '某县某中心' });
  });

  it('leaves a value out rather than take a wrapped label or a column of row labels for it', () => {
    const { forms } = reconstruct(doc([
      '部门整体支出绩效自评表', '（2021 年度）',
      '部门（单位）名称', '年度预算', '执行情况', '（元）', '',
      '年度资金总额', '其中：财政拨款', '其他资金', '',
      '某县某局', '年初预算数', '100.00', ...PAD,
    ]));
    expect(forms[0]!.department).toBe('某县某局');
    const { forms: none } = reconstruct(doc([
      '部门整体支出绩效自评表', '（2021 年度）',
      '部门（单位）名称', '年度预算', '执行情况', '（元）', '',
      '年度资金总额', '其中：财政拨款', '其他资金', '', ...PAD,
    ]));
    expect(none[0]!.department).toBeNull();
  });

  it('takes a name behind an organisation code for a value, not a figure', () => {
    const { forms } = reconstruct(doc([
      '项目支出绩效自评表', '（2021 年度）',
      '项目名称', '', '某某补助资金', '', '主管部门', '', '412-某县某局', '', '实施单位', '', '某县某中心', '', '资金来源', '', ...PAD.map((n) => `说明${n}`),
    ]));
    expect(forms[0]).toMatchObject({ department: '某县某局', implementer: '某县某中心' });
  });

  it('pairs labels a blank line apart with values a blank line apart after the next label', () => {
    const { forms } = reconstruct(doc([
      '项目支出绩效自评表', '（2021 年度）', '',
      '项目名称', '', '主管部门', '', '资金来源', '', '某某补助资金', '', '某县某局', '', '年初预算数', '', ...PAD.map((n) => `说明${n}`),
    ]));
    expect(forms[0]).toMatchObject({ project: '某某补助资金', department: '某县某局' });
  });

  it('leaves the value out where two free lines follow a lone label, or the line under it is under a funding header', () => {
    const { forms } = reconstruct(doc([
      '项目支出绩效自评表', '（2021 年度）', '',
      '主管部门', '', '张某某', '', '某县某局', '', '联系电话', '', '实施单位', '', '年初预算 全年预算 全年执行', '', '资金总额', '', ...PAD.map((n) => `说明${n}`),
    ]));
    expect(forms[0]).toMatchObject({ department: null, implementer: null });
  });
});
