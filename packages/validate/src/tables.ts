// The structure of a budget table (x.tables), read from codes, labels and column headers, and
// the sums it implies: children vs parent codes (205 → 20508 → 2050803), unit rows vs their
// members and the department row vs its units, 合计/总计 lines vs the rows they close, a 合计
// column vs the columns it sums, the two sides of a 总表. Nothing here knows a particular
// report: structure comes from 科目编码 prefixes, 一、/1. markers, 合计/小计/总计 labels,
// unit names and header paths (`预算数/合计`).
import type { BudgetTableX, Evidence, SourceDocument } from '@ziping/core';
import { decimals } from './precision.ts';

// ---------------------------------------------------------------------------------------------
// Labels

export const squash = (s: string | null | undefined): string => (s ?? '').replace(/\s+/g, '');

const MARK1 = /^[一二三四五六七八九十]+[、.．]/;
const MARK2 = /^(\d+[.．、](?!\d)|[（(][一二三四五六七八九十\d]+[）)])/;

/** A label without whitespace, its 一、 / 1. / （一） marker or a leading 其中：. */
export const plain = (label: string | null | undefined): string =>
  squash(label).replace(/^其中[:：]?/, '').replace(MARK1, '').replace(MARK2, '').replace(/[:：]$/, '');

/** 1 for 一、, 2 for 1. / （一）, 0 for an unmarked label. */
export const markLevel = (label: string): number => (MARK1.test(squash(label)) ? 1 : MARK2.test(squash(label)) ? 2 : 0);

export const isTotalLabel = (label: string): boolean => /(合计|总计|小计)$/.test(plain(label));
const isGrandTotal = (label: string): boolean => /总计$/.test(plain(label));

const ENTITY = /(局|中心|委员会|办公室|研究院|院|研究所|所|站|大队|支队|队|馆|学校|医院|厅|公司|协会|学会)$/;

/**
 * A row naming a unit (单位): a table's entity, or an uncoded label shaped like a unit of the
 * same report (an organisation's ending, and the place its entities' names begin with), so that
 * items such as 公立医院 are not taken for units.
 */
export function isEntity(r: BudgetTableX['rows'][number], names: Set<string>): boolean {
  if (r.code) return false;
  const l = plain(r.label);
  if (isTotalLabel(l)) return false;
  if (names.has(l)) return true;
  return l.length >= 4 && ENTITY.test(l) && [...names].some((n) => n.length >= 2 && l.startsWith(n.slice(0, 2)));
}

/** Function-classification codes (支出功能分类: 2xx, 2xxxx, 2xxxxxx). */
export const isFunctionCode = (c: string | null): c is string => c != null && /^2\d{2}(\d{2}){0,2}$/.test(c);

// ---------------------------------------------------------------------------------------------
// Tolerance

export interface Tolerance {
  /** The table's printed unit: one unit of its finest printed place (1 for whole 万元, 0.01). */
  unit: number;
  /** How many units a sum may miss by and still be called rounding (a warning). */
  units: number;
}

/** Whether the report says its figures were rounded (四舍五入, 尾数误差 / 尾差). */
export const statesRounding = (doc: SourceDocument): boolean =>
  doc.lines.some((l) => /四舍五入|尾数误差|尾数差|尾差|相加后不相等|不能直接相加/.test(l.text));

export function tolerance(t: BudgetTableX, rounding: boolean): Tolerance {
  const d = Math.max(0, ...t.rows.flatMap((r) => r.values.filter((v): v is number => v != null).map((v) => decimals(v))));
  return { unit: 10 ** -Math.min(d, 4), units: rounding ? 2 : 1 };
}

const EPS = 1e-6;

/** 'ok', 'warning' (a rounding gap) or 'error'. */
export function judge(gap: number, tol: Tolerance): 'ok' | 'warning' | 'error' {
  const g = Math.abs(gap);
  if (g <= tol.unit * EPS + 1e-9) return 'ok';
  return g <= tol.units * tol.unit + 1e-9 ? 'warning' : 'error';
}

