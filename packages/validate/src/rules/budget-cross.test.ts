import { describe, expect, it } from 'vitest';
import { table, tablesCtx } from '../testing/tables.ts';
import { run } from './budget-cross.ts';

const ROUNDS = '所有数据为“四舍五入”取整后按万元列示，可能存在部分数据相加后不相等的情况。';

// a 总表 without codes, and the fund tables that list the same codes by unit
const summary = (pension: number, income = 1040) => table(['2021年预算数'], [
  [null, '一、政府预算拨款', 1040],
  [null, '本年收入合计', income],
  [null, '收入总计', 1040],
  [null, '一、社会保障和就业支出', 1040],
  [null, '机关事业单位基本养老保险缴费支出', pension],
  [null, '本年支出合计', 1040],
  [null, '支出总计', 1040],
], { title: '收支总表', code: '表1' });
const general = table(['支出总计', '基本支出', '项目支出'], [
  [null, '示例市医疗保障局', 1041, 1041, 0],
  [null, '示例市医疗保障局', 657, 657, 0],
  ['2080505', '机关事业单位基本养老保险缴费支出', 657, 657, 0],
  [null, '示例市医疗保险中心', 384, 384, 0],
  ['2080505', '机关事业单位基本养老保险缴费支出', 384, 384, 0],
], { title: '一般公共预算支出表', code: '表7', entity: '示例市医疗保障局' });

describe('CROSS_TABLE between budget tables', () => {
  it('accepts a function code the fund tables add up to', () => {
    expect(run(tablesCtx([summary(1041), general], ROUNDS))).toEqual([]);
  });

  it('flags a rounding-sized gap as a warning, with the figures of both tables', () => {
    const [a, ...rest] = run(tablesCtx([summary(1040), general], ROUNDS));
    expect(rest).toEqual([]);
    expect(a).toMatchObject({ rule: 'CROSS_TABLE', severity: 'warning', form: null, table: 0, indicator: '机关事业单位基本养老保险缴费支出', expected: 1041, found: 1040 });
    expect(a!.evidence.map((e) => e.field)).toEqual(['tables[0].rows[4].values[0]', 'tables[1].rows[2].values[0]', 'tables[1].rows[4].values[0]']);
    expect(a!.evidence[1]!.prov).toEqual({ page: 1, line: 3 });
  });

  it('converts between 元 and 万元 before comparing', () => {
    const inYuan = (pension: number) => ({ ...summary(pension), amount_unit: '元' as const });
    expect(run(tablesCtx([inYuan(10410000), general], ROUNDS))).toEqual([]);
    expect(run(tablesCtx([inYuan(9000000), general], ROUNDS))).toMatchObject([{ severity: 'error', expected: 10410000, found: 9000000 }]);
    expect(run(tablesCtx([{ ...summary(900), amount_unit: null }, general], ROUNDS))).toEqual([]);
  });

  it('flags a larger gap as an error', () => {
    expect(run(tablesCtx([summary(900), general], ROUNDS))).toMatchObject([{ severity: 'error', table: 0, expected: 1041, found: 900 }]);
  });

  it('confirms a wrong total by the same line of another table', () => {
    const fiscal = table(['2021年预算数'], [
      [null, '政府预算拨款', 1040],
      [null, '一般公共预算拨款', 1040],
      [null, '本年收入合计', 0],
      [null, '收入总计', 1040],
    ], { title: '政府预算拨款收支总表', code: '表6' });
    expect(run(tablesCtx([summary(1041), general, fiscal], ROUNDS))).toMatchObject([
      { rule: 'CROSS_TABLE', severity: 'error', table: 2, indicator: '本年收入合计', expected: 1040, found: 0 },
    ]);
  });

  it('checks each report of a file that binds several against its own tables only', () => {
    // the same two tables again start a second report: its fund table is not added to the first's
    expect(run(tablesCtx([summary(1041), general, summary(1041), general], ROUNDS))).toEqual([]);
    const [a, ...rest] = run(tablesCtx([summary(1041), general, summary(900), general], ROUNDS));
    expect(rest).toEqual([]);
    expect(a).toMatchObject({ severity: 'error', table: 2, expected: 1041, found: 900 });
    expect(a!.evidence.map((e) => e.field)).toEqual(['tables[2].rows[4].values[0]', 'tables[3].rows[2].values[0]', 'tables[3].rows[4].values[0]']);
  });

  it('compares a unit\'s 项目支出 with the fund tables\' rows for the same unit', () => {
    const overview = table(['支出总额', '基本支出', '项目支出'], [
      [null, '示例市医疗保障局', 1041, 1041, 0],
      [null, '示例市医疗保障局', 657, 657, 0],
      [null, '示例市医疗保险中心', 384, 380, 4],
    ], { title: '支出总表', code: '表3', entity: '示例市医疗保障局' });
    expect(run(tablesCtx([overview, general], ROUNDS))).toMatchObject([
      { table: 0, indicator: '示例市医疗保险中心', severity: 'error', expected: 384, found: 380 },
      { table: 0, indicator: '示例市医疗保险中心', severity: 'error', expected: 0, found: 4 },
    ]);
  });
});
