import { describe, expect, it } from 'vitest';
import { tableGrid, type LayoutBlock, type LayoutTable } from '@ziping/core';
import { readLayout } from './layout.ts';
import { charWidth, segments, tokenize, type PLine } from './layout-lines.ts';
import { splitSoft } from './layout-soft.ts';
import { joinRunOn, joinSplitHeader, realignLabels, splitGlued } from './layout-repair.ts';

const tables = (b: LayoutBlock[]) => b.filter((x): x is LayoutTable => x.kind === 'table');
const row = (t: LayoutTable, r: number) => tableGrid(t)[r]!.map((c) => c?.text ?? '').filter((x) => x !== '');
const lines = (text: string[]): PLine[] => text.map((l, i) => ({ line: i + 1, page: 1, segs: segments(tokenize(l, charWidth), i + 1) }));
const texts = (ls: PLine[]) => ls.map((l) => l.segs.map((g) => g.text));

describe('realignLabels', () => {
  it('moves labels printed a line above their figures down to them', () => {
    const out = realignLabels(lines([
      '   总额',
      '   财政拨款      300.00    280.00',
      '   结转          300.00    280.00',
      '                   0.00      0.00',
    ]));
    expect(texts(out)).toEqual([['总额', '300.00', '280.00'], ['财政拨款', '300.00', '280.00'], ['结转', '0.00', '0.00']]);
    // each keeps the line it was printed on
    expect(out[0]!.segs[0]!.line).toBe(1);
  });

  it('moves labels printed a line below their figures up to them', () => {
    expect(texts(realignLabels(lines([
      '                300.00    280.00',
      '   总额          20.00     18.00',
      '   财政拨款',
    ])))).toEqual([['总额', '300.00', '280.00'], ['财政拨款', '20.00', '18.00']]);
  });

  it('leaves a label next to a line of figures alone (a wrapped cell around its row, not a column a line off)', () => {
    const ls = lines([
      '   家庭医生签约服务重点人群',
      '                            ≥75%      78.6%',
      '   覆盖率',
    ]);
    expect(texts(realignLabels(ls))).toEqual(texts(ls));
  });

  it('leaves rows alone where no line of figures closes the run', () => {
    const ls = lines([
      '   总额',
      '   财政拨款      300.00    280.00',
      '   结转          300.00    280.00',
    ]);
    expect(texts(realignLabels(ls))).toEqual(texts(ls));
  });
});

describe('splitGlued', () => {
  it('splits an amount run into the next column where the lines around show both columns', () => {
    const ls = lines([
      '   总额       1560.00     1493.2810     95.72%',
      '   结转       1560.00     1493.28 —     95.72%',
    ]);
    splitSoft(ls);
    splitGlued(ls);
    expect(texts(ls)[0]).toEqual(['总额', '1560.00', '1493.28', '10', '95.72%']);
  });

  it('leaves a figure that ends in its own column alone', () => {
    const ls = lines([
      '   总额       1560.00     1493.2810     95.72%',
      '   结转       1560.00     1493.2810     95.72%',
    ]);
    splitSoft(ls);
    splitGlued(ls);
    expect(texts(ls)[0]).toEqual(['总额', '1560.00', '1493.2810', '95.72%']);
  });
});

describe('splitGlued, a placeholder', () => {
  it('splits a dash printed right after an amount', () => {
    const ls = lines(['   结转   1560.00   1,493.28—     95.72%']);
    splitGlued(ls);
    expect(texts(ls)[0]).toEqual(['结转', '1560.00', '1,493.28', '—', '95.72%']);
  });
});

describe('joinRunOn', () => {
  it('joins a line of figures that carries the line above on to the right', () => {
    const out = joinRunOn(lines([
      '   年度资金总额       6,800,000.00   7,249,918.30',
      '                                              10   97.31%   9.73',
      '   其他资金                   0.00     287,500.00',
      '                                              —    95.83%   —',
    ]));
    expect(texts(out)).toEqual([
      ['年度资金总额', '6,800,000.00', '7,249,918.30', '10', '97.31%', '9.73'],
      ['其他资金', '0.00', '287,500.00', '—', '95.83%', '—'],
    ]);
  });

  it('leaves a line of figures under the figures of the line above alone', () => {
    const ls = lines(['   总额   300.00    280.00', '          20.00     18.00']);
    expect(texts(joinRunOn(ls))).toEqual(texts(ls));
  });
});

describe('readLayout with the repairs', () => {
  it('reads a funding block whose labels stand a line above their figures', () => {
    const [t] = tables(readLayout([
      '                 年初预算数    全年预算数    全年执行数   分值   执行率',
      '     年度资金总额',
      '     其中：财政拨款   300.00        300.00        280.0010       93.33%',
      '     上年结转         300.00        300.00        280.00 —       93.33%',
      '                        0.00          0.00          0.00 —          —',
      '     其他资金           0.00          0.00          0.00 —          —',
    ].join('\n')));
    expect(row(t!, 1)).toEqual(['年度资金总额', '300.00', '300.00', '280.00', '10', '93.33%']);
    expect(row(t!, 2)).toEqual(['其中：财政拨款', '300.00', '300.00', '280.00', '—', '93.33%']);
    expect(row(t!, 3)).toEqual(['上年结转', '0.00', '0.00', '0.00', '—', '—']);
    expect(row(t!, 4)).toEqual(['其他资金', '0.00', '0.00', '0.00', '—', '—']);
  });
});

describe('joinSplitHeader', () => {
  // a header and rows each printed on two baselines; pdftotext packs each line on its own, so
  // the lower line's first label starts left of where the upper line's last one starts
  const split = [
    '                 年初预算数     全年预算数     全年执行数',
    '                                        分值     执行率   得分',
    '资金总额            100.00      120.00      110.00',
    '                                         10     91.67%   9.17',
    '其中：财政拨款        80.00      100.00       95.00',
    '                                         —      95.00%   —',
  ];

  it('joins a header line carried on to the right on the line below, as many labels as the rows have figures', () => {
    const out = joinSplitHeader(lines(split));
    expect(texts(out)[0]).toEqual(['年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分']);
    // the rows of figures are left to the rows (layout-rows.ts)
    expect(out).toHaveLength(5);
  });

  it('leaves a header alone where the rows show fewer cells than the two lines have labels', () => {
    const ls = lines([
      '                 年初预算数     全年预算数     全年执行数',
      '                                        分值     执行率   得分',
      '资金总额            100.00      120.00      110.00',
    ]);
    expect(texts(joinSplitHeader(ls))).toEqual(texts(ls));
  });

  it('leaves a lower line that reaches into the columns of the upper one alone', () => {
    const ls = lines([
      '                 年初预算数     全年预算数     全年执行数',
      '                            调整数     分值     执行率',
      '资金总额            100.00      120.00      110.00     115.00     10     91.67%',
    ]);
    expect(texts(joinSplitHeader(ls))).toEqual(texts(ls));
  });

  it('gives each label of a header split so its own column (readLayout)', () => {
    const [t] = tables(readLayout(split.join('\n')));
    expect(row(t!, 0)).toEqual(['年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分']);
    const grid = tableGrid(t!);
    // 全年执行数 heads the column of 110.00, 分值 that of 10
    expect(grid[0]!.findIndex((c) => c?.text === '全年执行数')).toBe(grid[1]!.findIndex((c) => c?.text === '110.00'));
    expect(grid[0]!.findIndex((c) => c?.text === '分值')).toBe(grid[1]!.findIndex((c) => c?.text === '10'));
  });
});
