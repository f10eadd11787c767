// The 绩效指标 block's rows: one indicator per row, values taken from the header's column
// spans (indicator-header.ts). 一级/二级 come from merged cells (rowSpan) or, in sources
// that flatten merges, are filled down from the row above.
import { joinWrapped, type IndicatorX, type LayoutCell, type Prov } from '@ziping/core';
import { isBlankMark, parseNumber } from '../text.ts';
import { align, alignScore, isLevelShaped, type Shape, type Target } from './align.ts';
import { joinPieces } from './label-pieces.ts';
import { continueDeviation } from './pieces.ts';
import { cellsOf, freshCells, provOf, type Row } from './rows.ts';
import type { IndicatorHeader } from './indicator-header.ts';
import { directionOp, isFamily, isPlaceholder, labelKey, levelOf, levelsOf, parentOf, sectionKind, type IndicatorField } from './vocabulary.ts';

type Field = IndicatorField;

const SHAPES: Record<Field, Shape> = {
  level1: 'level1', level2: 'level2', name: 'name', weight: 'number', score: 'number', deviation: 'long',
  target: 'text', target_initial: 'text', target_value: 'text', target_content: 'text', target_direction: 'text', target_op: 'op', target_unit: 'unit',
  actual: 'text', ignore: 'any',
};

const stem = (label: string): string => labelKey(label).replace(/\s+/g, '').replace(/指标$/, '');

/**
 * A 一级 label of the standard families (or none yet): only then may a 二级 label's family
 * replace it (a department template's own 一级 labels, 履职效能 or 社会效应, hold 二级 labels of any family).
 */
const isStandard = (l1: string | null): boolean => l1 == null || isFamily(`${stem(l1)}指标`);

const textOf = (c: LayoutCell | null): string | null => (c && c.text !== '' && !isBlankMark(c.text) ? c.text : null);
const numOf = (c: LayoutCell | null): number | null => {
  const n = c ? parseNumber(c.text) : null;
  return typeof n === 'number' ? n : null;
};

export interface Levels {
  level1: string | null; level2: string | null; cell1: LayoutCell | null; cell2: LayoutCell | null;
  /** The last row read printed its own 一级 label. */
  printed1?: boolean;
  /** Every label cell the levels were taken from, to share the rows out again (centred.ts). */
  seen1?: LayoutCell[];
  seen2?: LayoutCell[];
  /** Pieces of a level label wrapped onto the next row (label-pieces.ts). */
  pieces?: LayoutCell[];
  /** The label just set from a line of its own, which the next line may complete (`产出` / `指标`). */
  last?: LayoutCell | null;
  /** Where each indicator's own cells were printed, to place labels printed centred (centred.ts). */
  rowCells?: Map<IndicatorX, Prov[]>;
  /** The last indicator read. */
  lastRow?: IndicatorX;
  /** The first lines of a deviation printed beside a level label, above the row they belong to. */
  heldDeviation?: LayoutCell[];
}

function take(levels: Levels, level: 1 | 2, cell: LayoutCell): void {
  // a label completed by its wrapped end (`产出` / `指标`): the rows read under its first piece take the whole
  const was = level === 1 ? levels.cell1 : levels.cell2;
  if (was && was.prov.line === cell.prov.line && cell.text.startsWith(was.text) && cell.text !== was.text) {
    const field = level === 1 ? 'level1' : 'level2';
    for (const ind of levels.rowCells?.keys() ?? []) if (ind[field] === was.text && ind.prov[field]?.line === was.prov.line) ind[field] = cell.text;
  }
  if (level === 1) { levels.level1 = cell.text; levels.cell1 = cell; (levels.seen1 ??= []).push(cell); }
  else { levels.level2 = cell.text; levels.cell2 = cell; (levels.seen2 ??= []).push(cell); }
}

/**
 * One indicator row, or null when the row has no name of its own (a placeholder, an empty
 * row). `levels` carries 一级/二级 down the block and is updated in place.
 */
