// Budget tables against their own sums (see tables.ts for how the structure is read): a parent
// code vs its children, a unit vs its member rows, the department vs its units, a 合计/总计
// line vs the rows it closes, a 合计 column vs the columns it sums, the two sides of a 总表.
// A gap of one or two printed units (two only where the report says it rounds) is a warning;
// a larger one is an error. Comparisons of one printed figure that give the same recomputation
// are one finding.
import type { AnomalyX, BudgetTableX } from '@ziping/core';
import { once, type Ctx } from '../context.ts';
import {
  cellEvidence, comparisons, entityNames, gaps, num, plain, r8, statesRounding, tableName, tolerance,
  type Gap, type Kind, type Tolerance,
} from '../tables.ts';

export const code = 'SUBTOTAL' as const;
export const severity = 'error' as const;

const WHAT: Record<Kind, string> = {
  children: 'its sub-items',
  members: 'its member rows',
  units: 'the unit rows',
  columns: 'the columns of the same row',
  total: 'the rows it closes',
  sides: 'the other side\'s total',
};

const header = (t: BudgetTableX, col: number): string => t.columns[col] ?? `column ${col}`;
/** A column's own name: its last header segment, or its group's where that is 小计 / 合计. */
const colName = (t: BudgetTableX, col: number): string => {
  const s = header(t, col).split('/');
  return s.length > 1 && /^(合计|小计|总计)$/.test(s.at(-1)!.trim()) ? s.at(-2)! : s.at(-1)!;
};

function describe(t: BudgetTableX, g: Gap): string {
  const names = g.cmp.kind === 'columns'
    ? g.cmp.parts.map((c) => colName(t, c.col)).join(' + ')
    : g.cmp.parts.map((c) => plain(t.rows[c.row]!.label) || `row ${c.row}`).join(' + ');
  const list = g.cmp.parts.length <= 6 ? ` (${names})` : ` (${g.cmp.parts.length} rows)`;
  return `${WHAT[g.cmp.kind]}${list}`;
}

export function roundingNote(gap: number, tol: Tolerance, t: BudgetTableX, stated: boolean): string {
  const unit = t.amount_unit ?? '';
  const said = stated ? ', which the report says its rounding may cause' : '';
  return `the ${num(r8(Math.abs(gap)))} ${unit} gap is within ${tol.units} printed unit${tol.units > 1 ? 's' : ''}${said}, so it is taken for rounding`;
}

/** The findings on every table, grouped by printed figure and recomputation. */
export function tableGaps(ctx: Ctx): { table: number; gaps: Gap[]; tol: Tolerance }[] {
  const names = entityNames(ctx.x.tables);
  const stated = statesRounding(ctx.doc);
  return ctx.x.tables.map((t, table) => {
    const tol = tolerance(t, stated);
    return { table, tol, gaps: gaps(t, comparisons(t, table, names, tol), tol) };
  });
}

export function run(ctx: Ctx): AnomalyX[] {
  const stated = statesRounding(ctx.doc);
  return once(ctx, tableGaps).flatMap(({ table, gaps: found, tol }) => {
    const t = ctx.x.tables[table]!;
    const groups = new Map<string, Gap[]>();
    for (const g of found) {
      const k = `${g.cmp.parent.row}|${g.found}|${g.expected}`;
      groups.set(k, [...(groups.get(k) ?? []), g]);
    }
    return [...groups.values()].map((gs): AnomalyX => {
      const g = gs[0]!;
      const row = t.rows[g.cmp.parent.row]!;
      const cols = [...new Set(gs.map((x) => header(t, x.cmp.parent.col)))].join('、');
      const error = gs.some((x) => x.verdict === 'error');
      const how = [...new Set(gs.map((x) => describe(t, x)))].join(' and also ');
      const gap = (g.found ?? 0) - g.expected;
      const tail = error ? 'the gap is more than rounding' : roundingNote(gap, tol, t, stated);
      const seen = new Set<string>();
      const evidence = gs.flatMap((x) => [x.cmp.parent, ...x.cmp.parts]).filter((c) => {
        const k = `${c.row}:${c.col}`;
        return seen.has(k) ? false : (seen.add(k), true);
      }).map((c) => cellEvidence(t, table, c));
      return {
        rule: code,
        severity: error ? 'error' : 'warning',
        form: null,
        table,
        indicator: row.label,
        expected: g.expected,
        found: g.found,
        message: `${tableName(t)} row 「${row.label}」 (${cols}) prints ${num(g.found)} but ${how} add up to ${num(g.expected)}; ${tail}.`,
        evidence,
      };
    });
  });
}
