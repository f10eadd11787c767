// An indicator cannot earn more than its 分值.
import type { AnomalyX } from '@ziping/core';
import { fmt, formLabel, indicatorFig, perIndicator, report, type Ctx } from '../context.ts';

export const code = 'SCORE_OVER_WEIGHT' as const;
export const severity = 'error' as const;

export const run = (ctx: Ctx): AnomalyX[] =>
  report({ code, severity }, perIndicator(ctx, (f, i, r, k) => {
    if (r.score == null || r.weight == null || r.score <= r.weight + 1e-9) return null;
    return {
      form: i,
      indicator: r.name,
      expected: r.weight,
      found: r.score,
      message: `${formLabel(f, i)} ${r.name}: 得分 ${fmt(r.score)} exceeds its 分值 ${fmt(r.weight)}.`,
      evidence: [indicatorFig(f, k, 'score'), indicatorFig(f, k, 'weight')],
    };
  }));
