// CROSS_TABLE for budget tables: the same figure in two tables of one report (`table` set):
// * a total SUBTOTAL finds grossly wrong, where another table prints the recomputed figure on a
//   row of the same name, or on the row / column naming this table's fund (公开08表
//   政府性基金预算财政拨款… vs 公开04表 「政府性基金预算财政拨款」): an error;
// * a function code (支出功能分类) in a 总表 or 支出表 vs the same code summed over the fund tables
//   (一般公共预算 / 政府性基金 / 国有资本经营 支出表), matched by label where the 总表 prints none;
// * a unit's 基本支出 / 项目支出 in a summary table vs the same unit's column summed over the fund tables;
// * a table that splits one column of another (…基本支出决算表 vs …支出决算表's 基本支出) vs that column's total.
// Gaps are judged like SUBTOTAL: rounding-sized is a warning, more is an error.
// Tables are compared within their report only (see reports()), through indexes built once per
// report, so the work grows with the document, not with the square of its number of reports.
import type { AnomalyX, BudgetTableX, Evidence } from '@ziping/core';
import { once, unitFactor, type Ctx } from '../context.ts';
import {
  amountColumns, cellEvidence, entityNames, isFunctionCode, isTotalLabel, judge, num, plain, r8, squash,
  statesRounding, tableName, tolerance, totalColumn, unitBlocks, type Cell, type Tolerance,
} from '../tables.ts';
import { tableGaps } from './subtotal.ts';

type Gaps = ReturnType<typeof tableGaps>;

/** Part of the CROSS_TABLE rule (cross-table.ts runs it after the form checks). */
const code = 'CROSS_TABLE' as const;

const FUND = /(一般公共预算|政府性基金预算|国有资本经营预算)/;
const isFundTable = (t: BudgetTableX): boolean =>
  FUND.test(t.title) && /支出/.test(t.title) && !/基本支出|项目支出|三公|绩效|转移支付|采购/.test(t.title);
/** Tables that can only hold fiscal money (a 总表 of 拨款 or a fund table). */
const fiscalOnly = (t: BudgetTableX): boolean => /拨款|财政/.test(t.title) || isFundTable(t);
const seg = (h: string): string => squash(h.split('/').at(-1));

interface Figure { table: number; cell: Cell }

function finding(
  table: number, indicator: string | null, found: number | null, expected: number,
  verdict: 'warning' | 'error', message: string, evidence: Evidence[],
): AnomalyX {
  return { rule: code, severity: verdict, form: null, table, indicator, expected, found, message, evidence };
}

const ev = (ctx: Ctx, f: Figure): Evidence => cellEvidence(ctx.x.tables[f.table]!, f.table, f.cell);
/** A figure, in the unit of table `into` where given (null when the units cannot be related). */
function val(ctx: Ctx, f: Figure, into?: number): number | null {
  const t = ctx.x.tables[f.table]!;
  const v = t.rows[f.cell.row]!.values[f.cell.col] ?? null;
  if (v == null || into == null || into === f.table) return v;
  const to = ctx.x.tables[into]!.amount_unit;
  const k = t.amount_unit === to ? 1 : unitFactor(t.amount_unit, to);
  return k == null ? null : r8(v * k);
}

/** The sum of figures in the unit of table `into`; null when one of them cannot be converted. */
function sumOf(ctx: Ctx, fs: Figure[], into?: number): number | null {
  let s = 0;
  for (const f of fs) {
    const raw = ctx.x.tables[f.table]!.rows[f.cell.row]!.values[f.cell.col];
    if (raw == null) continue;
    const v = val(ctx, f, into);
    if (v == null) return null;
    s += v;
  }
  return r8(s);
}

/** A figure a title may name: a row by its label (`row`), or a total row's column by its header. */
interface Place extends Figure { name: string; row: boolean }

/**
 * The reports a document's tables belong to, as runs of table indices. A report prints each of
 * its tables once, so a table whose code and title the current report already holds starts
 * another: a file that binds several reports (or one report several times) is checked report by
 * report, and no figure is added up over, or compared with, every copy of a table.
 */