export const r8 = (n: number): number => Math.round(n * 1e8) / 1e8;
// One formatter for every message: toLocaleString with options builds a new one per call,
// which was most of the cost of the SUBTOTAL rule's messages.
const NUM_FORMAT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 8 });
export const num = (n: number | null): string => (n == null ? 'blank' : NUM_FORMAT.format(r8(n)));

// ---------------------------------------------------------------------------------------------
// Columns

const segs = (h: string): string[] => h.split('/').map((s) => squash(s));
const isTotalHeader = (h: string): boolean => /^(合计|小计|总计)$|(总额|总计|合计)$/.test(segs(h).at(-1)!);
export const isKeyColumn = (h: string): boolean => /^(年度|年份|年)$/.test(segs(h).at(-1)!);
const isSubset = (h: string): boolean => segs(h).some((s) => s.startsWith('其中'));

/** The column that holds a row's total: a 合计/总计/总额 header, else a table's only amount column. */
export function totalColumn(t: BudgetTableX): number | null {
  const amounts = t.columns.map((_, c) => c).filter((c) => !isKeyColumn(t.columns[c]!));
  const named = amounts.find((c) => isTotalHeader(t.columns[c]!) || /(决算|预算)数$/.test(segs(t.columns[c]!).at(-1)!));
  return named ?? (amounts.length === 1 ? amounts[0]! : null);
}

/** Candidate part sets for a total column: the plain columns that follow it, or every sibling. */
function partCandidates(t: BudgetTableX, c: number): number[][] {
  const h = segs(t.columns[c]!);
  const prefix = h.slice(0, -1).join('/');
  const under = (k: number) => { const s = segs(t.columns[k]!); return s.slice(0, h.length - 1).join('/') === prefix && s.length >= h.length; };
  const siblings: number[] = [];
  const seen = new Set<string>();
  const plainRun: number[] = [];
  let run = true;
  for (let k = c + 1; k < t.columns.length; k++) {
    const col = t.columns[k]!;
    if (!under(k) || isKeyColumn(col)) break;
    if (isSubset(col)) { run = false; continue; }
    const s = segs(col);
    if (s.length === h.length) {
      if (isTotalHeader(col)) break;
      siblings.push(k);
      if (run) plainRun.push(k);
    } else {
      run = false;
      // a group: its 小计 / 合计 column stands for it
      const g = s[h.length - 1]!;
      if (seen.has(g)) continue;
      const total = t.columns.findIndex((x, j) => j > c && segs(x).length === h.length + 1 && segs(x)[h.length - 1] === g && isTotalHeader(x));
      if (total < 0) continue;
      seen.add(g);
      siblings.push(total);
    }
  }
  const out = [plainRun];
  if (siblings.join() !== plainRun.join()) out.push(siblings);
  return out.filter((p) => p.length > 0);
}

// ---------------------------------------------------------------------------------------------
// Comparisons

export type Kind = 'children' | 'members' | 'units' | 'columns' | 'total' | 'sides';

export interface Cell { row: number; col: number }

/** One printed figure against the sum of others in the same table. */
export interface Comparison {
  table: number;
  kind: Kind;
  parent: Cell;
  parts: Cell[];
  /** Part cells whose printed value is replaced (a flagged total's recomputation). */
  instead?: Map<string, number>;
}

export const value = (t: BudgetTableX, c: Cell): number | null => t.rows[c.row]?.values[c.col] ?? null;
const cellKey = (c: Cell): string => `${c.row}:${c.col}`;

/** Amount columns: everything but a 年度 key. */
export const amountColumns = (t: BudgetTableX): number[] => t.columns.map((_, c) => c).filter((c) => !isKeyColumn(t.columns[c]!));

const perColumn = (t: BudgetTableX, table: number, kind: Kind, parent: number, parts: number[]): Comparison[] =>
  parts.length === 0 ? [] : amountColumns(t).map((col) => ({ table, kind, parent: { row: parent, col }, parts: parts.map((row) => ({ row, col })) }));