export function indicatorRow(row: Row, h: IndicatorHeader, levels: Levels, wrapped: LayoutCell[] = []): IndicatorX | null {
  // the block's own label (绩效指标, merged down the block or left of it) is no value
  const cells = withName(row, joinPieces(row, cellsOf(row), h.columns, levels).filter((c) => sectionKind(c.text) !== 'indicators'), wrapped);
  levels.last = null;
  const targets = h.columns.map((c) => ({ shape: SHAPES[c.field], from: c.from, to: c.to }));
  const overflow = nameOverflow(row, cells, targets, h, levels.lastRow);
  const placed = overflow ?? align(row, cells, targets);
  const at = (f: Field): LayoutCell | null => {
    const k = h.columns.findIndex((c) => c.field === f);
    return k >= 0 ? (placed.get(k) ?? null) : null;
  };
  let l1 = at('level1');
  let l2 = at('level2');
  levels.printed1 = false;
  if (l1 && !l2 && l1.row === row.r) {
    // a label the vocabulary knows as both levels (成本指标, 满意度指标) in the 一级 column
    const { one, two } = levelsOf(l1.text);
    const parent = parentOf(l1.text);
    if (one && two && parent && levels.level1 && parent === (parentOf(levels.level1) ?? levels.level1) && parent !== labelKey(l1.text)) {
      l2 = l1;
      l1 = null;
    } else if (one && two && h.columns.some((c) => c.field === 'level2')) {
      take(levels, 2, l1);
    }
  }
  if (l1 && l1.row === row.r) levels.printed1 = true;
  // the merged 一级 label printed again further down its block (`产出` under `产出指标`) starts nothing new
  const again = l1 && levels.level1 != null && l1.row === row.r && stem(l1.text) === stem(levels.level1) && l1.text.length < levels.level1.length;
  if (l1 && l1 !== levels.cell1 && !again) {
    if (levels.level1 != null && l1.text !== levels.level1 && !l2 && levels.cell2 !== l1) levels.level2 = null;
    take(levels, 1, l1);
  }
  if (l2 && l2 !== levels.cell2) {
    take(levels, 2, l2);
    // a flattened source may leave the 一级 label on a row above another block: the vocabulary knows the family
    const parent = parentOf(l2.text);
    const family = levels.level1 == null ? null : (parentOf(levels.level1) ?? levels.level1);
    if (!l1 && parent && family !== parent && isStandard(levels.level1)) levels.level1 = parent;
    // a label that heads its own family (满意度指标) cannot sit under another one: a merge ran too far
    const { one, two } = levelsOf(l2.text);
    if (l1 && one && two && parent === labelKey(l2.text) && family !== parent && isStandard(levels.level1)) levels.level1 = l2.text;
  }
  // a flattened row of a level label and the first line of a wrapped deviation (no name, no figure)
  const piece = deviationPiece(row, h, cells);
  if (piece) {
    for (const c of cells) if (c.row === row.r && c !== l1 && c !== l2 && levelOf(c.text)) setLevel(levels, c);
    holdDeviation(levels, piece);
    return null;
  }
  // where 三级指标 holds only a placeholder (指标1), the 内容 column names the indicator
  // (or, where the header has no 内容 column of its own, the target printed there)
  const named = at('name');
  const content = at('target_content') ?? (named && isPlaceholder(named.text) ? (at('target_value') ?? at('target')) : null);
  const nameCell = (!named || isPlaceholder(named.text)) && content && !isOperator(content.text) ? content : named;
  let name = textOf(nameCell);
  if (overflow) {
    // the name was printed in the row above, after that row's own (`甲 乙` there, nothing here)
    const prev = levels.lastRow!;
    const cut = prev.name.lastIndexOf(' ');
    name = prev.name.slice(cut + 1);
    prev.name = prev.name.slice(0, cut);
  }
  const others = cellsOf(row).filter((c) => c !== nameCell && c !== l1 && c !== l2 && c.row === row.r);
  // a placeholder row of a blank template (`指标2`, `指标1 | “<”`) has nothing of its own
  // (a label's wrapped piece beside it, `绩效`, is no value either)
  const blank = (c: LayoutCell) => isOperator(c.text) || isPlaceholder(c.text) || isLevelShaped(c.text) || sectionKind(c.text) === 'indicators';
  if (!name || (isPlaceholder(name) && others.every(blank)) || isOperator(name)) return null;
  // a level label in the name column of a row with nothing else is a level, not an indicator
  if (others.length === 0 && levelOf(name)) {
    setLevel(levels, nameCell!);
    return null;
  }
  const ind: IndicatorX = {
    level1: levels.level1, level2: levels.level2, name,
    target_initial: textOf(at('target_initial')), target: targetOf(at), actual: textOf(at('actual')),
    weight: numOf(at('weight')), score: numOf(at('score')), deviation: textOf(at('deviation')),
    prov: { name: overflow ? levels.lastRow!.prov.name : provOf(nameCell!.prov) },
  };
  if (levels.cell1) ind.prov.level1 = provOf(levels.cell1.prov);
  if (levels.cell2) ind.prov.level2 = provOf(levels.cell2.prov);
  for (const f of ['target_initial', 'actual', 'weight', 'score', 'deviation'] as const) {
    const c = at(f);
    if (c && ind[f] != null) ind.prov[f] = provOf(c.prov);
  }
  const t = at('target') ?? at('target_value') ?? at('target_content');
  if (t && ind.target != null) ind.prov.target = provOf(t.prov);
  if (levels.heldDeviation) {
    continueDeviation(ind, levels.heldDeviation, true);
    levels.heldDeviation = undefined;
  }
  const own = cells.filter((c) => c.row === row.r && c !== l1 && c !== l2 && !levelOf(c.text));
  (levels.rowCells ??= new Map()).set(ind, own.map((c) => c.prov));
  levels.lastRow = ind;
  return ind;
}

