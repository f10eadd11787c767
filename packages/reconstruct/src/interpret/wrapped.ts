// Cells of an indicator row that a flattened source (pdftotext -layout) printed apart from
// their row: the value cells of a row wrapped over lines below its name, their last lines
// carrying the row's 分值/得分; a unit pushed one column right; the lines of a cell cut by a
// page break and read as paragraphs above or below the table.
import { joinWrapped, type IndicatorX, type LayoutCell } from '@ziping/core';
import { parseNumber } from '../text.ts';
import type { IndicatorHeader } from './indicator-header.ts';
import { freshCells, provOf, type Row } from './rows.ts';
import { attachmentOf, indicatorField, isPlaceholder, levelOf, metaField, sectionKind, titleKind } from './vocabulary.ts';

const SENTENCE_END = /[。；;！!？?]$/;
type TextField = 'target_initial' | 'target' | 'actual' | 'deviation';
const TEXT: Record<string, TextField> = { target_initial: 'target_initial', target: 'target', target_value: 'target', target_unit: 'target', actual: 'actual', deviation: 'deviation' };

const columnOf = (h: IndicatorHeader, c: LayoutCell) => h.columns.find((col) => c.col <= col.to && c.col + c.colSpan - 1 >= col.from);

/** A unit or the end of a word alone (`日`, `个`, `万元`): no figure, no operator, short. */
const isPiece = (t: string): boolean => /^[\u4e00-\u9fff%‰/]{1,2}$/u.test(t.replace(/\s+/g, ''));
const startsValue = (t: string): boolean => /^[≥≤<>=＝]?\s*\d/.test(t);

function append(ind: IndicatorX, key: TextField, c: LayoutCell): void {
  ind[key] = ind[key] == null ? c.text : joinWrapped([ind[key]!, c.text]);
  const p = ind.prov[key];
  const end = c.prov.lineEnd ?? c.prov.line;
  ind.prov[key] = p ? { ...p, lineEnd: Math.max(p.lineEnd ?? p.line, end) } : provOf(c.prov);
}

/**
 * A value wrapped over lines (`≤15个工作` / `日`) whose last piece the source printed one
 * column right, on the value's first line: when the row carries on below with a value that
 * starts afresh in that column (`≤15个工作`), the piece ends the value to its left.
 */
export function shiftPiece(row: Row, h: IndicatorHeader, prev: IndicatorX): void {
  if (!row.approximate || row.paragraph) return;
  const cells = freshCells(row);
  if (cells.some((c) => columnOf(h, c)?.field === 'name')) return;
  const order = h.columns.map((c) => TEXT[c.field]).filter((f): f is TextField => f != null && f !== 'deviation');
  for (const c of cells) {
    const f = TEXT[columnOf(h, c)?.field ?? ''];
    if (!f || f === 'deviation' || !startsValue(c.text)) continue;
    const piece = prev[f];
    const left = order[order.indexOf(f) - 1];
    if (piece == null || !isPiece(piece) || !left || left === f || prev[left] == null || !/[\u4e00-\u9fff]$/u.test(prev[left]!)) continue;
    prev[left] = joinWrapped([prev[left]!, piece]);
    prev[f] = null;
    delete prev.prov[f];
  }
}

/**
 * A row with no name under an indicator that has neither 分值 nor 得分: the last lines of its
 * wrapped value cells with its figures (the row's cells printed lower than its name). True
 * when the row was taken so.
 */
export function figuresBelow(row: Row, h: IndicatorHeader, prev: IndicatorX): boolean {
  if (!row.approximate || row.paragraph || prev.weight != null || prev.score != null) return false;
  const cells = freshCells(row);
  const fields = cells.map((c) => columnOf(h, c)?.field);
  const figures = cells.filter((c, k) => (fields[k] === 'weight' || fields[k] === 'score') && typeof parseNumber(c.text) === 'number');
  if (figures.length === 0 || cells.some((c) => levelOf(c.text) || isPlaceholder(c.text))) return false;
  if (fields.some((f, k) => !f || (!TEXT[f] && !figures.includes(cells[k]!)))) return false;
  cells.forEach((c, k) => {
    const f = fields[k]!;
    if (f === 'weight' || f === 'score') {
      prev[f] = parseNumber(c.text) as number;
      prev.prov[f] = provOf(c.prov);
    } else append(prev, TEXT[f]!, c);
  });
  return true;
}

