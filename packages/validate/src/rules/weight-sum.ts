// Indicator 分值 plus the budget 分值 make 100. Without a printed budget weight nothing can
// be said unless the indicators alone already exceed 100.
import type { AnomalyX } from '@ziping/core';
import { fmt, formLabel, perForm, report, type Ctx } from '../context.ts';
import { budgetEvidence, indicatorEvidence, sums, total } from '../sums.ts';

export const code = 'WEIGHT_SUM' as const;
export const severity = 'error' as const;

export const run = (ctx: Ctx): AnomalyX[] =>
  report({ code, severity }, perForm(ctx, (f, i) => {
    const s = sums(f);
    if (!s) return null;
    const indicators = total(s.weights);
    const found = total([indicators, s.budget?.weight ?? 0]);
    if (Math.abs(found - 100) < 1e-6 || (!s.budget && found < 100)) return null;
    const budget = s.budget ? ` plus the budget weight ${fmt(s.budget.weight)}` : '';
    return {
      form: i,
      expected: 100,
      found,
      message: `${formLabel(f, i)}: the indicator weights (${fmt(indicators)})${budget} add up to ${fmt(found)}, not 100.`,
      evidence: [...indicatorEvidence(f, 'weight'), ...budgetEvidence(f, s)],
    };
  }));
