// Which cell of a row belongs to which header column. Sources with real cell geometry
// (ruled PDFs, HTML, office files) put every value in its column, but sources that flatten
// the table (tab dumps, pdftotext) shift cells left or right, print a 二级 label in the 一级
// column, or a name in the first column. So cells are assigned to columns by an
// order-preserving alignment that weighs the column position against the value's shape
// (a 分值 is a bare number, a level label is known to the vocabulary, a name is text).
import type { LayoutCell } from '@ziping/core';
import { isBareNumber, isBlankMark, parseNumber } from '../text.ts';
import type { Row } from './rows.ts';
import { labelKey, levelsOf } from './vocabulary.ts';

export type Shape = 'level1' | 'level2' | 'name' | 'text' | 'op' | 'unit' | 'number' | 'amount' | 'points' | 'long' | 'any';
export interface Target { shape: Shape; from: number; to: number }

const SKIP = -4;
// joining cells of a loose row: which targets may take several, how many, at what cost each
const JOINS: ReadonlySet<Shape> = new Set(['name', 'text', 'long', 'any']);
const MAX_JOIN = 4;
const JOIN = 0.25;

/** Neighbouring cells of one row as the one cell they were printed as. */
export function joinCells(part: LayoutCell[]): LayoutCell {
  const first = part[0]!;
  const last = part.at(-1)!;
  return { ...first, colSpan: last.col + last.colSpan - first.col, text: part.map((c) => c.text).join(' '), raw: part.map((c) => c.raw).join(' ') };
}
const LEVEL = /^(level1|level2)$/;

/**
 * A text shaped like a level label the vocabulary does not know: a `…指标`, or a short
 * category (`项目管理`) with no figure or sentence in it. A long text that is neither is an
 * indicator's name or a value, never a 一级/二级 label.
 */
export function isLevelShaped(text: string): boolean {
  const key = labelKey(text).replace(/\s+/g, '').replace(/\([^()]*\)$/, '');
  if (key === '') return false;
  const { one, two } = levelsOf(key);
  return one || two || /指标$/.test(key) || ([...key].length <= 6 && !/[\d≥≤<>=%，。；、,;.]/.test(key));
}

/** What a cell's text looks like: read once per cell, not once per column the alignment tries. */
interface Looks { op: boolean; unit: boolean; one: boolean; two: boolean; shaped: boolean; num: boolean; figure: boolean; dash: boolean; amount: boolean; percent: boolean; long: boolean; unknown: number }

