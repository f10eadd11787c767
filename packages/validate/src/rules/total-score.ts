// The printed total is the budget score plus the indicator scores. Without a budget score
// the indicators must be the whole form (a department form) for the sum to mean anything.
import type { AnomalyX } from '@ziping/core';
import { fmt, formFig, formLabel, perForm, report, type Ctx } from '../context.ts';
import { decimals, round, sumAgrees } from '../precision.ts';
import { indicatorEvidence, indicatorsAreWhole, sums, total } from '../sums.ts';

export const code = 'TOTAL_SCORE' as const;
export const severity = 'error' as const;

export const run = (ctx: Ctx): AnomalyX[] =>
  report({ code, severity }, perForm(ctx, (f, i) => {
    const s = sums(f);
    if (!s || f.total_score == null) return null;
    if (f.budget_score == null && !indicatorsAreWhole(s)) return null;
    const parts = f.budget_score == null ? s.scores : [f.budget_score, ...s.scores];
    if (sumAgrees(f.total_score, parts)) return null;
    const expected = round(total(parts), Math.max(...parts.map((p) => decimals(p)), decimals(f.total_score)));
    const budget = f.budget_score == null ? '' : `budget score ${fmt(f.budget_score)} plus `;
    return {
      form: i,
      expected,
      found: f.total_score,
      message: `${formLabel(f, i)}: ${budget}the indicator scores (${fmt(total(s.scores))}) give ${fmt(expected)}, but the printed total is ${fmt(f.total_score)}.`,
      evidence: [formFig(f, 'total_score'), ...(f.budget_score == null ? [] : [formFig(f, 'budget_score')]), ...indicatorEvidence(f, 'score')],
    };
  }));
