// The score should follow from a numeric target and actual (see ruleScore): full marks for a
// missed target, or a score off the proportional one at the printed precision, either way.
import type { AnomalyX } from '@ziping/core';
import { fmt, formLabel, indicatorFig, perIndicator, report, type Ctx } from '../context.ts';
import { measure, ruleScore } from '../measure.ts';
import { halfUnit, round } from '../precision.ts';

export const code = 'SCORE_RULE' as const;
export const severity = 'warning' as const;

export const run = (ctx: Ctx): AnomalyX[] =>
  report({ code, severity }, perIndicator(ctx, (f, i, r, k) => {
    // a score above its weight is SCORE_OVER_WEIGHT's finding; no formula gives it
    if (r.score == null || r.weight == null || r.score > r.weight) return null;
    const target = measure(r.target);
    const actual = measure(r.actual);
    if (!target || !actual) return null;
    const expected = ruleScore(target, actual, r.weight);
    if (expected == null) return null;
    const missedWithFullMarks = expected < r.weight - 1e-9 && r.score >= r.weight;
    // below the formula, a score may be truncated rather than rounded: one printed unit of slack
    const slack = r.score < expected ? 2 * halfUnit(r.score) : halfUnit(r.score);
    if (!missedWithFullMarks && Math.abs(r.score - expected) <= slack + 1e-9) return null;
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
