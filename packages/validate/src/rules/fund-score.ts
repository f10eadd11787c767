// Budget score = 分值 × 执行率. Some forms cap the score at the weight when spending ran over
// budget, so a capped score is accepted too.
import type { AnomalyX } from '@ziping/core';
import { fmt, formLabel, fundingFig, perFunding, report, type Ctx } from '../context.ts';
import { decimals, exact, mul, overlaps, printed, rateText, round } from '../precision.ts';

export const code = 'FUND_SCORE' as const;
export const severity = 'error' as const;

export const run = (ctx: Ctx): AnomalyX[] =>
  report({ code, severity }, perFunding(ctx, (f, i, r, k) => {
    if (r.score == null || r.weight == null || r.rate == null) return null;
    const shown = printed(r.score);
    if (overlaps(shown, mul(exact(r.weight), printed(r.rate)))) return null;
    if (r.rate > 1 && overlaps(shown, exact(r.weight))) return null;
    const expected = round(r.weight * Math.min(r.rate, 1), Math.max(decimals(r.score), 2));
    return {
      form: i,
      indicator: r.source,
      expected,
      found: r.score,
      message: `${formLabel(f, i)} ${r.source}: budget score printed ${fmt(r.score)}, but 分值 ${fmt(r.weight)} × 执行率 ${rateText(r.rate)} gives ${fmt(expected)}.`,
      evidence: [fundingFig(f, k, 'score'), fundingFig(f, k, 'weight'), fundingFig(f, k, 'rate')],
    };
  }));
