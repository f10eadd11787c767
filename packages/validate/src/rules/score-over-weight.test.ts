import { describe, expect, it } from 'vitest';
import { ctx, form, indicatorRow } from '../testing/build.ts';
import { run } from './score-over-weight.ts';

describe('SCORE_OVER_WEIGHT', () => {
  it('accepts a score up to the weight', () => {
    expect(run(ctx([form({ indicators: [indicatorRow({ weight: 5, score: 5 })] })]))).toEqual([]);
  });

  it('flags a score above the weight', () => {
    expect(run(ctx([form({ indicators: [indicatorRow({ weight: 5, score: 6 })] })]))).toMatchObject([
      { rule: 'SCORE_OVER_WEIGHT', indicator: '培训次数', expected: 5, found: 6 },
    ]);
  });
});
