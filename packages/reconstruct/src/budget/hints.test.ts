import { describe, expect, it } from 'vitest';
import type { BudgetTableX } from '@ziping/core';
import { hintBook } from './hints.ts';

type Row = [code: string | null, label: string, ...values: (number | null)[]];
const table = (columns: string[], rows: Row[]): BudgetTableX => ({
  title: '示例表', code: null, entity: null, amount_unit: '万元', columns,
  rows: rows.map(([code, label, ...values], k) => ({ code, label, values, prov: { page: 1, line: k + 1 } })),
  prov: {},
});
const row = (code: string | null, label: string) => ({ code, label, printed: [] });

describe('hintBook', () => {
  const book = hintBook();
  book.add(table(['科目/基本支出', '科目/对个人和家庭的补助'], [
    ['2010101', '行政运行', 5, 6],
    [null, '一、工资福利支出', 3],
    [null, '八、其他收入', 11],
  ]));
  book.add(table(['基本支出', '项目支出'], [
    ['2010101', '行政运行', 7, null],
    [null, '其他收入', 12],
    [null, '八、其他收入', 13],
  ]));

  it("takes a coded row's figure from the latest table with a column of that name", () => {
    const hint = book.hints(['合计', '基本支出', '项目支出', '对个人家庭的补助']);
    expect(hint(row('2010101', '行政运行'), 1)).toBe(7);
    expect(hint(row('2010101', '行政运行'), 2)).toBeNull(); // printed blank there
    // only the earlier table has the column (补助, by bigram similarity)
    expect(hint(row('2010101', '行政运行'), 3)).toBe(6);
    expect(hint(row('2010101', '行政运行'), 0)).toBeUndefined(); // a total column gives no hint
    expect(hint(row('2010102', '一般行政管理事务'), 1)).toBeUndefined();
  });

  it('matches an uncoded row by its label without the ordinal', () => {
    expect(book.hints(['基本支出'])(row(null, '（一）工资福利支出'), 0)).toBe(3);
  });

  it("gives a total row the figure of the latest, first row its column names", () => {
    const hint = book.hints(['其他收入', '无关的列名称']);
    expect(hint(row(null, '合计'), 0)).toBe(12);
    expect(hint(row(null, '合计'), 1)).toBeUndefined();
  });

  it('hints from the tables filed so far', () => {
    const later = hintBook();
    const hint = later.hints(['基本支出']);
    expect(hint(row('2010101', '行政运行'), 0)).toBeUndefined();
    later.add(table(['基本支出'], [['2010101', '行政运行', 9]]));
    expect(later.hints(['基本支出'])(row('2010101', '行政运行'), 0)).toBe(9);
  });
});