/** Code rows: each row's parent is the nearest row before it (within `rows`) whose code is its longest prefix. */
function codeTree(t: BudgetTableX, rows: number[]): { parent: Map<number, number>; roots: number[] } {
  const parent = new Map<number, number>();
  const roots: number[] = [];
  rows.forEach((r, i) => {
    const code = t.rows[r]!.code;
    if (!code) return;
    let best = -1;
    for (let j = i - 1; j >= 0; j--) {
      const pc = t.rows[rows[j]!]!.code;
      if (pc && pc.length < code.length && code.startsWith(pc) && (best < 0 || pc.length > t.rows[best]!.code!.length)) best = rows[j]!;
    }
    if (best >= 0) parent.set(r, best); else roots.push(r);
  });
  return { parent, roots };
}

function codeChecks(t: BudgetTableX, table: number, rows: number[]): { checks: Comparison[]; roots: number[] } {
  const { parent, roots } = codeTree(t, rows);
  const children = new Map<number, number[]>();
  for (const [c, p] of parent) children.set(p, [...(children.get(p) ?? []), c]);
  const checks = [...children].flatMap(([p, cs]) => perColumn(t, table, 'children', p, cs.sort((a, b) => a - b)));
  return { checks, roots };
}

interface Node { row: number; children: Node[] }

/**
 * Unmarked rows under a known figure: which are items and which are their sub-items. Each item
 * either stands alone or is followed by sub-items that add up to it (within rounding); of the
 * readings, the one whose items come closest to `target` wins, then the one with fewer items.
 */
function inferTwoLevels(vals: number[], rows: number[], target: number | null, tol: number): Node[] {
  const n = vals.length;
  let best: { nodes: Node[]; miss: number; tops: number } | null = null;
  let budget = 50000;
  const walk = (i: number, acc: Node[], sum: number): void => {
    if (--budget < 0) return;
    if (i === n) {
      const miss = target == null ? 0 : Math.abs(target - sum);
      if (!best || miss < best.miss - 1e-9 || (Math.abs(miss - best.miss) <= 1e-9 && acc.length < best.tops)) best = { nodes: [...acc], miss, tops: acc.length };
      return;
    }
    let s = 0;
    const options: number[] = [];
    for (let k = i + 1; k < n; k++) {
      s += vals[k]!;
      if (Math.abs(vals[i]! - s) <= tol + 1e-9) options.push(k - i);
    }
    for (const k of options.reverse()) {
      acc.push({ row: rows[i]!, children: rows.slice(i + 1, i + 1 + k).map((row) => ({ row, children: [] })) });
      walk(i + 1 + k, acc, sum + vals[i]!);
      acc.pop();
    }
    acc.push({ row: rows[i]!, children: [] });
    walk(i + 1, acc, sum + vals[i]!);
    acc.pop();
  };
  walk(0, [], 0);
  return (best as { nodes: Node[] } | null)?.nodes ?? rows.map((row) => ({ row, children: [] }));
}

/** The column the structure of an uncoded run is read from: the one printed most often. */
function guideColumn(t: BudgetTableX, rows: number[]): number {
  const cols = amountColumns(t);
  let best = cols[0] ?? 0;
  let most = -1;
  for (const c of cols) {
    const k = rows.filter((r) => t.rows[r]!.values[c] != null).length;
    if (k > most) { most = k; best = c; }
  }
  return best;
}

/** Items of an uncoded run: marked rows (一、 then 1.) with what follows them, else inferred from sums. */
function items(t: BudgetTableX, rows: number[], target: number | null, col: number, tol: number): Node[] {
  if (rows.length === 0) return [];
  const levels = rows.map((r) => markLevel(t.rows[r]!.label));
  const top = [1, 2].find((l) => levels.includes(l));
  const v = (r: number) => t.rows[r]!.values[col] ?? 0;
  if (top == null) return inferTwoLevels(rows.map(v), rows, target, tol);
  const nodes: Node[] = [];
  let i = 0;
  // rows before the first marked one stand alone
  while (i < rows.length && levels[i] !== top) nodes.push({ row: rows[i++]!, children: [] });
  while (i < rows.length) {
    const head = rows[i++]!;
    const run: number[] = [];
    while (i < rows.length && levels[i] !== top) run.push(rows[i++]!);
    nodes.push({ row: head, children: items(t, run, v(head), col, tol) });
  }
  return nodes;
}