function reports(tables: BudgetTableX[]): number[][] {
  const out: number[][] = [];
  let held = new Set<string>();
  tables.forEach((t, i) => {
    const key = `${t.code ?? ''}\u0000${squash(t.title)}`;
    if (out.length === 0 || held.has(key)) { out.push([]); held = new Set(); }
    held.add(key);
    out.at(-1)!.push(i);
  });
  return out;
}

/** Totals SUBTOTAL finds wrong beyond rounding, confirmed by another table of the report `ids`. */
function confirmed(ctx: Ctx, ids: number[], found: Gaps): AnomalyX[] {
  const tables = ctx.x.tables;
  // every row at its table's total column, and every column of a total row, indexed once
  const rows = new Map<string, Figure[]>();
  const places: Place[] = [];
  for (const u of ids) {
    const other = tables[u]!;
    const c = totalColumn(other) ?? 0;
    other.rows.forEach((r, k) => {
      const l = plain(r.label);
      (rows.get(l) ?? rows.set(l, []).get(l)!).push({ table: u, cell: { row: k, col: c } });
      if (l.length >= 4) places.push({ table: u, cell: { row: k, col: c }, name: l, row: true });
      if (!isTotalLabel(r.label)) return;
      other.columns.forEach((h, col) => {
        const s = plain(seg(h));
        if (s.length >= 4) places.push({ table: u, cell: { row: k, col }, name: s, row: false });
      });
    });
  }
  // the places a title names (a row label or column name inside it), once per title
  const namedBy = new Map<string, Place[]>();
  const named = (title: string) => namedBy.get(title) ?? namedBy.set(title, places.filter((p) => title.includes(p.name))).get(title)!;
  return ids.flatMap((table) => {
    const { gaps, tol } = found[table]!;
    const t = tables[table]!;
    const seen = new Set<number>();
    return gaps.flatMap((g) => {
      const row = g.cmp.parent.row;
      if (g.verdict !== 'error' || g.cmp.kind === 'columns' || seen.has(row) || !isTotalLabel(t.rows[row]!.label)) return [];
      const label = plain(t.rows[row]!.label);
      // the same row elsewhere first, then a row or column naming this table's fund
      const sameRow = (rows.get(label) ?? []).filter((f) => f.table !== table);
      const byName = named(squash(t.title)).filter((p) => p.table !== table && !(p.row && p.name === label));
      const hit = [...sameRow, ...byName].find((f) => { const v = val(ctx, f, table); return v != null && judge(v - g.expected, tol) !== 'error'; });
      if (!hit) return [];
      seen.add(row);
      const other = tables[hit.table]!;
      const theirs = val(ctx, hit, table)!;
      return [finding(table, t.rows[row]!.label, g.found, theirs, 'error',
        `${tableName(t)} prints ${t.rows[row]!.label} ${num(g.found)} while ${tableName(other)} prints ${num(theirs)} for 「${other.rows[hit.cell.row]!.label}」${hit.cell.col ? ` (${other.columns[hit.cell.col]})` : ''}, which is what ${tableName(t)}'s own rows add up to (${num(g.expected)}).`,
        [cellEvidence(t, table, g.cmp.parent), ev(ctx, hit)])];
    });
  });
}

/** Function code → label, from every coded row of the report; labels naming two codes are dropped. */
function codeByLabel(tables: BudgetTableX[]): Map<string, string> {
  const m = new Map<string, string | null>();
  for (const t of tables) for (const r of t.rows) {
    if (!isFunctionCode(r.code)) continue;
    const l = plain(r.label);
    m.set(l, m.has(l) && m.get(l) !== r.code ? null : r.code);
  }
  return new Map([...m].filter((e): e is [string, string] => e[1] != null));
}

/** A fund table's expenditure total column. */
const spendColumn = (t: BudgetTableX): number | null => {
  const c = t.columns.findIndex((h) => /支出/.test(h) && /(合计|小计|总计|总额)$/.test(seg(h)));
  return c >= 0 ? c : totalColumn(t);
};

