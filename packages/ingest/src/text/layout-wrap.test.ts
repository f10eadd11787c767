import { describe, expect, it } from 'vitest';
import { charWidth, segments, tokenize, type PLine } from './layout-lines.ts';
import { joinHeaderTails, joinWrappedFigures } from './layout-wrap.ts';

const lines = (text: string[]): PLine[] => text.map((l, i) => ({ line: i + 1, page: 1, segs: segments(tokenize(l, charWidth), i + 1) }));
const texts = (ls: PLine[]) => ls.map((l) => l.segs.map((g) => g.text));

describe('joinWrappedFigures', () => {
  it('finishes a rate whose end a narrow cell put on the next line', () => {
    expect(texts(joinWrappedFigures(lines([
      '总额    920.00   1165.31 95.0',
      '                         7%     10     9.51',
    ])))).toEqual([['总额', '920.00', '1165.31 95.07%'], ['10', '9.51']]);
  });

  it('finishes an amount when the column nearby has as many decimals as the joined one', () => {
    expect(texts(joinWrappedFigures(lines([
      '总额   4,500,000.00 4,860,000.0',
      '                        0',
      '拨款   4,500,000.00 4,500,000.00',
    ])))).toEqual([['总额', '4,500,000.00 4,860,000.00'], ['拨款', '4,500,000.00 4,500,000.00']]);
  });

  it('leaves the next row\'s figure under a finished one alone', () => {
    const ls = lines([
      '   甲指标     10     8.5',
      '   乙指标     10     10',
    ]);
    expect(texts(joinWrappedFigures(ls))).toEqual([['甲指标', '10', '8.5'], ['乙指标', '10', '10']]);
  });

  it('needs the tail under the figure, not beside it', () => {
    const ls = lines([
      '总额    95.0',
      '                7%',
    ]);
    expect(texts(joinWrappedFigures(ls))).toEqual([['总额', '95.0'], ['7%']]);
  });
});

describe('joinHeaderTails', () => {
  it('puts a wrapped label\'s last character, pushed right against the next label, back on it', () => {
    const ls = lines(['一级指标 三级指标 分值 自评得       分 偏差原因']);
    joinHeaderTails(ls);
    expect(ls[0]!.segs.flatMap((g) => g.toks.map((t) => t.text))).toEqual(['一级指标', '三级指标', '分值', '自评得分', '偏差原因']);
  });

  it('leaves lone pieces standing apart (wrapped ends under their cells), and lines of figures', () => {
    const a = lines(['产出指标      人              次']);
    joinHeaderTails(a);
    expect(texts(a)).toEqual([['产出指标', '人', '次']]);
    const b = lines(['总额 资金结       余 10 9.5']);
    joinHeaderTails(b);
    expect(texts(b)).toEqual([['总额 资金结', '余 10 9.5']]);
  });
});

describe('joinWrappedFigures on one line', () => {
  it('joins a rate\'s tail printed one space after it when the column\'s rates have that shape', () => {
    expect(texts(joinWrappedFigures(lines([
      '总额    95.78%   9.58',
      '其他    84.2 0%       —',
    ])))).toEqual([['总额', '95.78%', '9.58'], ['其他', '84.20%', '—']]);
  });

  it('keeps a figure and a rate apart when no rate of the column is shaped like their join', () => {
    expect(texts(joinWrappedFigures(lines([
      '总额    95%      9.58',
      '其他    84.2 0%       —',
    ])))).toEqual([['总额', '95%', '9.58'], ['其他', '84.2 0%', '—']]);
  });
});

describe('joinWrappedFigures and the next row', () => {
  it('takes no figure of a row that has its own text before it', () => {
    const ls = lines([
      '    甲指标      逐步提升     2      2.5',
      '    乙指标      ≥90%        3       3',
      '    丙指标      ≥80%        3       2.91',
    ]);
    expect(texts(joinWrappedFigures(ls))).toEqual([['甲指标', '逐步提升', '2', '2.5'], ['乙指标', '≥90%', '3', '3'], ['丙指标', '≥80%', '3', '2.91']]);
  });
});

describe('joinWrappedFigures on a line of tails only', () => {
  it('finishes every figure of a row whose cells all wrapped, whatever the column nearby shows', () => {
    expect(texts(joinWrappedFigures(lines([
      '总额  4,500,000.00 4,860,000.0 4,735,160.0 10 97.4     9.74',
      '                       0            0          3%',
    ])))).toEqual([['总额', '4,500,000.00 4,860,000.00 4,735,160.00 10 97.43%', '9.74']]);
  });
});

describe('joinWrappedFigures on a line of one tail', () => {
  it('finishes a figure whose tail stands alone on the next line', () => {
    expect(texts(joinWrappedFigures(lines([
      '      总分          100 89.4',
      '                        4',
    ])))).toEqual([['总分', '100 89.44']]);
  });
});

describe('joinHeaderTails, a lower piece printed above', () => {
  it('gives a lone character closing a line of labels to the label of the next line under it', () => {
    const ls = lines([
      '一级指标 三级指标 年度指标值 指标分      值 分',
      '                          自评得 未完成原因',
      '                              措施',
    ]);
    joinHeaderTails(ls);
    expect(texts(ls)).toEqual([['一级指标 三级指标 年度指标值 指标分值'], ['自评得分 未完成原因'], ['措施']]);
  });

  it('leaves a lone character with no label under it, and lines of figures', () => {
    const a = lines(['一级指标 三级指标 分值 率', '                                自评得分']);
    joinHeaderTails(a);
    expect(texts(a)).toEqual([['一级指标 三级指标 分值 率'], ['自评得分']]);
  });
});