function treeChecks(t: BudgetTableX, table: number, nodes: Node[]): Comparison[] {
  return nodes.flatMap((n) => n.children.length === 0 ? [] : [
    ...perColumn(t, table, 'children', n.row, n.children.map((c) => c.row)),
    ...treeChecks(t, table, n.children),
  ]);
}

/** A 总表 and other uncoded tables: 合计 rows close the items since the last 总计, 总计 rows close a side. */
function labelChecks(t: BudgetTableX, table: number, tol: Tolerance): Comparison[] {
  const out: Comparison[] = [];
  const rows = t.rows.map((_, i) => i);
  const sides: number[] = [];
  let start = 0;
  let heji: number | null = null;
  const slack = tol.units * tol.unit;
  for (const r of rows) {
    const label = t.rows[r]!.label;
    if (!isTotalLabel(label)) continue;
    const col = guideColumn(t, rows.slice(start, r + 1));
    const here = t.rows[r]!.values[col] ?? null;
    if (isGrandTotal(label) && heji != null) {
      const run = rows.slice(heji + 1, r);
      const rest = here == null ? null : here - (t.rows[heji]!.values[col] ?? 0);
      const nodes = items(t, run, rest, col, slack);
      out.push(...perColumn(t, table, 'total', r, [heji, ...nodes.map((n) => n.row)]), ...treeChecks(t, table, nodes));
    } else {
      const nodes = items(t, rows.slice(start, r), here, col, slack);
      out.push(...perColumn(t, table, 'total', r, nodes.map((n) => n.row)), ...treeChecks(t, table, nodes));
    }
    if (isGrandTotal(label)) { sides.push(r); heji = null; } else heji = r;
    start = r + 1;
  }
  if (sides.length === 2) out.push(...perColumn(t, table, 'sides', sides[1]!, [sides[0]!]));
  return out;
}

/** Units: a department row directly followed by unit rows, each unit followed by its member rows. */
export interface Units { dept: number | null; units: number[]; members: Map<number, number[]> }

export function unitBlocks(t: BudgetTableX, names: Set<string>): Units[] {
  const key = t.columns.findIndex((h) => isKeyColumn(h));
  const groups = new Map<string, number[]>();
  t.rows.forEach((r, i) => {
    const g = key < 0 ? '' : String(r.values[key] ?? '');
    groups.set(g, [...(groups.get(g) ?? []), i]);
  });
  const out: Units[] = [];
  for (const rows of groups.values()) {
    const ent = rows.filter((r) => isEntity(t.rows[r]!, names));
    if (ent.length === 0) continue;
    let dept: number | null = null;
    const next = rows[rows.indexOf(ent[0]!) + 1];
    if (ent.length >= 2 && next === ent[1]) dept = ent[0]!;
    const units = ent.filter((r) => r !== dept);
    const members = new Map<number, number[]>();
    for (const u of units) {
      const m: number[] = [];
      for (let k = rows.indexOf(u) + 1; k < rows.length && !ent.includes(rows[k]!); k++) m.push(rows[k]!);
      members.set(u, m);
    }
    out.push({ dept, units, members });
  }
  return out;
}

