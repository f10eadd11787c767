import { readText } from '@ziping/ingest';
import { describe, expect, it } from 'vitest';
import { codeOf, readGrid } from './grid.ts';
import { linesOfBlocks } from './lines.ts';

/** A tab dump's rows, as its reader's layout table gives them. */
const rows = (text: string) => {
  const p = readGrid(linesOfBlocks(readText(text).blocks));
  return { columns: p.columns, sides: p.sides.map((s) => s.map((r) => [r.code, r.label, ...r.values])) };
};

describe('readGrid', () => {
  it('reads a two-level header into column paths and leaves text columns out', () => {
    const t = rows([
      '实施单位\t项目名称\t预算金额\t\t\t预算执行时间',
      '\t\t合计\t一般公共预算拨款\t其他资金\t',
      '某局\t\t246\t245\t1\t',
      '\t预算准备金\t80\t80\t0\t2021.1.1-2021.12.31',
    ].join('\n'));
    expect(t.columns).toEqual(['预算金额/合计', '预算金额/一般公共预算拨款', '预算金额/其他资金']);
    expect(t.sides).toEqual([[[null, '某局', 246, 245, 1], [null, '预算准备金', 80, 80, 0]]]);
  });

  it('splits a 收支总表 into its income and expense sides', () => {
    const t = rows([
      '收入\t\t支出\t',
      '项 目\t2021年预算数\t项 目\t2021年预算数',
      '一、政府预算拨款\t262\t一、教育支出\t48',
      '\t\t进修及培训\t48',
      '本年收入合计\t262\t本年支出合计\t262',
    ].join('\n'));
    expect(t.columns).toEqual(['2021年预算数']);
    expect(t.sides).toEqual([
      [[null, '一、政府预算拨款', 262], [null, '本年收入合计', 262]],
      [[null, '一、教育支出', 48], [null, '进修及培训', 48], [null, '本年支出合计', 262]],
    ]);
  });

  it('fills a unit name down to the rows that print only figures, and keeps a numeric 年度 column', () => {
    const t = rows([
      '预算单位\t年度\t合计\t公务接待费',
      '某局\t2020\t216\t2',
      '\t2021\t48\t2',
    ].join('\n'));
    expect(t.columns).toEqual(['年度', '合计', '公务接待费']);
    expect(t.sides[0]).toEqual([[null, '某局', 2020, 216, 2], [null, '某局', 2021, 48, 2]]);
  });

  it('joins 类 / 款 / 项 code cells into one code', () => {
    const t = rows([
      '科目编码\t\t\t科目名称\t合计',
      '类\t款\t项\t\t',
      '201\t\t\t一般公共服务支出\t10',
      '\t01\t\t人大事务\t10',
      '\t\t01\t行政运行\t10',
    ].join('\n'));
    expect(t.columns).toEqual(['合计']);
    expect(t.sides[0]!.map((r) => r[0])).toEqual(['201', '20101', '2010101']);
  });
});

describe('codeOf', () => {
  it('takes a lower level printed in full as it is', () => {
    expect(codeOf(['', '20101', ''], ['201'])?.code).toBe('20101');
    expect(codeOf(['', '', ''], ['201'])).toBeNull();
  });
});
