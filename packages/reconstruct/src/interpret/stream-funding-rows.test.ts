import { describe, expect, it } from 'vitest';
import { dumpDoc } from '../testing.ts';
import { reconstruct } from '../reconstruct.ts';
import { placeFigures } from './stream-funding-rows.ts';

// Plain pdftotext of a funding block printed row by row, every cell a paragraph of its own
// (a blank line between any two), empty cells not printed.

const spaced = (lines: string[]) => dumpDoc(lines.flatMap((l) => [l, '']), 'pdftotext');
const PAD = Array.from({ length: 12 }, (_, i) => `说明${i + 1}`);

describe('a funding block printed row by row, a cell a line', () => {
  it('puts each row\'s figures in its columns, the columns of empty cells left empty', () => {
    const { forms } = reconstruct(spaced([
      '项目支出绩效自评表', '（2024 年度）',
      '项目资金（元）', '年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分',
      '资金总额', '200.00', '240.00', '216.00', '10', '90.00%', '9',
      '其中：财政资金', '200.00', '200.00', '190.00', '95.00%',
      '其他资金', '0.00', '40.00', '26.00', '—', '65.00%', '—',
      '年度总体目标', ...PAD,
    ]));
    const f = forms[0]!;
    expect(f.funding.map((r) => [r.source, r.initial_budget, r.annual_budget, r.executed, r.weight, r.rate, r.score])).toEqual([
      ['资金总额', 200, 240, 216, 10, 0.9, 9], ['财政资金', 200, 200, 190, null, 0.95, null], ['其他资金', 0, 40, 26, null, 0.65, null],
    ]);
    expect(f.amount_unit).toBe('元');
    expect(f.budget_score).toBe(9);
  });
});

describe('placing a row\'s figures', () => {
  it('places a figure only where every placing agrees', () => {
    expect(placeFigures(['initial_budget', 'executed', 'weight', 'rate'], ['1,000.00', '900.00', '90%'])).toEqual(['initial_budget', 'executed', 'rate']);
    // `8.00` may be an amount or the points: the amounts agree, the other does not
    expect(placeFigures(['initial_budget', 'annual_budget', 'executed', 'weight', 'rate'], ['10.00', '10.00', '8.00', '80%'])).toEqual([null, null, null, 'rate']);
    expect(placeFigures(['rate', 'score'], ['90%', '9', '9'])).toBeNull();
  });
});
