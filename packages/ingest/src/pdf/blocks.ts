// A PDF's page elements → the document's numbered lines and its layout blocks, made in one
// pass so that every block's provenance names the line its text went to. Text is normalised
// here (normalizeText: the Kangxi radicals pdf.js returns for Noto CJK glyphs, full-width
// forms, spaces); the blocks keep the text as printed in `raw`.
import { normalizeText, type LayoutBlock, type LayoutCell, type LayoutTable, type SourceRef, type TextCell, type TextLine } from '@ziping/core';
import type { Box, Element, RowCell, TableRow } from './layout.ts';

type TableElement = Extract<Element, { kind: 'table' }>;

export interface PdfLayout { lines: TextLine[]; blocks: LayoutBlock[] }

interface Open { xs: number[]; seen: Set<string>; stream: boolean; /** the table's last block, and its columns left open at the bottom */ last?: LayoutTable; below?: boolean[] }

/**
 * Elements → numbered lines and blocks. A plain line is one line and one paragraph; a table
 * is one line per row and one table block per page. A table that opens a page and has the
 * columns of the table that closed the previous page continues it: it keeps its column
 * numbering and loses a repeated header row (a leading row without figures that the table
 * already printed) — in its lines and its block alike. So does one whose rules are some of
 * that table's (renumbered into its columns), and so do the leading rows of one whose later
 * rows split other columns (those start a table of their own). The rest of a cell the page
 * break went through goes back to that cell.
 */
export function toDocument(pages: Element[][]): PdfLayout {
  const lines: TextLine[] = [];
  const blocks: LayoutBlock[] = [];
  let open: Open | null = null;
  const place = (element: TableElement, state: Open, continues: boolean, page: number) => {
    let e = element;
    if (continues && state.last) {
      const joined = state.below && e.openAbove ? joinBroken(e, state.last, state.below, lines) : e;
      e = joined === e && looksCut(e, state.last) ? joinBroken(e, state.last, null, lines) : joined;
    }
    let r = 0;
    if (continues) {
      while (r < e.rows.length && !/\d/.test(rowKey(e.rows[r]!.cells)) && state.seen.has(rowKey(e.rows[r]!.cells))) r++;
    }
    const first = lines.length + 1;
    for (const row of e.rows.slice(r)) {
      state.seen.add(rowKey(row.cells));
      const cells = row.cells.map(plainCell);
      lines.push({ page, line: lines.length + 1, text: cells.map((c) => c.text).join('\t'), cells });
    }
    const table = tableBlock(e.rows.slice(r), e.xs, page, first, [e.xs[0]!, e.top, e.xs[e.xs.length - 1]!, e.bottom]);
    if (table) { blocks.push(table); state.last = table; state.below = e.openBelow; }
  };
  pages.forEach((elements, i) => {
    const page = i + 1;
    elements.forEach((e, k) => {
      if (e.kind === 'line') {
        open = null;
        const text = normalizeText(e.text);
        const bbox = roundBox(e.box);
        const line = lines.length + 1;
        lines.push({ page, line, text, cells: [{ text, col: 0, bbox }] });
        blocks.push({ kind: 'paragraph', text, raw: e.text, prov: { page, line, bbox } });
        return;
      }
      // a table without rulings has the columns its text shows on each page: any such table goes on;
      // a ruled one whose rules are some of the open table's (its rows here split fewer columns) goes on in its columns;
      // one whose first rows keep to the open table's rules while later rows split others goes on in those rows
      const ruled = k === 0 && open !== null && !open.stream && e.stream !== true;
      const subset = ruled ? onColumns(e, open!.xs) : null;
      const continues = k === 0 && open !== null && (sameColumns(open.xs, e.xs) || (open.stream && e.stream === true) || subset !== null);
      const split = ruled && !continues ? leadingOnColumns(e, open!.xs) : null;
      if (split) {
        place(split.head, open!, true, page);
        open = { xs: split.rest.xs, seen: new Set(), stream: false };
        place(split.rest, open, false, page);
      } else {
        if (!continues) open = { xs: e.xs, seen: new Set(), stream: e.stream === true };
        place(subset ?? e, open!, continues, page);
      }
      if (k !== elements.length - 1) open = null;
    });
  });
  return { lines, blocks };
}