function looksOf(text: string): Looks {
  const { one, two } = levelsOf(text);
  return {
    // an operator of a split target (`“≥”`), or the list of them a blank template prints
    op: /^([“”"'‘’\s]*[≥≤<>=＝][“”"'‘’\s]*)+$/.test(text),
    // a unit of measure (`%`, `人次`)
    unit: text.length <= 4 && /^(%|‰|[个人次件家份项元万亿天日月年台套分钟小时所条篇场期批笔单宗户座张辆亩米吨公里㎡平方千克度]|\/)+$/.test(text.replace(/\s+/g, '')),
    one, two,
    shaped: isLevelShaped(text),
    num: isBareNumber(text),
    // a target or actual: an operator or a number with a unit (`≥95%`, `9 家`)
    // (not a list number before a label: `6. 上年结转`)
    figure: /^[≥≤<>=约]?\s*[\d.,]+\s*\S{0,4}$/.test(text) && !/^\d+[.、．]\s*[^\d\s.,]/.test(text),
    dash: isBlankMark(text),
    amount: typeof parseNumber(text) === 'number',
    percent: /%\s*$/.test(text),
    long: text.length > 12,
    unknown: text.length > 8 ? -2 : -0.5,
  };
}

// a cell that cannot be placed in a target at all
const NEVER = -Infinity;

function fit(cell: LayoutCell, k: Looks, t: Target, posWeight: number, lead: number): number {
  const text = cell.text;
  const { one, two, num, figure, dash, unknown } = k;
  const level = one || two;
  const off = cell.col > t.to ? cell.col - t.to : t.from > cell.col + cell.colSpan - 1 ? t.from - (cell.col + cell.colSpan - 1) : 0;
  // a flattened row that leaves the level columns empty (a leading empty field) has them merged
  // down from above: only a label the vocabulary knows may still stand there, printed askew;
  // a text not shaped like a label may be one only where it stands in that very column
  const unfit = LEVEL.test(t.shape) && !level && (t.to < lead || (!k.shaped && off > 0));
  let s: number;
  switch (t.shape) {
    case 'level1': s = unfit ? NEVER : one ? (two ? 2 : 3) : two ? -3 : num || figure ? -4 : unknown; break;
    case 'level2': s = unfit ? NEVER : two ? (one ? 2 : 3) : one ? -3 : num || figure ? -4 : unknown; break;
    // every indicator row has a name: filling it is worth a lot, but not with a 一级 label or a figure
    case 'name': s = k.op ? -4 : one ? -2 : num || dash ? -3 : figure ? -2 : two ? 3 : 5; break;
    // 度量单位: a unit; any other text there is a value a dump's tabs moved over
    case 'unit': s = k.unit ? 3 : dash ? 0 : text.length <= 6 && !/[\d≥≤<>=，。；,;]/.test(text) ? -0.2 : -1.5; break;
    // 运算符号: only an operator
    case 'op': s = k.op ? 3 : dash ? 0 : -3; break;
    case 'number': s = num ? 2 : dash ? 1 : -4; break;
    case 'amount': s = k.amount ? 2 : dash ? 1 : level || k.long ? -4 : -1; break;
    // a 分值 or 得分 beside the amounts: a number, never a percentage (that is the 执行率 next to it)
    case 'points': s = k.percent ? -4 : k.amount ? 2 : dash ? 1 : level || k.long ? -4 : -1; break;
    case 'long': s = num ? -4 : level ? -3 : 0.5; break;
    case 'text': s = level ? -3 : k.op ? -1 : 0.5; break;
    default: s = 0.5; // a column kept out of the fields (备注, 评分标准) takes whatever is printed in it
  }
  return s - Math.min(2.5, off * posWeight);
}

/**
 * Assign the row's cells to targets, in order, each target at most one cell. Cells merged
 * down from a row above stay in their own columns. Returns target index → cell.
 */
export function align(row: Row, cells: LayoutCell[], targets: Target[]): Map<number, LayoutCell> {
  return alignment(row, cells, targets).placed;
}

/** How well the row's cells fit the targets at best (to compare two readings of a row). */
export const alignScore = (row: Row, cells: LayoutCell[], targets: Target[]): number => alignment(row, cells, targets).score;

function alignment(row: Row, cells: LayoutCell[], targets: Target[]): { placed: Map<number, LayoutCell>; score: number } {
  const n = cells.length;
  const m = targets.length;
  const looks = cells.map((c) => looksOf(c.text));
  // flattened sources: order over position, and a row short of values fills the first columns
  // a loose row's columns are only token counts: its order is all it tells
  const posWeight = row.loose ? 0.02 : row.approximate ? 0.15 : 0.5;
  const leading = row.approximate ? 0.3 : 0;
  // the first slot a flattened row prints anything in (a loose row's slots are only token counts)
  const lead = row.approximate && !row.loose ? row.slots.findIndex((c) => c != null && c.text !== '') : 0;
  // best[i][j]: best score placing cells[0..i) onto targets[0..j)
  const best: number[][] = Array.from({ length: n + 1 }, () => Array<number>(m + 1).fill(-Infinity));
  const from: [number, number, boolean][][] = Array.from({ length: n + 1 }, () => Array(m + 1));
  for (let j = 0; j <= m; j++) best[0]![j] = 0;
  for (let i = 1; i <= n; i++) {
    const c = cells[i - 1]!;
    const carried = c.row < row.r;
    // the runs of cells ending here that may be one cell printed with spaces, read once for every target
    const joints: { k: number; looks: Looks; cell: LayoutCell; figures: boolean }[] = [];
    for (let k = 2; k <= Math.min(MAX_JOIN, i); k++) {
      const part = cells.slice(i - k, i);
      if (part.some((x) => x.row < row.r) || !(row.loose || part.slice(1).every((x) => x.looseLeft))) break;
      const cell = joinCells(part);
      joints.push({ k, cell, looks: looksOf(cell.text), figures: looks.slice(i - k, i).some((l) => l.figure && !l.num) });
    }
    for (let j = 0; j <= m; j++) {
      // the cell left out
      let b = best[i - 1]![j]! + (carried ? 0 : SKIP);
      let f: [number, number, boolean] = [i - 1, j, false];
      if (j > 0) {
        // target j-1 left empty
        const empty = best[i]![j - 1]! - (i < n && (targets[j - 1]!.shape === 'amount' || targets[j - 1]!.shape === 'points') ? leading : 0);
        if (empty > b) { b = empty; f = [i, j - 1, false]; }
        const t = targets[j - 1]!;
        const ok = !carried || (c.col <= t.to && c.col + c.colSpan - 1 >= t.from && LEVEL.test(t.shape));
        const s = ok ? best[i - 1]![j - 1]! + fit(c, looks[i - 1]!, t, posWeight, lead) : -Infinity;
        if (s > b) { b = s; f = [i - 1, j - 1, true]; }
        // a loose row (or cells split at a single space): the target may take several
        // neighbouring cells, one cell printed with spaces
        for (const { k, cell, looks: l, figures } of JOINS.has(t.shape) ? joints : []) {
          // a name may hold a bare number (`10 个试点城市…`), never a figure with a sign or unit
          if (t.shape === 'name' && figures) break;
          const sj = best[i - k]![j - 1]! + fit(cell, l, t, posWeight, lead) - JOIN * (k - 1);
          if (sj > b) { b = sj; f = [i - k, j - 1, true]; }
        }
      }
      best[i]![j] = b;
      from[i]![j] = f;
    }
  }
  const out = new Map<number, LayoutCell>();
  let i = n;
  let j = m;
  while (i > 0 || j > 0) {
    if (i === 0) break;
    const [pi, pj, took] = from[i]![j]!;
    if (took) out.set(pj, i - pi > 1 ? joinCells(cells.slice(pi, i)) : cells[pi]!);
    i = pi;
    j = pj;
  }
  return { placed: out, score: best[n]![m]! };
}