function functionCodes(ctx: Ctx, ids: number[], tolOf: (t: number) => Tolerance): AnomalyX[] {
  const tables = ctx.x.tables;
  const byLabel = codeByLabel(ids.map((i) => tables[i]!));
  // each code's figures in the fund tables, and their sum in a unit, found once
  const figures = new Map<string, Figure[]>();
  ids.forEach((i) => {
    const t = tables[i]!;
    const c = isFundTable(t) ? spendColumn(t) : null;
    if (c != null) t.rows.forEach((r, k) => { if (r.code) (figures.get(r.code) ?? figures.set(r.code, []).get(r.code)!).push({ table: i, cell: { row: k, col: c } }); });
  });
  const fundFigures = (code: string): Figure[] => figures.get(code) ?? [];
  const sums = new Map<string, number | null>();
  // the fund tables are never the table summed into, so only its unit matters
  const sumIn = (code: string, into: number): number | null => {
    const key = `${code}|${tables[into]!.amount_unit}`;
    return sums.has(key) ? sums.get(key)! : sums.set(key, sumOf(ctx, fundFigures(code), into)).get(key)!;
  };
  return ids.flatMap((i) => {
    const t = tables[i]!;
    if (isFundTable(t) || !/支出/.test(t.title) && !/总表/.test(t.title) || /三公|绩效|转移支付|采购|基本支出|项目支出/.test(t.title)) return [];
    const col = totalColumn(t);
    if (col == null) return [];
    const tol = tolOf(i);
    return t.rows.flatMap((r, k) => {
      const code = isFunctionCode(r.code) ? r.code : r.code ? null : byLabel.get(plain(r.label)) ?? null;
      const mine = r.values[col];
      if (code == null || mine == null) return [];
      const theirs = fundFigures(code);
      if (theirs.length === 0) return [];
      const expected = sumIn(code, i);
      if (expected == null) return [];
      const verdict = judge(mine - expected, tol);
      if (verdict === 'ok' || (verdict === 'error' && !fiscalOnly(t) && mine > expected)) return [];
      const parts = theirs.map((f) => `${num(val(ctx, f))} (${tableName(tables[f.table]!)})`).join(' + ');
      return [finding(i, r.label, mine, expected, verdict,
        `${tableName(t)} prints ${r.label} ${num(mine)} but the fund tables list ${code} as ${parts} = ${num(expected)}.`,
        [cellEvidence(t, i, { row: k, col }), ...theirs.map((f) => ev(ctx, f))])];
    });
  });
}

function unitColumns(ctx: Ctx, ids: number[], tolOf: (t: number) => Tolerance, names: Set<string>): AnomalyX[] {
  const tables = ctx.x.tables;
  const roles = (t: BudgetTableX) => unitBlocks(t, names).flatMap((b) => [
    ...(b.dept != null ? [{ role: 'dept', row: b.dept }] : []), ...b.units.map((row) => ({ role: 'unit', row })),
  ]).map((x) => ({ ...x, key: `${x.role}|${plain(t.rows[x.row]!.label)}` }));
  // each fund table's first row per role and first column per name, and the figures of a
  // (role, column) pair over all fund tables with their sum in a unit, found once
  const funds = ids.flatMap((i) => {
    const t = tables[i]!;
    if (!isFundTable(t)) return [];
    const rowOf = new Map<string, number>();
    for (const x of roles(t)) if (!rowOf.has(x.key)) rowOf.set(x.key, x.row);
    const colOf = new Map<string, number>();
    t.columns.forEach((h, c) => { if (!colOf.has(seg(h))) colOf.set(seg(h), c); });
    return [{ i, rowOf, colOf }];
  });
  const figures = new Map<string, Figure[]>();
  const fundFigures = (key: string, name: string): Figure[] => {
    const k = `${key}\u0000${name}`;
    return figures.get(k) ?? figures.set(k, funds.flatMap((f) => {
      const c = f.colOf.get(name);
      const r = f.rowOf.get(key);
      return c != null && r != null ? [{ table: f.i, cell: { row: r, col: c } }] : [];
    })).get(k)!;
  };
  const sums = new Map<string, number | null>();
  const sumIn = (key: string, name: string, into: number): number | null => {
    const k = `${key}\u0000${name}\u0000${tables[into]!.amount_unit}`;
    return sums.has(k) ? sums.get(k)! : sums.set(k, sumOf(ctx, fundFigures(key, name), into)).get(k)!;
  };
  return ids.flatMap((i) => {
    const t = tables[i]!;
    if (isFundTable(t)) return [];
    const tol = tolOf(i);
    return roles(t).flatMap(({ row, key }) => amountColumns(t).flatMap((col) => {
      const name = seg(t.columns[col]!);
      if (!/^(基本支出|项目支出)$/.test(name)) return [];
      const theirs = fundFigures(key, name);
      const mine = t.rows[row]!.values[col];
      if (theirs.length === 0 || mine == null) return [];
      const expected = sumIn(key, name, i);
      if (expected == null) return [];
      const verdict = judge(mine - expected, tol);
      if (verdict === 'ok') return [];
      const label = t.rows[row]!.label;
      const parts = theirs.map((f) => `${tableName(tables[f.table]!)} (${num(val(ctx, f))})`).join(' + ');
      return [finding(i, label, mine, expected, verdict,
        `${tableName(t)} gives ${label} ${name} ${num(mine)} but ${parts} = ${num(expected)}.`,
        [cellEvidence(t, i, { row, col }), ...theirs.map((f) => ev(ctx, f))])];
    }));
  });
}