/** Every sum a table implies. */
export function comparisons(t: BudgetTableX, table: number, names: Set<string>, tol: Tolerance): Comparison[] {
  const out: Comparison[] = [];
  const blocks = unitBlocks(t, names);
  if (blocks.length > 0) {
    for (const b of blocks) {
      if (b.dept != null) out.push(...perColumn(t, table, 'units', b.dept, b.units));
      for (const [u, m] of b.members) {
        if (m.length === 0 || m.some((r) => isTotalLabel(t.rows[r]!.label))) continue;
        const coded = m.every((r) => t.rows[r]!.code);
        const { checks, roots } = coded ? codeChecks(t, table, m) : { checks: [], roots: m };
        out.push(...perColumn(t, table, 'members', u, roots), ...checks);
      }
    }
  } else if (t.rows.some((r) => r.code)) {
    const coded = t.rows.map((_, i) => i).filter((i) => t.rows[i]!.code);
    const { checks, roots } = codeChecks(t, table, coded);
    out.push(...checks);
    const totals = t.rows.map((_, i) => i).filter((i) => !t.rows[i]!.code && isTotalLabel(t.rows[i]!.label));
    // one total closes the coded rows; several (人员经费合计, 公用经费合计) split them another way
    if (totals.length === 1) out.push(...perColumn(t, table, 'total', totals[0]!, roots));
  } else {
    out.push(...labelChecks(t, table, tol));
  }
  // a 合计 column against the columns it sums, in every row
  for (const c of amountColumns(t)) {
    if (!isTotalHeader(t.columns[c]!)) continue;
    const cands = partCandidates(t, c);
    const fits = cands.map((parts) => t.rows.filter((r) => {
      const p = r.values[c];
      const vs = parts.map((k) => r.values[k] ?? null);
      if (p == null || vs.every((v) => v == null)) return false;
      return judge(p - vs.reduce<number>((s, v) => s + (v ?? 0), 0), tol) !== 'error';
    }).length);
    // two readings of the header: the one more rows bear out; none when no row does
    const pick = cands.length === 1 ? 0 : fits.indexOf(Math.max(0, ...fits));
    if (pick < 0 || (cands.length > 1 && fits[pick]! === 0)) continue;
    const parts = cands[pick]!;
    t.rows.forEach((_, r) => out.push({ table, kind: 'columns', parent: { row: r, col: c }, parts: parts.map((col) => ({ row: r, col })) }));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Findings

export interface Gap { cmp: Comparison; found: number | null; expected: number; verdict: 'warning' | 'error' }

const partValue = (t: BudgetTableX, cmp: Comparison, c: Cell): number | null => cmp.instead?.get(cellKey(c)) ?? value(t, c);

export function evaluate(t: BudgetTableX, cmp: Comparison, tol: Tolerance): Gap | null {
  const vs = cmp.parts.map((c) => partValue(t, cmp, c));
  const found = value(t, cmp.parent);
  if (vs.every((v) => v == null)) return null;
  const expected = r8(vs.reduce<number>((s, v) => s + (v ?? 0), 0));
  if (found == null && Math.abs(expected) < 1e-9) return null;
  const verdict = judge((found ?? 0) - expected, tol);
  if (verdict === 'ok') return null;
  // a recomputed stand-in carries rounding of its own
  if (cmp.instead && verdict === 'warning') return null;
  return { cmp, found, expected, verdict };
}

/**
 * The gaps of one table. A total that is wrong makes the sums it enters wrong as well; those are
 * re-checked with the total's recomputed value and dropped when that resolves them.
 */
export function gaps(t: BudgetTableX, cmps: Comparison[], tol: Tolerance): Gap[] {
  const first = cmps.map((c) => evaluate(t, c, tol)).filter((g): g is Gap => g != null);
  const fixed = new Map<string, number>();
  for (const g of first) if (g.verdict === 'error' && g.cmp.kind !== 'columns') fixed.set(cellKey(g.cmp.parent), g.expected);
  return first.flatMap((g) => {
    if (g.verdict !== 'error') return [g];
    const instead = new Map([...fixed].filter(([k]) => g.cmp.parts.some((c) => cellKey(c) === k)));
    if (instead.size === 0) return [g];
    const again = evaluate(t, { ...g.cmp, instead }, tol);
    return again ? [again] : [];
  });
}

export const cellPath = (table: number, c: Cell): string => `tables[${table}].rows[${c.row}].values[${c.col}]`;

export const cellEvidence = (t: BudgetTableX, table: number, c: Cell): Evidence => ({
  field: cellPath(table, c),
  value: value(t, c),
  prov: t.rows[c.row]?.prov ?? null,
});

export const tableName = (t: BudgetTableX): string => t.code ?? t.title;

/** Unit names known to the report: each table's entity. */
export const entityNames = (tables: BudgetTableX[]): Set<string> =>
  new Set(tables.flatMap((t) => (t.entity ? [plain(t.entity)] : [])));
