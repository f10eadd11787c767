// 执行率 = 全年执行数 / 全年预算数, with the amounts and the rate each at their printed precision.
import type { AnomalyX } from '@ziping/core';
import { fmt, formLabel, fundingFig, perFunding, report, type Ctx } from '../context.ts';
import { decimals, div, overlaps, printed, rateText, round } from '../precision.ts';

export const code = 'FUND_RATE' as const;
export const severity = 'error' as const;

export const run = (ctx: Ctx): AnomalyX[] =>
  report({ code, severity }, perFunding(ctx, (f, i, r, k) => {
    if (r.rate == null || r.executed == null || r.annual_budget == null) return null;
    const computed = div(printed(r.executed), printed(r.annual_budget));
    if (!computed || overlaps(printed(r.rate), computed)) return null;
    const expected = round(r.executed / r.annual_budget, decimals(r.rate));
    return {
      form: i,
      indicator: r.source,
      expected,
      found: r.rate,
      message: `${formLabel(f, i)} ${r.source}: 执行率 printed ${rateText(r.rate)}, but 全年执行数 ${fmt(r.executed)} / 全年预算数 ${fmt(r.annual_budget)} gives ${rateText(expected)}.`,
      evidence: [fundingFig(f, k, 'rate'), fundingFig(f, k, 'executed'), fundingFig(f, k, 'annual_budget')],
    };
  }));
