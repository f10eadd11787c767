import { describe, expect, it } from 'vitest';
import { table, tablesCtx } from '../testing/tables.ts';
import { run } from './subtotal.ts';

const ROUNDS = '本表数据四舍五入取整后按万元列示，可能存在相加后不相等的情况。';

describe('SUBTOTAL', () => {
  it('accepts codes whose children add up, and a 合计 row and column that add up', () => {
    const t = table(['合计', '基本支出', '项目支出'], [
      [null, '合计', 30.5, 10.25, 20.25],
      ['205', '教育支出', 30.5, 10.25, 20.25],
      ['20508', '进修及培训', 30.5, 10.25, 20.25],
      ['2050801', '教师进修', 10.25, 10.25, null],
      ['2050803', '培训支出', 20.25, null, 20.25],
    ]);
    expect(run(tablesCtx([t]))).toEqual([]);
  });

  it('flags a parent code its children do not make, with every figure and its row', () => {
    const t = table(['决算数'], [
      ['205', '教育支出', 30],
      ['20508', '进修及培训', 30],
      ['2050801', '教师进修', 10],
      ['2050803', '培训支出', 5],
    ]);
    const [a, ...rest] = run(tablesCtx([t]));
    expect(rest).toEqual([]);
    expect(a).toMatchObject({ rule: 'SUBTOTAL', severity: 'error', form: null, table: 0, indicator: '进修及培训', expected: 15, found: 30 });
    expect(a!.evidence).toEqual([
      { field: 'tables[0].rows[1].values[0]', value: 30, prov: { page: 1, line: 2 } },
      { field: 'tables[0].rows[2].values[0]', value: 10, prov: { page: 1, line: 3 } },
      { field: 'tables[0].rows[3].values[0]', value: 5, prov: { page: 1, line: 4 } },
    ]);
  });

  it('takes a gap of one or two printed units for rounding where the report says it rounds', () => {
    const t = table(['2021年预算数'], [
      [null, '一、住房保障支出', 3681],
      [null, '住房改革支出', 3681],
      [null, '住房公积金', 1351],
      [null, '购房补贴', 2329],
      [null, '本年支出合计', 3681],
    ]);
    expect(run(tablesCtx([t], ROUNDS))).toMatchObject([
      { severity: 'warning', indicator: '住房改革支出', expected: 3680, found: 3681 },
    ]);
    // without the statement only one unit is rounding
    const two = table(['金额'], [[null, '一、货物', 44], [null, '台式计算机', 30], [null, '投影仪', 16], [null, '合计', 44]]);
    expect(run(tablesCtx([two], ROUNDS))).toMatchObject([{ severity: 'warning', indicator: '一、货物' }]);
    expect(run(tablesCtx([two]))).toMatchObject([{ severity: 'error', indicator: '一、货物' }]);
  });

  it('checks the department row against its units and each unit against its members', () => {
    const t = table(['支出总计', '基本支出', '项目支出'], [
      [null, '示例局', 300, 100, 200],
      [null, '示例局', 120, 100, 20],
      ['2101501', '行政运行', 120, 100, 20],
      [null, '示例中心', 170, 0, 170],
      ['2101504', '信息化建设', 170, 0, 170],
    ]);
    expect(run(tablesCtx([t]))).toMatchObject([
      { severity: 'error', indicator: '示例局', expected: 290, found: 300 },
      { severity: 'error', indicator: '示例局', expected: 190, found: 200 },
    ]);
  });

  it('flags a blank or zero 合计 its rows contradict, but not the 总计 that follows from it', () => {
    const t = table(['2021年预算数'], [
      [null, '政府预算拨款', 700],
      [null, '一般公共预算拨款', 500],
      [null, '政府性基金预算拨款', 200],
      [null, '本年收入合计', 0],
      [null, '上年结余、结转', 0],
      [null, '收入总计', 700],
      [null, '一、教育支出', 700],
      [null, '本年支出合计', 700],
      [null, '支出总计', 700],
    ]);
    expect(run(tablesCtx([t]))).toMatchObject([{ severity: 'error', indicator: '本年收入合计', expected: 700, found: 0 }]);
  });

  it('compares the two sides of a 总表', () => {
    const t = table(['决算数'], [
      [null, '一、财政拨款收入', 100], [null, '本年收入合计', 100], [null, '总计', 100],
      [null, '一、教育支出', 90], [null, '本年支出合计', 90], [null, '总计', 90],
    ]);
    expect(run(tablesCtx([t]))).toMatchObject([{ severity: 'error', table: 0, indicator: '总计', expected: 100, found: 90 }]);
  });

  it('reads a 合计 column\'s parts from its header, leaving 其中 columns out', () => {
    const t = table(['支出总额', '基本支出', '项目支出', '政府采购/小计', '政府采购/其中：面向中小企业'], [
      ['2101501', '行政运行', 100, 40, 60, 9, 5],
      ['2101504', '信息化建设', 100, 40, 50, 9, 5],
    ]);
    expect(run(tablesCtx([t]))).toMatchObject([{ severity: 'error', indicator: '信息化建设', expected: 90, found: 100 }]);
  });
});
