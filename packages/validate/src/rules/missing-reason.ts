// An indicator that lost points (得分 < 分值) should say why. A reason printed for the same
// indicator elsewhere in the document (the report's own 绩效指标 table) counts.
import type { AnomalyX, SourceDocument } from '@ziping/core';
import { fmt, formLabel, indicatorFig, perIndicator, report, type Ctx } from '../context.ts';
import { squash } from '../tables.ts';

export const code = 'MISSING_REASON' as const;
export const severity = 'warning' as const;

const isBlank = (s: string | null): boolean => s == null || /^[\s—\-–/无]*$/.test(s);
/** Prose, not a figure or a one-word verdict. */
const isReason = (s: string): boolean => s.length >= 6 && /[\u4e00-\u9fff]/.test(s) && !/^[\d.,%\s]+$/.test(s);

/** Another line (not the indicator's own row) that names it, prints its score, and has prose after the score. */
function reasonElsewhere(doc: SourceDocument, name: string, score: number, own: Set<number>): boolean {
  const key = squash(name);
  return doc.lines.some((l) => {
    if (own.has(l.line)) return false;
    const cells = l.cells.map((c) => squash(c.text));
    const at = cells.indexOf(key);
    if (at < 0) return false;
    const scored = cells.findIndex((c, j) => j > at && c !== '' && Number(c) === score);
    return scored >= 0 && cells.slice(scored + 1).some(isReason);
  });
}

export const run = (ctx: Ctx): AnomalyX[] =>
  report({ code, severity }, perIndicator(ctx, (f, i, r, k) => {
    if (r.score == null || r.weight == null || r.score >= r.weight) return null;
    const own = new Set(Object.values(r.prov).flatMap((p) => Array.from({ length: (p.lineEnd ?? p.line) - p.line + 1 }, (_, d) => p.line + d)));
    if (!isBlank(r.deviation) || reasonElsewhere(ctx.doc, r.name, r.score, own)) return null;
    return {
      form: i,
      indicator: r.name,
      message: `${formLabel(f, i)} ${r.name}: scored ${fmt(r.score)} of ${fmt(r.weight)} but gives no deviation reason.`,
      evidence: [indicatorFig(f, k, 'score'), indicatorFig(f, k, 'weight'), indicatorFig(f, k, 'deviation')],
    };
  }));
