// A source that splits cells at spaces and prints one row per line (LayoutTable.looseCells)
// prints a cell wrapped over lines as lines of their own: an indicator's long name on the
// lines before its values, its deviation text on the lines after them, a header label
// (`偏差原因分析及改` / `进措施`) under the header row. Such lines are held as pieces until
// the next row shows where they belong.
import { joinWrapped, type IndicatorX, type LayoutCell } from '@ziping/core';
import { parseNumber } from '../text.ts';
import { signatureOf, type IndicatorHeader } from './indicator-header.ts';
import type { Row } from './rows.ts';
import { indicatorField, levelOf } from './vocabulary.ts';

const SENTENCE_END = /[。；;！!？?]$/;

const FIGURE = /^(?:约|≥|≤|<|>|=)?\s*[\d.,]+\s*\S*$/u;
const BARE = /^[\d.,]+$/u;

/**
 * A row of a loose source that is no row of values but a wrapped cell's line printed with
 * spaces (`书邮政 EMS 快递单数`, `2020 年在园在校学生增`): no level label, no figure, at
 * most one bare number.
 */
export function isPieceRow(cells: LayoutCell[]): boolean {
  if (cells.some((c) => levelOf(c.text) || (FIGURE.test(c.text) && !BARE.test(c.text)))) return false;
  return cells.filter((c) => BARE.test(c.text)).length <= 1;
}

/** Pieces as one cell: texts joined as one wrapped cell, provenance over their lines. */
export function pieceCell(pieces: LayoutCell[]): LayoutCell {
  const first = pieces[0]!;
  const last = pieces.at(-1)!;
  const lineEnd = last.prov.lineEnd ?? last.prov.line;
  return {
    ...first,
    text: joinWrapped(pieces.map((p) => p.text)),
    raw: pieces.map((p) => p.raw).join('\n'),
    prov: lineEnd > first.prov.line ? { ...first.prov, lineEnd } : first.prov,
  };
}

/**
 * The pieces held before an indicator row: those up to the last one that ends a sentence
 * continue the row above (its deviation); the rest may be this row's: its name, or its name
 * and value cells wrapped one after another (`readings`).
 */
export function splitPieces(pieces: LayoutCell[]): { before: LayoutCell[]; readings: LayoutCell[][] } {
  let k = pieces.length;
  while (k > 0 && !SENTENCE_END.test(pieces[k - 1]!.text)) k--;
  const rest = pieces.slice(k);
  if (rest.length === 0) return { before: pieces, readings: [] };
  const cells = wrappedCells(rest);
  return { before: pieces.slice(0, k), readings: cells.length > 1 ? [[pieceCell(rest)], cells.map(pieceCell)] : [[pieceCell(rest)]] };
}

/**
 * Lines of several cells wrapped one after another: a cell's lines are as long as its column
 * is wide but its last, which may be shorter; a longer line, or any line after a shorter
 * one, starts the next cell.
 */
function wrappedCells(lines: LayoutCell[]): LayoutCell[][] {
  const out: LayoutCell[][] = [];
  let width = 0;
  let ended = true;
  for (const l of lines) {
    const n = [...l.text].length;
    if (ended || n > width) { out.push([l]); width = n; ended = false; continue; }
    out.at(-1)!.push(l);
    if (n < width) ended = true;
  }
  return out;
}

/**
 * Text pieces that carry on the deviation of the indicator above, or with `before`, the lines
 * that start it (printed above the indicator's row).
 */
export function continueDeviation(ind: IndicatorX | undefined, pieces: LayoutCell[], before = false): void {
  if (!ind || pieces.length === 0) return;
  const cell = pieceCell(pieces);
  const p = ind.prov.deviation;
  const end = cell.prov.lineEnd ?? cell.prov.line;
  if (before && ind.deviation != null && p) {
    ind.deviation = joinWrapped([cell.text, ind.deviation]);
    ind.prov.deviation = { ...p, line: Math.min(p.line, cell.prov.line), lineEnd: Math.max(p.lineEnd ?? p.line, end) };
    return;
  }
  ind.deviation = ind.deviation == null ? cell.text : joinWrapped([ind.deviation, cell.text]);
  ind.prov.deviation = p ? { ...p, lineEnd: Math.max(p.lineEnd ?? p.line, end) } : cell.prov;
}

/**
 * Lines right under an indicator header that spell one more header label (a label wrapped out
 * of its row, `偏差原因分析及改` / `进措施`): that column is added at the end of the header.
 * Returns how many rows it took.
 */
export function headerTail(rows: Row[], i: number, h: IndicatorHeader): number {
  const first = rows[i];
  const field = first?.paragraph ? indicatorField(first.slots[0]!.text) : null;
  if (!field || h.columns.some((c) => c.field === field)) return 0;
  let text = first!.slots[0]!.text;
  let k = 1;
  // the label goes on over short lines that mean nothing on their own
  for (; k < 3; k++) {
    const next = rows[i + k];
    const t = next?.paragraph ? next.slots[0]!.text : '';
    if (t === '' || t.length > 6 || indicatorField(t) || levelOf(t) || SENTENCE_END.test(t) || indicatorField(text + t) !== field) break;
    text += t;
  }
  const from = Math.max(...h.columns.map((c) => c.to)) + 1;
  h.columns.push({ field, from, to: from, path: [text] });
  h.signature = signatureOf(h.columns);
  return k;
}

const DECIMALS = (t: string): number => /\.(\d+)$/.exec(t)?.[1]!.length ?? 0;

/**
 * A funding row of a loose source whose amounts ran on over the next lines (`… 23023000.00` /
 * `13223551.7` / `1` / `10 57% 5.7`): cells with figures only carry it on. A number broken
 * over two lines is put together again: a run of digits after an amount printed with fewer
 * decimals than the row's other amounts.
 */
export function carryOn(prev: LayoutCell[], next: LayoutCell[]): LayoutCell[] | null {
  if (next.length === 0 || !next.every((c) => parseNumber(c.text) !== undefined)) return null;
  const out = [...prev];
  const places = Math.max(0, ...prev.map((c) => DECIMALS(c.text)));
  for (const c of next) {
    const last = out.at(-1)!;
    const short = /^\d+\.\d+$/.test(last.text) && DECIMALS(last.text) + c.text.length === places;
    if (short && /^\d+$/.test(c.text)) out[out.length - 1] = { ...last, text: last.text + c.text, raw: `${last.raw}\n${c.raw}`, prov: { ...last.prov, lineEnd: c.prov.lineEnd ?? c.prov.line } };
    else out.push(c);
  }
  return out;
}

/** Cells from several lines as one row of a loose table, for the readers of rows. */
export const looseRow = (like: Row, cells: LayoutCell[]): Row => ({
  block: like.block, r: 0, paragraph: false, approximate: true, loose: true,
  slots: cells.map((c, col) => ({ ...c, row: 0, col, rowSpan: 1, colSpan: 1 })),
});
