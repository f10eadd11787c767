import { describe, expect, it } from 'vitest';
import { decimalsOf, segments, tokenize } from './tokens.ts';

const kinds = (line: string, d = 2) => tokenize(line, d).map((t) => `${t.kind}:${t.text}`);

describe('tokenize', () => {
  it('cuts an amount that runs into the next code at the printed decimals', () => {
    expect(kinds('301 工资福利支出 5,269.54302 商品和服务支出 337.09307 债务利息及费用支出')).toEqual([
      'int:301', 'text:工资福利支出', 'amt:5,269.54', 'int:302', 'text:商品和服务支出', 'amt:337.09', 'int:307', 'text:债务利息及费用支出',
    ]);
    expect(tokenize('2.4039906', 2).map((t) => t.value)).toEqual([2.4, 39906]);
  });

  it('cuts an amount that runs into the next label', () => {
    expect(kinds('一、一般公共预算财政拨款收入 1 201,109.34一、一般公共服务支出 26')).toEqual([
      'text:一、一般公共预算财政拨款收入', 'int:1', 'amt:201,109.34', 'text:一、一般公共服务支出', 'int:26',
    ]);
  });

  it('keeps digits that belong to a label, and whole amounts when nothing has decimals', () => {
    expect(kinds('2021年预算数 1,234 0', 0)).toEqual(['text:2021年预算数', 'amt:1,234', 'int:0']);
    expect(kinds('合计 - 12.50')).toEqual(['text:合计', 'dash:-', 'amt:12.50']);
  });
});

describe('decimalsOf', () => {
  it('takes the commonest count among amounts that stand alone', () => {
    expect(decimalsOf(['合计 201,787.94 201,787.57 0.37', '5,269.54302 x', '13.86 13.86'])).toBe(2);
    expect(decimalsOf(['合计 262,506 16,246'])).toBe(0);
  });
});

describe('segments', () => {
  const seg = (line: string, codes: boolean, rowNumbers: boolean) => segments(tokenize(line, 2), { codes, rowNumbers });

  it('drops the 行次 among the amounts of a two-sided row', () => {
    expect(seg('八、其他收入 8 0.37八、社会保障和就业支出 33 608.18', false, true)).toEqual([
      { code: null, label: '八、其他收入', rowNo: 8, values: [0.37] },
      { code: null, label: '八、社会保障和就业支出', rowNo: 33, values: [608.18] },
    ]);
  });

  it('keeps a side that prints only its 行次 as an empty segment', () => {
    expect(seg('9 九、医疗卫生与计划生育支出 34 199,996.88', false, true)).toEqual([
      { code: null, label: '', rowNo: 9, values: [] },
      { code: null, label: '九、医疗卫生与计划生育支出', rowNo: 34, values: [199996.88] },
    ]);
    expect(seg('一般公共预算财政拨款 24 51', false, true).map((s) => [s.label, s.rowNo])).toEqual([['一般公共预算财政拨款', 24], ['', 51]]);
  });

  it('starts a segment at each code of a table printed in panels', () => {
    expect(seg('30103 奖金 30203 咨询费 310 资本性支出', true, false).map((s) => [s.code, s.label, s.values])).toEqual([
      ['30103', '奖金', []], ['30203', '咨询费', []], ['310', '资本性支出', []],
    ]);
    expect(seg('30101 基本工资 3,093.6730201 办公费 102.4330701 国内债务付息', true, false).map((s) => [s.code, s.values])).toEqual([
      ['30101', [3093.67]], ['30201', [102.43]], ['30701', []],
    ]);
  });
});
