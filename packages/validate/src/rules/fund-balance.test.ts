import { describe, expect, it } from 'vitest';
import { ctx, form, fundingRow } from '../testing/build.ts';
import { run } from './fund-balance.ts';

describe('FUND_BALANCE', () => {
  it('accepts 全年预算数 − 全年执行数', () => {
    expect(run(ctx([form({ funding: [fundingRow({ annual_budget: 8.65, executed: 3.703, balance: 4.947 })] })]))).toEqual([]);
  });

  it('flags a balance that is not the difference', () => {
    expect(run(ctx([form({ funding: [fundingRow({ annual_budget: 8.65, executed: 3.703, balance: 4.95 + 1 })] })]))).toMatchObject([
      { rule: 'FUND_BALANCE', expected: 4.947, found: 5.95 },
    ]);
  });
});