/** A line's cell: normalised text, its column and box; spans stay with the blocks. */
const plainCell = (c: RowCell): TextCell => (c.bbox ? { text: normalizeText(c.text), col: c.col, bbox: c.bbox } : { text: normalizeText(c.text), col: c.col });

/** Rows numbered from line `first` on → a table block: every cell with text once, with its spans. */
function tableBlock(rows: TableRow[], xs: number[], page: number, first: number, box: Box): LayoutTable | null {
  if (rows.length === 0) return null;
  const cols = xs.length - 1;
  const cells: LayoutCell[] = [];
  rows.forEach((row, r) => {
    for (const c of row.cells) {
      const text = normalizeText(c.text);
      if (text === '') continue;
      const rowSpan = Math.max(1, Math.min(c.rowSpan ?? 1, rows.length - r));
      const colSpan = Math.max(1, Math.min(c.colSpan ?? 1, cols - c.col));
      const prov: SourceRef = { page, line: first + r };
      if (rowSpan > 1) prov.lineEnd = first + r + rowSpan - 1;
      if (c.bbox) prov.bbox = c.bbox;
      cells.push({ row: r, col: c.col, rowSpan, colSpan, text, raw: c.text, prov });
    }
  });
  return { kind: 'table', rows: rows.length, cols, cells, prov: { page, line: first, lineEnd: first + rows.length - 1, bbox: roundBox(box) } };
}

/**
 * A table whose column rules are all rules of `xs` (the same outer edges, fewer inner ones)
 * renumbered into those columns: each cell starts at the column its left rule opens and spans
 * to its right rule. Null if some rule of the table is not one of `xs`.
 */
export function onColumns(e: TableElement, xs: number[]): TableElement | null {
  if (e.xs.length >= xs.length) return null;
  const map = e.xs.map((x) => xs.findIndex((y) => Math.abs(x - y) <= 3));
  if (map.some((i) => i < 0) || map[0] !== 0 || map[map.length - 1] !== xs.length - 1) return null;
  const rows = e.rows.map((row) => {
    const cells: RowCell[] = xs.slice(1).map((_, col) => ({ text: '', col }));
    for (const c of row.cells) {
      const col = map[c.col]!;
      const span = map[Math.min(c.col + (c.colSpan ?? 1), map.length - 1)]! - col;
      const out: RowCell = { ...c, col };
      if (span > 1) out.colSpan = span;
      else delete out.colSpan;
      cells[col] = out;
    }
    return { ...row, cells };
  });
  const spread = (open?: boolean[]) => {
    if (!open) return undefined;
    const out = xs.slice(1).map(() => false);
    open.forEach((v, c) => { for (let k = map[c]!; k < map[c + 1]!; k++) out[k] = v; });
    return out;
  };
  const out: TableElement = { ...e, xs, rows };
  const above = spread(e.openAbove);
  const below = spread(e.openBelow);
  if (above) out.openAbove = above; else delete out.openAbove;
  if (below) out.openBelow = below; else delete out.openBelow;
  return out;
}

/**
 * A table that opens a page with rows keeping to the rules of `xs` (every cell starts and ends
 * on one of them, the same outer edges) and goes on with rows that split other columns: a
 * table continued from the page before whose later part has a grid of its own. The leading
 * rows renumbered into `xs`, and the rest as a table of its own; null if no row keeps to `xs`.
 */
