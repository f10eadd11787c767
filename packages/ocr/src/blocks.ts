// A page's layout as OCR reads it: table rows (a ruled table's grid rows, merged cells read
// once at their top-left slot with their spans; an unruled table's aligned lines) and plain
// lines — and the layout blocks made of them once they are read and numbered.
import { normalizeText, type BBox, type LayoutBlock, type LayoutCell, type SourceRef } from '@ziping/core';
import type { Recognition } from './engine.ts';
import type { Table } from './grid.ts';
import type { Rect } from './image.ts';
import type { Correction } from './lexicon.ts';

export interface Reading extends Recognition {
  from?: string;
  rule?: Correction['rule'];
  inked: boolean;
}

export interface Item {
  y: number;
  x: number;
  /** The table (index on the page) the row belongs to; none for a plain line. */
  table?: number;
  /** A ruled table row's grid row. */
  gridRow?: number;
  /** Rows of a table or one plain line: cells in column order. */
  cells: { col: number; rect: Rect | null; read?: Promise<Reading>; rowSpan?: number; colSpan?: number }[];
}

/** One item per grid row; a merged cell is read once and placed at its top row and left column, with its spans. */
export function tableRows(t: Table, table: number, read: (r: Rect) => Promise<Reading>): Item[] {
  const C = t.xs.length - 1;
  const byRow = new Map<number, Table['cells']>();
  for (const c of t.cells) byRow.set(c.row, [...(byRow.get(c.row) ?? []), c]);
  const items: Item[] = [];
  for (const [row, cs] of [...byRow.entries()].sort((a, b) => a[0] - b[0])) {
    const cells: Item['cells'] = [];
    for (let col = 0; col < C; col++) {
      const c = cs.find((x) => x.col === col);
      cells.push(c ? { col, rect: c.rect, read: read(c.rect), rowSpan: c.rowSpan, colSpan: c.colSpan } : { col, rect: null });
    }
    items.push({ y: t.ys[row]!, x: t.xs[0]!, table, gridRow: row, cells });
  }
  return items;
}

/** Column intervals from the union of the words' x-extents over a run of aligned lines. */
export function alignColumns(lines: Rect[][]): [number, number][] {
  const spans = lines.flat().map((w) => [w.x0, w.x1] as [number, number]).sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [a, b] of spans) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** An item once read: its line number and each cell's reading as recognised (normalised here) and box in points. */
export interface ReadItem { item: Item; line: number; cells: { raw: string; bbox?: BBox }[] }

/**
 * Read items in reading order → blocks: a plain line is a paragraph; the rows of one table are
 * one table block where its first row is, merged cells once with their spans counted in the
 * rows read (a grid row where no cell starts is no row), each cell's provenance the line of
 * its row (and of its last row when it spans rows) and its box.
 */
export function pageBlocks(page: number, read: ReadItem[], tableBoxes: BBox[]): LayoutBlock[] {
  const blocks: LayoutBlock[] = [];
  const done = new Set<number>();
  for (const r of read) {
    const t = r.item.table;
    if (t === undefined) {
      const raw = r.cells.map((c) => c.raw).join(' ');
      const text = normalizeText(raw);
      const prov: SourceRef = r.cells[0]?.bbox ? { page, line: r.line, bbox: r.cells[0].bbox } : { page, line: r.line };
      if (text !== '') blocks.push({ kind: 'paragraph', text, raw, prov });
      continue;
    }
    if (done.has(t)) continue;
    done.add(t);
    const rows = read.filter((x) => x.item.table === t);
    const at = rows.map((x) => x.item.gridRow);
    const cells: LayoutCell[] = [];
    rows.forEach((x, row) => {
      x.item.cells.forEach((c, k) => {
        const raw = x.cells[k]!.raw;
        const text = normalizeText(raw);
        if (text === '') return;
        const g = x.item.gridRow;
        const rowSpan = g === undefined ? 1 : Math.max(1, at.filter((a) => a !== undefined && a >= g && a < g + (c.rowSpan ?? 1)).length);
        const prov: SourceRef = { page, line: x.line };
        if (rowSpan > 1) prov.lineEnd = rows[row + rowSpan - 1]!.line;
        const bbox = x.cells[k]!.bbox;
        if (bbox) prov.bbox = bbox;
        cells.push({ row, col: c.col, rowSpan, colSpan: c.colSpan ?? 1, text, raw, prov });
      });
    });
    const cols = Math.max(0, ...rows.map((x) => x.item.cells.length));
    const prov: SourceRef = { page, line: rows[0]!.line, lineEnd: rows[rows.length - 1]!.line };
    if (tableBoxes[t]) prov.bbox = tableBoxes[t];
    blocks.push({ kind: 'table', rows: rows.length, cols, cells, prov });
  }
  return blocks;
}
