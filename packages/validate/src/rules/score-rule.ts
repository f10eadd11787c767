// The score should follow from a numeric target and actual (see ruleScore). Only scores
// above what the rule allows are flagged: evaluators routinely dock points below the formula
// for quality or timing, which is their judgement, but points the figures do not support are
// what an auditor asks about.
import type { AnomalyX } from '@ziping/core';
import { fmt, formLabel, indicatorFig, perIndicator, report, type Ctx } from '../context.ts';
import { measure, ruleScore } from '../measure.ts';
import { halfUnit, round } from '../precision.ts';

export const code = 'SCORE_RULE' as const;
export const severity = 'warning' as const;

export const run = (ctx: Ctx): AnomalyX[] =>
  report({ code, severity }, perIndicator(ctx, (f, i, r, k) => {
    if (r.score == null || r.weight == null) return null;
    const target = measure(r.target);
    const actual = measure(r.actual);
    if (!target || !actual) return null;
    const expected = ruleScore(target, actual, r.weight);
    if (expected == null || r.score - expected <= halfUnit(r.score) + 1e-9) return null;
    const shown = round(expected, 2);
    return {
      form: i,
      indicator: r.name,
      expected: shown,
      found: r.score,
      message: `${formLabel(f, i)} ${r.name}: target ${r.target} but actual ${r.actual}, yet ${fmt(r.score)} of ${fmt(r.weight)} points awarded; proportional scoring gives ${fmt(shown)}.`,
      evidence: [indicatorFig(f, k, 'score'), indicatorFig(f, k, 'weight'), indicatorFig(f, k, 'target'), indicatorFig(f, k, 'actual')],
    };
  }));
