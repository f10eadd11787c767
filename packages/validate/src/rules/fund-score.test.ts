import { describe, expect, it } from 'vitest';
import { ctx, form, fundingRow } from '../testing/build.ts';
import { run } from './fund-score.ts';

describe('FUND_SCORE', () => {
  it('accepts 分值 × 执行率 at the printed precision', () => {
    expect(run(ctx([form({ funding: [fundingRow({ weight: 10, rate: 0.7226, score: 7.23 })] })]))).toEqual([]);
    expect(run(ctx([form({ funding: [fundingRow({ weight: 10, rate: 0.3064, score: 3 })] })]))).toEqual([]);
  });

  it('flags a budget score that does not follow from the rate', () => {
    expect(run(ctx([form({ funding: [fundingRow({ weight: 10, rate: 0.87, score: 9.7 })] })]))).toMatchObject([
      { rule: 'FUND_SCORE', expected: 8.7, found: 9.7 },
    ]);
  });

  it('needs a printed weight', () => {
    expect(run(ctx([form({ funding: [fundingRow({ weight: null, rate: 0.87, score: 9.7 })] })]))).toEqual([]);
  });
});