/**
 * A flattened row with nothing in the name column whose cells all stand in value columns of
 * their own, under a row whose name holds two texts: the name overflowed into the row above.
 * Returns the row's placement without a name, or null when the row is not one.
 */
function nameOverflow(row: Row, cells: LayoutCell[], targets: Target[], h: IndicatorHeader, prev: IndicatorX | undefined): Map<number, LayoutCell> | null {
  const k = h.columns.findIndex((c) => c.field === 'name');
  if (k < 0 || !row.approximate || !prev?.name.includes(' ')) return null;
  const own = cells.filter((c) => c.row === row.r);
  if (own.length < 2 || own.some((c) => c.col <= targets[k]!.to)) return null;
  const rest = targets.filter((_, j) => j !== k);
  const alt = align(row, own, rest);
  const inColumn = [...alt].every(([j, c]) => c.col >= rest[j]!.from && c.col <= rest[j]!.to);
  if (alt.size !== own.length || !inColumn || !own.some((c) => parseNumber(c.text) !== undefined)) return null;
  return new Map([...alt].map(([j, c]) => [j >= k ? j + 1 : j, c]));
}

const SENTENCE_END = /[。；;！!？?]$/;

/**
 * The text cells of a flattened row that holds nothing but level labels and text in the
 * deviation column (no name of its own, no figure): the first line of a deviation wrapped over
 * lines, printed on the line of a label merged down the rows. Null when the row is not one.
 */
function deviationPiece(row: Row, h: IndicatorHeader, cells: LayoutCell[]): LayoutCell[] | null {
  const dev = h.columns.find((c) => c.field === 'deviation');
  if (!row.approximate || !dev) return null;
  const own = cells.filter((c) => c.row === row.r);
  const text = own.filter((c) => !levelOf(c.text));
  if (text.length === 0 || text.length === own.length) return null;
  const inDeviation = (c: LayoutCell) => c.col <= dev.to && c.col + c.colSpan - 1 >= dev.from;
  return text.every((c) => inDeviation(c) && parseNumber(c.text) === undefined && !isBlankMark(c.text)) ? text : null;
}

/**
 * A deviation's line printed beside a level label: it carries on the deviation of the row above
 * while that one is unfinished, else it starts the deviation of the next row.
 */
function holdDeviation(levels: Levels, piece: LayoutCell[]): void {
  const prev = levels.lastRow;
  if (!levels.heldDeviation && prev?.deviation != null && !SENTENCE_END.test(prev.deviation)) continueDeviation(prev, piece);
  else (levels.heldDeviation ??= []).push(...piece);
}

/** The row's cells with a name printed on lines of its own put after the row's level labels. */
const withName = (row: Row, cells: LayoutCell[], wrapped: LayoutCell[]): LayoutCell[] => {
  if (wrapped.length === 0) return cells;
  const k = cells.findIndex((c) => !levelOf(c.text));
  // they stand in this row, just before the row's first value
  const col = k < 0 ? (cells.at(-1)?.col ?? 0) + 1 : cells[k]!.col;
  const here = wrapped.map((w) => ({ ...w, row: row.r, col, colSpan: 1 }));
  return k < 0 ? [...cells, ...here] : [...cells.slice(0, k), ...here, ...cells.slice(k)];
};

/**
 * Of several readings of cells wrapped onto the lines above a row (its name; its name and the
 * value cells it is short of), the one the row reads best with, or none: a row with a name of
 * its own reads best as it is.
 */
export function bestWrapped(row: Row, h: IndicatorHeader, readings: LayoutCell[][]): LayoutCell[] {
  const targets = h.columns.map((c) => ({ shape: SHAPES[c.field], from: c.from, to: c.to }));
  const cells = cellsOf(row).filter((c) => sectionKind(c.text) !== 'indicators');
  let best: LayoutCell[] = [];
  let score = alignScore(row, cells, targets);
  for (const r of readings) {
    const s = alignScore(row, withName(row, cells, r), targets);
    if (s > score) { best = r; score = s; }
  }
  return best;
}

