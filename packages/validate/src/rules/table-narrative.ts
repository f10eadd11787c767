// Figures a report's 情况说明 states about one of its budget tables (NARRATIVE with `table`
// set). A section belongs to a table when its heading names the table ("（五）一般公共预算财政拨款
// 支出决算情况说明" → 一般公共预算财政拨款支出决算表; the longest such title wins). In it, a column
// name followed by an amount ("项目支出195,397.34万元") is the table's 合计 row in that column,
// and a row label followed by an amount ("卫生健康支出199,996.88万元") is that row's total.
// Clauses comparing with another year (与 2019 年…相比, 较上年) are not statements about the table.
import type { AnomalyX, BudgetTableX, TextLine } from '@ziping/core';
import { countWhile, matchesOf, unitFactor, type Ctx } from '../context.ts';
import { halfUnit } from '../precision.ts';
import {
  cellEvidence, isTotalLabel, judge, num, plain, r8, squash, statesRounding, tableName, tolerance, totalColumn, type Cell,
} from '../tables.ts';

/** Part of the NARRATIVE rule (narrative.ts runs it after the form checks). */
const code = 'NARRATIVE' as const;

const HEADING = /^(#+|[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、)/;
const NUM = String.raw`(\d[\d,]*(?:\.\d+)?)`;
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Section { heading: string; line: number; lines: TextLine[] }

function sections(lines: TextLine[]): Section[] {
  const out: Section[] = [];
  for (const l of lines) {
    const text = l.text.trim();
    if (HEADING.test(text)) out.push({ heading: squash(text.replace(/^#+/, '')), line: l.line, lines: [] });
    // table rows (several cells) are the tables themselves, not prose about them
    else if (out.length && l.cells.filter((c) => c.text.trim() !== '').length <= 1) out.at(-1)!.lines.push(l);
  }
  return out;
}

const stem = (t: BudgetTableX): string => squash(t.title).replace(/表$/, '');

/**
 * The table a heading (at `line`) names: the longest title contained in it. A file may bind one
 * report many times, so each title is tried once, and of the tables printing it the one nearest
 * the heading is meant (a report's 情况说明 sits next to its own tables, before or after them).
 */
function owners(tables: BudgetTableX[]): (heading: string, line: number) => number | null {
  const byStem = new Map<string, number[]>();
  tables.forEach((t, i) => { const s = stem(t); if (s.length >= 4) (byStem.get(s) ?? byStem.set(s, []).get(s)!).push(i); });
  const lineOf = (i: number): number => tables[i]!.prov.table?.line ?? tables[i]!.rows[0]?.prov.line ?? 0;
  return (heading, line) => {
    let best: string | null = null;
    for (const s of byStem.keys()) if (heading.includes(s) && (best == null || s.length > best.length)) best = s;
    if (best == null) return null;
    // tables come in document order: the first at or after the heading, or the one before it
    const ids = byStem.get(best)!;
    const lo = countWhile(ids, (i) => lineOf(i) < line);
    const after = ids[lo];
    const before = ids[lo - 1];
    if (before == null) return after!;
    return after == null || line - lineOf(before) <= lineOf(after) - line ? before : after;
  };
}

/** A clause comparing with another period. */
function comparing(text: string, at: number): boolean {
  const start = Math.max(text.lastIndexOf('。', at), text.lastIndexOf('；', at)) + 1;
  const before = text.slice(start, at);
  const end = text.indexOf('。', at);
  const after = text.slice(at, end < 0 ? undefined : end);
  return /与|较|比上年|同比/.test(before) && /相比|比较|增加|减少|增长|下降/.test(after) || /上年|去年/.test(before.slice(-8));
}

export function run(ctx: Ctx): AnomalyX[] {
  const tables = ctx.x.tables;
  if (tables.length === 0) return [];
  const stated = statesRounding(ctx.doc);
  const owner = owners(tables);
  const out: AnomalyX[] = [];
  for (const s of sections(ctx.doc.lines)) {
    const i = owner(s.heading, s.line);
    if (i == null) continue;
    const t = tables[i]!;
    const tol = tolerance(t, stated);
    const totalRow = t.rows.findIndex((r) => !r.code && isTotalLabel(r.label));
    const col = totalColumn(t);
    const targets: { name: string; cell: Cell }[] = [];
    if (totalRow >= 0) {
      t.columns.forEach((h, c) => {
        const name = squash(h.split('/').at(-1));
        if (name.length >= 4 && !isTotalLabel(name)) targets.push({ name, cell: { row: totalRow, col: c } });
      });
    }
    if (col != null) {
      t.rows.forEach((r, k) => {
        const name = plain(r.label);
        if (name.length >= 4 && !isTotalLabel(name)) targets.push({ name, cell: { row: k, col } });
      });
    }
    // one text for the section, with where each character came from
    let text = '';
    const at: TextLine[] = [];
    for (const l of s.lines) {
      const sq = squash(l.text);
      text += sq;
      for (let k = 0; k < sq.length; k++) at.push(l);
    }
    const seen = new Set<string>();
    for (const target of targets) {
      const re = new RegExp(`(?<![\\u4e00-\\u9fa5])${escape(target.name)}(?:数|为|是|：|:)?${NUM}(万元|元)`, 'g');
      for (const m of matchesOf(re, text)) {
        if (comparing(text, m.index!)) continue;
        const scale = unitFactor(m[2], t.amount_unit);
        const shown = t.rows[target.cell.row]?.values[target.cell.col] ?? null;
        if (scale == null || shown == null) continue;
        const said = Number(m[1]!.replace(/,/g, ''));
        const claimed = r8(said * scale);
        if (Math.abs(claimed - shown) <= halfUnit(said) * scale + 1e-9) continue;
        const verdict = judge(claimed - shown, tol);
        if (verdict === 'ok') continue;
        const key = `${target.cell.row}|${target.cell.col}|${claimed}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const line = at[m.index!]!;
        const row = t.rows[target.cell.row]!;
        out.push({
          rule: code, severity: verdict, form: null, table: i, indicator: row.label, expected: shown, found: claimed,
          message: `The section 「${s.heading}」 (line ${line.line}) says ${target.name} ${m[1]}${m[2]}, but ${tableName(t)} 「${row.label}」 (${t.columns[target.cell.col]}) prints ${num(shown)}${verdict === 'warning' ? '; the gap is rounding-sized' : ''}.`,
          evidence: [{ field: 'prose', value: m[0], prov: { page: line.page, line: line.line } }, cellEvidence(t, i, target.cell)],
        });
      }
    }
  }
  return out;
}