/** A line of text alone that can be no label, heading or figure: a piece of a cell's text. */
export function isTextPiece(c: LayoutCell): boolean {
  const t = c.text.trim();
  return t.length > 0 && t.length <= 40 && /[\u4e00-\u9fff]/u.test(t) && !/[:：]/.test(t) && !/^[\d\s.%-]+$/.test(t)
    && !levelOf(t) && !isPlaceholder(t) && !metaField(t) && !sectionKind(t) && !titleKind(t) && !attachmentOf(t) && !indicatorField(t);
}

/**
 * A line of text alone next to an indicator block (a cell's line a page break cut off):
 * the end of the last indicator's unfinished deviation, right under it; or the end of its
 * name (a few words, no sentence), right under its row. True when taken.
 */
export function continueAbove(prev: IndicatorX | undefined, c: LayoutCell, lastLine: number): boolean {
  if (!prev || !isTextPiece(c)) return false;
  const dev = prev.prov.deviation;
  // lines count through the document: the next line may be on the next page
  if (prev.deviation != null && dev && !SENTENCE_END.test(prev.deviation) && c.prov.line === (dev.lineEnd ?? dev.line) + 1) {
    append(prev, 'deviation', c);
    return true;
  }
  const name = prev.prov.name;
  if ((prev.deviation == null || SENTENCE_END.test(prev.deviation)) && name && c.prov.line === lastLine + 1
    && c.text.length <= 6 && !SENTENCE_END.test(c.text) && !/[\d≥≤%]/.test(c.text)) {
    prev.name = joinWrapped([prev.name, c.text]);
    prev.prov.name = { ...name, lineEnd: c.prov.lineEnd ?? c.prov.line };
    return true;
  }
  return false;
}

/** A line of text alone above an indicator row that may start its deviation (no sentence end). */
export const startsDeviation = (c: LayoutCell): boolean => isTextPiece(c) && !SENTENCE_END.test(c.text);

/** The lines held above a row: the start of its deviation, if it has one. */
export function deviationHead(ind: IndicatorX, held: LayoutCell[]): void {
  if (held.length === 0 || ind.deviation == null) return;
  const first = held[0]!;
  const p = ind.prov.deviation;
  ind.deviation = joinWrapped([...held.map((c) => c.text), ind.deviation]);
  if (p) ind.prov.deviation = { ...p, page: first.prov.page, line: first.prov.line, lineEnd: p.lineEnd ?? p.line };
}

/**
 * A name and its unit (`年均浓度 微克/立方米`) that a flattened source printed as one cell, one
 * space apart, where the header has a 计量单位 column and the row leaves a slot empty after
 * it: the two cells again, the cells between them and the gap moved one slot right.
 */
export function splitUnit(row: Row, h: IndicatorHeader): Row {
  if (!row.approximate || row.paragraph || row.loose || !h.columns.some((c) => c.field === 'target_unit')) return row;
  const name = freshCells(row).find((c) => columnOf(h, c)?.field === 'name' && c.colSpan === 1);
  const m = name && /^(.*\S) ([^\s\d\u4e00-\u9fff]*\/[^\s\d]{1,6}|[^\s\d]{1,3}\/[^\s\d]{1,6})$/u.exec(name.text);
  if (!name || !m || levelOf(m[1]!)) return row;
  const at = row.slots.indexOf(name);
  const gap = row.slots.findIndex((s, k) => k > at && s == null);
  if (gap < 0) return row;
  const moved = new Map<LayoutCell, LayoutCell>();
  const slots = [...row.slots];
  for (let k = gap; k > at + 1; k--) {
    const c = row.slots[k - 1]!;
    if (c.colSpan !== 1 || c.row !== row.r) return row;
    slots[k] = moved.get(c) ?? { ...c, col: c.col + 1 };
    moved.set(c, slots[k]!);
  }
  slots[at] = { ...name, text: m[1]!, raw: m[1]! };
  slots[at + 1] = { ...name, col: name.col + 1, text: m[2]!, raw: m[2]! };
  return { ...row, slots };
}
