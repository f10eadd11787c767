import { describe, expect, it } from 'vitest';
import { charWidth, segments, tokenize, type PLine } from './layout-lines.ts';
import { joinCutFigures } from './layout-cut.ts';

const lines = (text: string[]): PLine[] => text.map((l, i) => ({ line: i + 1, page: 1, segs: segments(tokenize(l, charWidth), i + 1) }));
const texts = (ls: PLine[]) => ls.map((l) => l.segs.map((g) => g.text));

describe('joinCutFigures', () => {
  it('finishes an amount cut inside a thousands group or right after its point', () => {
    expect(texts(joinCutFigures(lines([
      '总额   57,068,000.00 63,299,13 396.',
      '                        0.45   80',
    ])))).toEqual([['总额', '57,068,000.00 63,299,130.45 396.80']]);
  });

  it('finishes an integer cut before its decimals on a line of figures, in a column of that shape', () => {
    expect(texts(joinCutFigures(lines([
      '总额   1939764.5 6673 10',
      '          0    5.50     9.67',
      '结转   86500.00  0.00',
    ])))).toEqual([['总额', '1939764.5 66735.50 10'], ['0', '9.67'], ['结转', '86500.00', '0.00']]);
  });

  it('leaves an integer over the next row\'s decimal figure alone', () => {
    // the lower line is a row of its own (a name first), or the column has no figure of the join's shape
    expect(texts(joinCutFigures(lines([
      '甲指标  100   8',
      '乙指标  4.50  7.5',
    ])))).toEqual([['甲指标', '100', '8'], ['乙指标', '4.50', '7.5']]);
    expect(texts(joinCutFigures(lines([
      '总额   1939764.5 6673 10',
      '          0    5.50     9.67',
    ])))).toEqual([['总额', '1939764.5 6673 10'], ['0', '5.50', '9.67']]);
  });

  it('never makes an ill-formed number', () => {
    expect(texts(joinCutFigures(lines([
      '总额   7,18',
      '       3,4.5',
    ])))).toEqual([['总额', '7,18'], ['3,4.5']]);
  });
});