export function leadingOnColumns(e: TableElement, xs: number[]): { head: TableElement; rest: TableElement } | null {
  const at = (x: number) => xs.findIndex((y) => Math.abs(x - y) <= 3);
  if (at(e.xs[0]!) !== 0 || at(e.xs[e.xs.length - 1]!) !== xs.length - 1) return null;
  const edges = (c: RowCell) => [at(e.xs[c.col]!), at(e.xs[Math.min(c.col + (c.colSpan ?? 1), e.xs.length - 1)]!)] as const;
  const keeps = (row: TableRow) => row.cells.every((c) => c.text.trim() === '' || edges(c).every((i) => i >= 0));
  let n = 0;
  while (n < e.rows.length && keeps(e.rows[n]!)) n++;
  if (n === 0 || n === e.rows.length) return null;
  const rows = e.rows.slice(0, n).map((row) => {
    const cells: RowCell[] = xs.slice(1).map((_, col) => ({ text: '', col }));
    for (const c of row.cells) {
      if (c.text.trim() === '') continue;
      const [col, end] = edges(c);
      const out: RowCell = { ...c, col, rowSpan: Math.min(c.rowSpan ?? 1, n - e.rows.indexOf(row)) };
      if (end - col > 1) out.colSpan = end - col; else delete out.colSpan;
      cells[col] = out;
    }
    return { ...row, cells };
  });
  const split = e.rows[n]!.top;
  const head: TableElement = { kind: 'table', top: e.top, bottom: split, xs, rows };
  if (e.openAbove) {
    const open = xs.slice(1).map(() => false);
    // a column of `xs` is open where the first of its narrower columns here is
    e.openAbove.forEach((v, c) => { const i = at(e.xs[c]!); if (v && i >= 0 && i < open.length) open[i] = true; });
    head.openAbove = open;
  }
  const rest: TableElement = { ...e, top: split, rows: e.rows.slice(n) };
  delete rest.openAbove;
  return { head, rest };
}

/**
 * A cell a page break went through (no rule under it at the end of one page, none over it at
 * the start of the next, the same columns) prints the rest of its text in the first row of
 * the next page: that text is joined to the cell it continues — in its block and its line —
 * and taken out of the continuation (a first row left with no text goes).
 */
export function joinBroken(e: TableElement, last: LayoutTable, below: boolean[] | null, lines: TextLine[]): TableElement {
  const [head, ...rest] = e.rows;
  if (!head) return e;
  let moved = false;
  const cells = head.cells.map((c) => {
    const span = c.colSpan ?? 1;
    if (c.text.trim() === '') return c;
    if (below) for (let k = c.col; k < c.col + span; k++) if (!below[k] || !e.openAbove?.[k]) return c;
    const up = last.cells.find((x) => x.row + x.rowSpan === last.rows && x.col === c.col && x.colSpan === span);
    if (!up) return c;
    const a = up.raw.trimEnd();
    const b = c.text.trim();
    up.raw = a + (CJK.test(a[a.length - 1]!) || CJK.test(b[0]!) ? '' : ' ') + b;
    up.text = normalizeText(up.raw);
    const line = lines[up.prov.line - 1];
    const slot = line?.cells.find((x) => x.col === up.col);
    if (line && slot) {
      slot.text = up.text;
      line.text = line.cells.map((x) => x.text).join('\t');
    }
    moved = true;
    return { ...c, text: '' };
  });
  if (!moved) return e;
  const emptied = cells.every((c) => c.text.trim() === '');
  return { ...e, rows: emptied ? rest : [{ ...head, cells }, ...rest] };
}

/**
 * A first row that is the rest of the row closing the page before, though rules were drawn
 * between them (producers that close a row's cells at a page break): no figure of its own,
 * every text under a cell of that row with text, and figures of that row with nothing under
 * them — a row of its own would print its figures.
 */
export function looksCut(e: TableElement, last: LayoutTable): boolean {
  const head = e.rows[0]?.cells.filter((c) => c.text.trim() !== '') ?? [];
  const above = last.cells.filter((c) => c.row + c.rowSpan === last.rows && c.row === last.rows - 1);
  const under = (c: { col: number; colSpan?: number }) => above.find((u) => u.col === c.col && u.colSpan === (c.colSpan ?? 1));
  return head.length > 0 && head.every((c) => !FIGURE.test(c.text.trim()) && under(c) !== undefined)
    && above.some((u) => FIGURE.test(u.text) && !head.some((c) => c.col === u.col));
}

const FIGURE = /^[\d.,%‰\s—\-+≥≤<>=]+$/;

const CJK = /[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]/;

/** A row's texts in order (empty cells left out: a table without rulings may number its columns differently on each page). */
const rowKey = (cells: { text: string }[]) => cells.map((c) => normalizeText(c.text).replace(/\s+/g, '')).filter((t) => t !== '').join('\t');
const sameColumns = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => Math.abs(x - b[i]!) <= 3);
const roundBox = (b: Box): Box => b.map((x) => Math.round(x * 100) / 100) as Box;
