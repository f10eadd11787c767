import { describe, expect, it } from 'vitest';
import { ctx, form, fundingRow, indicatorRow } from '../testing/build.ts';
import { run } from './total-score.ts';

const rows = (...scores: number[]) => scores.map((s, k) => indicatorRow({ name: `指标${k}`, weight: 45, score: s }));

describe('TOTAL_SCORE', () => {
  it('accepts budget score plus indicator scores', () => {
    expect(run(ctx([form({ budget_score: 7.23, total_score: 95.23, indicators: rows(45, 43) })]))).toEqual([]);
  });

  it('flags a total that is not the sum', () => {
    expect(run(ctx([form({ budget_score: 9, total_score: 98.48, indicators: rows(45, 39.48) })]))).toMatchObject([
      { rule: 'TOTAL_SCORE', expected: 93.48, found: 98.48 },
    ]);
  });

  it('without a budget score, sums only a form whose indicators are the whole', () => {
    const noBudget = { budget_score: null, funding: [fundingRow({ weight: null })] };
    expect(run(ctx([form({ ...noBudget, total_score: 92.31, indicators: rows(45, 41) })]))).toEqual([]);
    const whole = [indicatorRow({ weight: 60, score: 56 }), indicatorRow({ name: 'b', weight: 40, score: 40 })];
    expect(run(ctx([form({ ...noBudget, total_score: 99, indicators: whole })]))).toMatchObject([{ expected: 96, found: 99 }]);
  });
});
