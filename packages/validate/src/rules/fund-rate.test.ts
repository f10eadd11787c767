import { describe, expect, it } from 'vitest';
import { ctx, form, fundingRow } from '../testing/build.ts';
import { run } from './fund-rate.ts';

describe('FUND_RATE', () => {
  it('accepts a rate printed to its precision, as a fraction or a percent', () => {
    expect(run(ctx([form({ funding: [fundingRow({ annual_budget: 31611787, executed: 27433741.7, rate: 0.87 })] })]))).toEqual([]);
    expect(run(ctx([form({ funding: [fundingRow({ annual_budget: 8.65, executed: 6.25, rate: 0.7226 })] })]))).toEqual([]);
  });

  it('flags a rate the amounts do not give, with the figures as evidence', () => {
    const [a, ...rest] = run(ctx([form({ funding: [fundingRow({ annual_budget: 100, executed: 80, rate: 0.87, prov: { rate: { page: 1, line: 9 } } })] })]));
    expect(rest).toEqual([]);
    expect(a).toMatchObject({ rule: 'FUND_RATE', severity: 'error', form: 0, indicator: '年度资金总额', expected: 0.8, found: 0.87 });
    expect(a!.evidence[0]).toEqual({ field: 'funding[0].rate', value: 0.87, prov: { page: 1, line: 9 } });
    expect(a!.evidence[1]).toEqual({ field: 'funding[0].executed', value: 80, prov: null });
  });

  it('says nothing about a zero budget', () => {
    expect(run(ctx([form({ funding: [fundingRow({ annual_budget: 0, executed: 0, rate: 0 })] })]))).toEqual([]);
  });
});
