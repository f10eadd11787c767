import { describe, expect, it } from 'vitest';
import { ctx, form, fundingRow, indicatorRow } from '../testing/build.ts';
import { run } from './weight-sum.ts';

const rows = (...weights: number[]) => weights.map((w, k) => indicatorRow({ name: `指标${k}`, weight: w, score: w }));

describe('WEIGHT_SUM', () => {
  it('accepts indicator weights plus the budget weight making 100', () => {
    expect(run(ctx([form({ indicators: rows(50, 40) })]))).toEqual([]);
  });

  it('accepts a department form whose indicators alone make 100', () => {
    expect(run(ctx([form({ kind: 'department', funding: [fundingRow({ weight: null })], indicators: rows(60, 40) })]))).toEqual([]);
  });

  it('flags weights that do not add up to 100', () => {
    expect(run(ctx([form({ indicators: rows(45, 40) })]))).toMatchObject([{ rule: 'WEIGHT_SUM', expected: 100, found: 95 }]);
  });

  it('never guesses a missing budget weight, nor sums a fragment', () => {
    expect(run(ctx([form({ funding: [fundingRow({ weight: null })], indicators: rows(45, 40) })]))).toEqual([]);
    expect(run(ctx([form({ fragment: true, indicators: rows(45, 40) })]))).toEqual([]);
  });

  it('does not sum a form whose indicator block was read only in part', () => {
    expect(run(ctx([form({ partial: { page: 4, line: 30 }, indicators: rows(45, 40) })]))).toEqual([]);
  });

  it('flags indicators over 100 even without a budget weight', () => {
    expect(run(ctx([form({ funding: [], indicators: rows(60, 50) })]))).toMatchObject([{ found: 110 }]);
  });
});