/** `target`, or a target split into direction (正向/反向/定性) or operator, value and unit columns. */
function targetOf(at: (f: Field) => LayoutCell | null): string | null {
  const whole = textOf(at('target'));
  const value = textOf(at('target_value')) ?? textOf(at('target_content'));
  // a 计量单位 column beside a whole 年度指标值 (`≥6` `个`): the unit completes a figure
  if (value == null) return whole != null && UNITLESS_FIGURE.test(whole) ? `${whole}${unitAfterFigure(textOf(at('target_unit'))) ?? ''}` : whole;
  const printed = (textOf(at('target_direction')) ?? textOf(at('target_op')))?.replace(/[“”"'\s]/g, '') ?? null;
  // a blank template's list of every operator (`“=” “≤” “≥”`) is a hint, not the target's
  const dir = printed != null && isOperator(printed) && printed.length > 1 ? null : printed;
  const op = dir == null ? '' : (directionOp(dir) ?? dir);
  if (dir != null && op === '') return value; // 定性: the value alone
  // a 度量单位 cell follows a figure (`38` `微克/立方米`); after a text only a unit (`%`, `人次`) is
  // one, anything else there is a value a dump's tabs moved over
  const unit = textOf(at('target_unit'));
  const figure = UNITLESS_FIGURE.test(value);
  return `${op}${value}${unit != null && (figure || isUnitLike(unit)) ? unit : ''}`;
}

/** An operator cell of a split target (`“≥”`, `<`), or a list of them printed as a hint (`“=” “≤” “≥”`). */
export const isOperator = (t: string): boolean => /^([“”"'‘’\s]*[≥≤<>=＝][“”"'‘’\s]*)+$/.test(t);

/** A figure, operator and all, printed without its unit (`≥6`, `38`). */
const UNITLESS_FIGURE = /^[≥≤<>=]?\s*[\d.,]+$/;

/** A unit cell's text where it can follow a figure: short, no figure of its own (`个`, `个工作日`, `元/人·天`). */
const unitAfterFigure = (t: string | null): string | null => {
  const k = t?.replace(/\s+/g, '') ?? '';
  return k.length > 0 && k.length <= 8 && /^[\p{Script=Han}%‰a-zA-Z/·㎡²³（）()]+$/u.test(k) ? k : null;
};

const isUnitLike = (t: string): boolean => {
  const k = t.replace(/\s+/g, '');
  return k.length <= 4 && /^(%|‰|[个人次件家份项元万亿天日月年台套分钟小时所条篇场期批笔单宗户座张台辆亩米吨公里㎡平方千克度]|\/)+$/.test(k);
};

/** A level label met on its own (a line, or a row with nothing else): the levels of the rows below. */
export function setLevel(levels: Levels, cell: LayoutCell): void {
  // a label wrapped onto a line of its own (`产出` / `指标`) completes the one above it
  const last = levels.last;
  if (last && levelOf(last.text + cell.text) && !levelOf(cell.text)) {
    const whole = { ...last, text: last.text + cell.text, prov: { ...last.prov, lineEnd: cell.prov.lineEnd ?? cell.prov.line } };
    if (levels.cell1 === last) { levels.level1 = whole.text; levels.cell1 = whole; }
    if (levels.cell2 === last) { levels.level2 = whole.text; levels.cell2 = whole; }
    levels.last = null;
    return;
  }
  const { one, two } = levelsOf(cell.text);
  if (!one && !two) return;
  const family = levels.level1 == null ? null : (parentOf(levels.level1) ?? levels.level1);
  // 成本指标 under 产出指标 is a 二级 label; 满意度指标 heads its own family, and is its 二级 too until one follows
  const level = one && (!two || parentOf(cell.text) !== family) ? 1 : 2;
  if (level === 1) Object.assign(levels, two && parentOf(cell.text) === labelKey(cell.text) ? { level2: cell.text, cell2: cell } : { level2: null, cell2: null });
  take(levels, level, cell);
  levels.last = cell;
}

const WRAPPING: Field[] = ['target', 'target_value', 'target_unit', 'actual', 'deviation'];

/**
 * A flattened source breaks a long cell over lines: a row right under an indicator that holds
 * only word pieces in its text columns (`月底前`, `月20日`) carries on those cells. True when
 * the row was taken so.
 */
export function continueRow(row: Row, h: IndicatorHeader, prev: IndicatorX): boolean {
  const cells = freshCells(row);
  if (!row.approximate || cells.length === 0 || cells.some((c) => parseNumber(c.text) !== undefined || levelOf(c.text))) return false;
  const columnOf = (c: LayoutCell) => h.columns.find((col) => c.col <= col.to && c.col + c.colSpan - 1 >= col.from);
  const fields = cells.map((c) => columnOf(c)?.field);
  if (fields.some((f) => !f || !WRAPPING.includes(f))) return false;
  cells.forEach((c, k) => {
    const f = fields[k]!;
    const key = f === 'target_value' || f === 'target_unit' ? 'target' : (f as 'target' | 'actual' | 'deviation');
    prev[key] = prev[key] == null ? c.text : joinWrapped([prev[key]!, c.text]);
    const p = prev.prov[key];
    if (p) prev.prov[key] = { ...p, lineEnd: Math.max(p.lineEnd ?? p.line, c.prov.lineEnd ?? c.prov.line) };
  });
  return true;
}