/** A table that details one column of another (…基本支出决算表 vs …支出决算表 「基本支出」). */
function splitTables(ctx: Ctx, ids: number[], tolOf: (t: number) => Tolerance): AnomalyX[] {
  const tables = ctx.x.tables;
  // The pairs: u's column named `name` (…支出) and t whose title, that name put as 支出, is u's.
  // Tables are found by title for each column name, not by trying every pair.
  const byTitle = new Map<string, number[]>();
  ids.forEach((j) => { const k = squash(tables[j]!.title); (byTitle.get(k) ?? byTitle.set(k, []).get(k)!).push(j); });
  const names = new Set(ids.flatMap((j) => tables[j]!.columns.map(seg).filter((n) => /^.{2,}支出$/.test(n) && n !== '支出')));
  return ids.flatMap((i) => {
    const t = tables[i]!;
    const pairs: [number, number][] = [];
    for (const name of names) {
      for (const j of byTitle.get(squash(t.title).replace(name, '支出')) ?? []) {
        if (j !== i) tables[j]!.columns.forEach((h, c) => { if (seg(h) === name) pairs.push([j, c]); });
      }
    }
    return pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]).flatMap(([j, c]) => {
      const u = tables[j]!;
      const name = seg(u.columns[c]!);
      const uTotal = u.rows.findIndex((r) => !r.code && /^(合计|总计)$/.test(plain(r.label)));
      const totals = t.rows.map((r, k) => ({ r, k })).filter(({ r }) => !r.code && isTotalLabel(r.label));
      const col = totalColumn(t);
      if (uTotal < 0 || totals.length === 0 || col == null) return [];
      const mineF: Figure[] = totals.map(({ k }) => ({ table: i, cell: { row: k, col } }));
      const mine = sumOf(ctx, mineF) ?? 0;
      const theirs: Figure = { table: j, cell: { row: uTotal, col: c } };
      const expected = val(ctx, theirs, i);
      if (expected == null) return [];
      const verdict = judge(mine - expected, tolOf(i));
      if (verdict === 'ok') return [];
      const indicator = totals.length === 1 ? totals[0]!.r.label : null;
      return [finding(i, indicator, mine, expected, verdict,
        `${tableName(t)} ${totals.map(({ r }) => `${r.label} ${num(r.values[col] ?? null)}`).join(' + ')} = ${num(mine)}, while ${tableName(u)} gives ${name} ${num(expected)}.`,
        [...mineF.map((f) => ev(ctx, f)), ev(ctx, theirs)])];
    });
  });
}

export function run(ctx: Ctx): AnomalyX[] {
  const stated = statesRounding(ctx.doc);
  const tols = ctx.x.tables.map((t) => tolerance(t, stated));
  const tolOf = (i: number) => tols[i]!;
  const names = entityNames(ctx.x.tables);
  const found = once(ctx, tableGaps);
  const each = reports(ctx.x.tables);
  return [
    ...each.flatMap((ids) => confirmed(ctx, ids, found)),
    ...each.flatMap((ids) => functionCodes(ctx, ids, tolOf)),
    ...each.flatMap((ids) => unitColumns(ctx, ids, tolOf, names)),
    ...each.flatMap((ids) => splitTables(ctx, ids, tolOf)),
  ];
}
