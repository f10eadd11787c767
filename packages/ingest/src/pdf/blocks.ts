// A PDF's page elements → the document's numbered lines and its layout blocks, made in one
// pass so that every block's provenance names the line its text went to. Text is normalised
// here (normalizeText: the Kangxi radicals pdf.js returns for Noto CJK glyphs, full-width
// forms, spaces); the blocks keep the text as printed in `raw`.
import { normalizeText, type LayoutBlock, type LayoutCell, type LayoutTable, type SourceRef, type TextCell, type TextLine } from '@ziping/core';
import type { Box, Element, RowCell, TableRow } from './layout.ts';
import { joinBroken, leadingOnColumns, looksCut, onColumns, type TableElement } from './pagebreak.ts';


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

/** A row's texts in order (empty cells left out: a table without rulings may number its columns differently on each page). */
const rowKey = (cells: { text: string }[]) => cells.map((c) => normalizeText(c.text).replace(/\s+/g, '')).filter((t) => t !== '').join('\t');
const sameColumns = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => Math.abs(x - b[i]!) <= 3);
const roundBox = (b: Box): Box => b.map((x) => Math.round(x * 100) / 100) as Box;
