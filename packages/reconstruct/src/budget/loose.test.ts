import type { LayoutTable } from '@ziping/core';
import { describe, expect, it } from 'vitest';
import { linesOfBlocks } from './lines.ts';
import { readLoose } from './loose.ts';

/** Rows as a reader gives a `looseCells` table: a cell per word, blank cells gone. */
function looseTable(lines: string[]): LayoutTable {
  const cells = lines.flatMap((l, row) => l.split(' ').filter((w) => w !== '').map((text, col) => ({
    row, col, rowSpan: 1, colSpan: 1, text, raw: text, prov: { page: 1, line: row + 1 },
  })));
  const cols = Math.max(...lines.map((l) => l.split(' ').filter((w) => w !== '').length));
  return { kind: 'table', rows: lines.length, cols, cells, prov: { page: 1, line: 1 }, approximate: true, looseCells: true };
}

const parse = (lines: string[], decimals?: number) => {
  const p = readLoose(linesOfBlocks([looseTable(lines)]), { decimals });
  return { columns: p.columns, sides: p.sides.map((s) => s.map((r) => [r.code, r.label, ...r.values])) };
};

describe('readLoose', () => {
  it('reads a two-sided table with 行次, dropping them and placing the income side in the first column', () => {
    const t = parse([
      '收入 支出',
      '项 目 行次 金额 项 目 行次 合计 一般公共预算财政拨款 政府性基金预算财政拨款',
      '栏 次 1 栏 次 2 3 4',
      '一、一般公共预算财政拨款 1 100.00一、教育支出 4 30.00 30.00',
      '二、政府性基金预算财政拨款 2 20.00二、其他支出 5 20.00 20.00',
      '3 三、卫生健康支出 6 70.00 70.00',
      '本年收入合计 7 120.00 本年支出合计 8 120.00 100.00 20.00',
    ]);
    expect(t.columns).toEqual(['合计', '一般公共预算财政拨款', '政府性基金预算财政拨款']);
    expect(t.sides).toEqual([
      [[null, '一、一般公共预算财政拨款', 100, null, null], [null, '二、政府性基金预算财政拨款', 20, null, null], [null, '本年收入合计', 120, null, null]],
      [
        [null, '一、教育支出', 30, 30, null],
        [null, '二、其他支出', 20, null, 20], // the column sums of 本年支出合计 put it under 政府性基金
        [null, '三、卫生健康支出', 70, 70, null],
        [null, '本年支出合计', 120, 100, 20],
      ],
    ]);
  });

  it('reads a code table with a two-level header and blank cells', () => {
    const t = parse([
      '项 目 本年支出',
      '功能分类',
      '科目编码',
      '科目名称 小计 基本支出 项目支出',
      '栏次 1 2 3',
      '合计 50.00 20.00 30.00',
      '205 教育支出 30.00 30.00',
      '- 6 -',
      '20508 进修及培训 30.00 30.00',
      '208 社会保障和就业支出 20.00 20.00',
    ]);
    expect(t.columns).toEqual(['本年支出/小计', '本年支出/基本支出', '本年支出/项目支出']);
    expect(t.sides[0]).toEqual([
      [null, '合计', 50, 20, 30],
      ['205', '教育支出', 30, null, 30],
      ['20508', '进修及培训', 30, null, 30],
      ['208', '社会保障和就业支出', 20, 20, null],
    ]);
  });

  it('reads codes printed in panels side by side, panel by panel', () => {
    const t = parse([
      '经济分类',
      '科目编码',
      '科目名称 决算数',
      '经济分类',
      '科目编码',
      '科目名称 决算数',
      '301 工资福利支出 5.00302 商品和服务支出 3.00',
      '30101 基本工资 5.0030201 办公费 3.00',
      '30102 津贴补贴 30299 其他商品和服务支出',
      '303 对个人和家庭的补助',
      '人员经费合计 5.00 公用经费合计 3.00',
    ]);
    expect(t.columns).toEqual(['决算数']);
    expect(t.sides.flat().map((r) => `${r[0] ?? ''} ${r[1]} ${r[2]}`)).toEqual([
      '301 工资福利支出 5', '30101 基本工资 5', '30102 津贴补贴 null', '303 对个人和家庭的补助 null',
      '302 商品和服务支出 3', '30201 办公费 3', '30299 其他商品和服务支出 null',
      ' 人员经费合计 5', ' 公用经费合计 3',
    ]);
  });

  it('reads a 收支总表 without 行次 or decimals, a line holding only the expense side', () => {
    const t = parse([
      '收入 支出',
      '项 目 2021年预算数 项 目 2021年预算数',
      '一、政府预算拨款 1,234 一、教育支出 48',
      '1. 一般公共预算拨款 1,234 进修及培训 48',
      '行政运行 1,186',
      '本年收入合计 1,234 本年支出合计 1,234',
    ]);
    expect(t.columns).toEqual(['2021年预算数']);
    expect(t.sides.map((side) => side.map((r) => `${r[1]} ${r[2]}`))).toEqual([
      ['一、政府预算拨款 1234', '1. 一般公共预算拨款 1234', '本年收入合计 1234'],
      ['一、教育支出 48', '进修及培训 48', '行政运行 1186', '本年支出合计 1234'],
    ]);
  });

  it('finds codes without a 科目编码 header, and joins a label wrapped onto the next line', () => {
    const t = parse([
      '项目 合计 基本支出 项目支出',
      '合计 180,660.00 14.00 180,646.00',
      '210 卫生健康支出 180,660.00 14.00 180,646.00',
      '2101202 财政对城乡居民基本医疗保险基金的',
      '补助 180,646.00 180,646.00',
      '2101550 事业运行 14.00 14.00',
    ]);
    expect(t.sides[0]).toEqual([
      [null, '合计', 180660, 14, 180646],
      ['210', '卫生健康支出', 180660, 14, 180646],
      ['2101202', '财政对城乡居民基本医疗保险基金的补助', 180646, null, 180646],
      ['2101550', '事业运行', 14, 14, null],
    ]);
  });

  it('reads whole amounts, gives a figures-only row the unit above it, and skips a date column', () => {
    const sangong = parse([
      '预算单位 年度 “三公”经费财政拨款预算总额 因公出国(境)费 公务接待费 公务用车购置及运行维护费',
      '小计 公务用车购置费 公务用车运行维护费',
      '某局 2020 216 0 2 214 165 49',
      '2021 48 0 2 46 0 46',
    ]);
    expect(sangong.columns).toEqual(['年度', '“三公”经费财政拨款预算总额', '因公出国(境)费', '公务接待费',
      '公务用车购置及运行维护费/小计', '公务用车购置及运行维护费/公务用车购置费', '公务用车购置及运行维护费/公务用车运行维护费']);
    expect(sangong.sides[0]).toEqual([[null, '某局', 2020, 216, 0, 2, 214, 165, 49], [null, '某局', 2021, 48, 0, 2, 46, 0, 46]]);
    const projects = parse([
      '实施单位 项目名称 预算金额 预算执行时间',
      '合计 一般公共预算拨款 其他资金',
      '某局 246,260 245,567 693',
      '预算准备金 80 80 0 2021.1.1-2021.12.31',
    ]);
    expect(projects.columns).toEqual(['预算金额/合计', '预算金额/一般公共预算拨款', '预算金额/其他资金']);
    expect(projects.sides[0]).toEqual([[null, '某局', 246260, 245567, 693], [null, '预算准备金', 80, 80, 0]]);
  });

  it('joins a code printed in 类 / 款 / 项 columns, in full or under the row above', () => {
    const t = parse([
      '科目编码 科目名称 合计',
      '类 款 项',
      '201 一般公共服务支出 30.00',
      '01 人大事务 30.00',
      '01 行政运行 20.00',
      '02 一般行政管理事务 10.00',
      '208 05 05 机关事业单位基本养老保险缴费支出 5.00',
    ]);
    expect(t.columns).toEqual(['合计']);
    expect(t.sides[0]!.map((r) => `${r[0]} ${r[1]} ${r[2]}`)).toEqual([
      '201 一般公共服务支出 30', '20101 人大事务 30', '2010101 行政运行 20', '2010102 一般行政管理事务 10', '2080505 机关事业单位基本养老保险缴费支出 5',
    ]);
  });
});

