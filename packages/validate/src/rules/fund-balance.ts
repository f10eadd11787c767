// 结余 = 全年预算数 − 全年执行数.
import type { AnomalyX } from '@ziping/core';
import { fmt, formLabel, fundingFig, perFunding, report, type Ctx } from '../context.ts';
import { decimals, overlaps, printed, round, sub } from '../precision.ts';

export const code = 'FUND_BALANCE' as const;
export const severity = 'error' as const;

export const run = (ctx: Ctx): AnomalyX[] =>
  report({ code, severity }, perFunding(ctx, (f, i, r, k) => {
    if (r.balance == null || r.executed == null || r.annual_budget == null) return null;
    if (overlaps(printed(r.balance), sub(printed(r.annual_budget), printed(r.executed)))) return null;
    const expected = round(r.annual_budget - r.executed, Math.max(decimals(r.annual_budget), decimals(r.executed)));
    return {
      form: i,
      indicator: r.source,
      expected,
      found: r.balance,
      message: `${formLabel(f, i)} ${r.source}: 结余 printed ${fmt(r.balance)}, but 全年预算数 ${fmt(r.annual_budget)} − 全年执行数 ${fmt(r.executed)} gives ${fmt(expected)}.`,
      evidence: [fundingFig(f, k, 'balance'), fundingFig(f, k, 'annual_budget'), fundingFig(f, k, 'executed')],
    };
  }));
