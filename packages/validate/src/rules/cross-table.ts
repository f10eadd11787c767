// Budget tables (x.tables) are compared with each other in budget-cross.ts.
// The report often prints the project's funding again (in 元) before the form (in 万元).
// The extraction does not carry those report tables, so they are read from the lines: a
// 合计 / 资金总额 row under a header naming 全年预算数, 全年执行数 and 结余 with its unit,
// attributed to a form like prose (see prose.ts). The header's columns are trusted only when
// the row's own 预算 − 执行 = 结余 holds, since merged header cells often shift them.
import type { AnomalyX, FormX, TextLine } from '@ziping/core';
import { fmt, formLabel, fundingFig, once, quietly, report, totalRow, unitFactor, type Ctx, type Finding } from '../context.ts';
import { overlaps, printed, sub } from '../precision.ts';
import { passages } from '../prose.ts';
import { formSpans } from '../span.ts';
import { run as betweenTables } from './budget-cross.ts';

export const code = 'CROSS_TABLE' as const;
export const severity = 'error' as const;

const squash = (s: string): string => s.replace(/\s+/g, '').replace(/[:：]$/, '');
const TOTAL = /^(合计|总计|资金总额|年度资金总额|年度预算资金总额)$/;
const COLUMNS = { annual_budget: /全年预算/, executed: /全年执行/, balance: /结.*余/ } as const;
type Column = keyof typeof COLUMNS;

interface ReportRow { line: TextLine; unit: string; values: Record<Column, number> }

const num = (s: string | undefined): number | null =>
  s != null && /^-?[\d,]+(\.\d+)?$/.test(s.trim()) ? Number(s.replace(/,/g, '')) : null;

function reportRow(lines: TextLine[], k: number): ReportRow | null {
  const line = lines[k]!;
  const first = line.cells.find((c) => c.text.trim() !== '');
  if (!first || !TOTAL.test(squash(first.text))) return null;
  const header = lines.slice(Math.max(0, k - 4), k).reverse().find((l) => l.cells.some((c) => COLUMNS.executed.test(c.text)));
  const unit = header && /[（(]万元[)）]/.test(header.text) ? '万元' : header && /[（(]元[)）]/.test(header.text) ? '元' : null;
  if (!header || !unit) return null;
  const values = {} as Record<Column, number>;
  for (const column of Object.keys(COLUMNS) as Column[]) {
    const col = header.cells.find((c) => COLUMNS[column].test(c.text))?.col;
    const v = num(line.cells.find((c) => c.col === col)?.text);
    if (col == null || v == null) return null;
    values[column] = v;
  }
  const { annual_budget: b, executed: e, balance: r } = values;
  return overlaps(printed(r), sub(printed(b), printed(e))) ? { line, unit, values } : null;
}

function compare(f: FormX, i: number, row: ReportRow): Finding[] {
  const k = totalRow(f);
  const scale = unitFactor(row.unit, f.amount_unit);
  if (k < 0 || scale == null) return [];
  const r = f.funding[k]!;
  return (['annual_budget', 'executed'] as const).flatMap((field) => {
    const mine = r[field];
    const theirs = row.values[field];
    if (mine == null || overlaps(printed(theirs, scale), printed(mine))) return [];
    const found = Math.round(theirs * scale * 1e8) / 1e8;
    return [{
      form: i,
      indicator: r.source,
      expected: mine,
      found,
      message: `${formLabel(f, i)} ${r.source}: the report's table (line ${row.line.line}) gives ${field} ${fmt(theirs)} ${row.unit}, the form ${fmt(mine)} ${f.amount_unit}.`,
      evidence: [{ field: `report.${field}`, value: theirs, prov: { page: row.line.page, line: row.line.line } }, fundingFig(f, k, field)],
    }];
  });
}

export function run(ctx: Ctx): AnomalyX[] {
  const spans = formSpans(ctx.x.forms, ctx.doc);
  const byLine = new Map(once(ctx, passages).map((p) => [p.lineAt(0).line, p] as const).reverse());
  const lines = ctx.doc.lines;
  const findings = lines.flatMap((l, k) => {
    const i = byLine.get(l.line)?.formAt(0);
    if (i == null) return [];
    const s = spans[i];
    if (s && l.line >= s.start && l.line <= s.end) return [];
    const row = reportRow(lines, k);
    return row ? compare(ctx.x.forms[i]!, i, row) : [];
  });
  return [...report({ code, severity }, findings), ...quietly(() => betweenTables(ctx))];
}
