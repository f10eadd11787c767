// 优 ≥ 90, 良 80–<90, 中 60–<80, 差 < 60.
import type { AnomalyX } from '@ziping/core';
import { fmt, formFig, formLabel, perForm, report, type Ctx } from '../context.ts';

export const code = 'GRADE' as const;
export const severity = 'error' as const;

export const gradeFor = (total: number): string => (total >= 90 ? '优' : total >= 80 ? '良' : total >= 60 ? '中' : '差');

/** The grade's band as printed (优秀 → 优, 不合格 → 差); null for a word outside the scale. */
function band(printed: string): string | null {
  const g = printed.replace(/\s/g, '');
  if (/^不合格|^较差/.test(g)) return '差';
  const m = /^(优|良|中|差|合格)/.exec(g);
  if (!m) return null;
  return m[1] === '合格' ? '中' : m[1]!;
}

export const run = (ctx: Ctx): AnomalyX[] =>
  report({ code, severity }, perForm(ctx, (f, i) => {
    if (f.grade == null || f.total_score == null) return null;
    const found = band(f.grade);
    const expected = gradeFor(f.total_score);
    if (found == null || found === expected) return null;
    return {
      form: i,
      expected,
      found: f.grade,
      message: `${formLabel(f, i)}: total ${fmt(f.total_score)} is graded ${f.grade}, but the scale gives ${expected}.`,
      evidence: [formFig(f, 'grade'), formFig(f, 'total_score')],
    };
  }));
