// The layout model: the one thing every reader produces and the form interpreter consumes.
// A document is a sequence of blocks in reading order — paragraphs and tables. A table is a
// set of cells with row/column spans (after Azure Document Intelligence's layout output and
// docling's table model): a merged cell is ONE cell with rowSpan/colSpan > 1, never copies.
// Readers know formats, never form vocabulary.
import { normalizeText } from './normalize.ts';

export type BBox = [number, number, number, number];

/** Where a cell or paragraph was read: a page and line of the source, its box on the page, or a sheet/table cell. */
export interface SourceRef {
  /** 1-based page (a text dump is page 1 unless it has form feeds). */
  page: number;
  /** 1-based line in the document's `lines` (reading order). */
  line: number;
  /** Last line when the text was wrapped over several lines. */
  lineEnd?: number;
  /** Box on the page in points, origin top-left (PDF, OCR). */
  bbox?: BBox;
  /** Structured location where the source has one: `附件1-2!C7` (sheet cell), `t2 r3 c4` (a DOCX/HTML table cell). */
  ref?: string;
}

export interface LayoutCell {
  /** 0-based row and column of the cell's top-left slot. */
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  /** Normalised text (see normalizeText), line-break artefacts joined, runs of white space collapsed. */
  text: string;
  /** The text as the source printed it, before normalisation. */
  raw: string;
  prov: SourceRef;
}

export interface LayoutTable {
  kind: 'table';
  rows: number;
  cols: number;
  /** Every cell once, in row-major order of their top-left slots. Empty cells may be omitted. */
  cells: LayoutCell[];
  prov: SourceRef;
  /**
   * Column positions are approximate: the source flattened the table (tab dumps, pdftotext),
   * so a row's cells may sit a slot left or right of their column; their order is reliable.
   */
  approximate?: boolean;
}

export interface LayoutParagraph {
  kind: 'paragraph';
  text: string;
  raw: string;
  prov: SourceRef;
  /**
   * Table cells the reader met in reading order but could not place in rows (plain pdftotext
   * interleaves them): the interpreter reports the form as unreadable instead of guessing.
   */
  interleaved?: boolean;
}

export type LayoutBlock = LayoutTable | LayoutParagraph;

/**
 * A table as a dense grid of slots: `grid[r][c]` is the cell covering that slot (the same
 * object for every slot a merged cell covers), or null where nothing was printed.
 */
export function tableGrid(t: LayoutTable): (LayoutCell | null)[][] {
  const grid: (LayoutCell | null)[][] = Array.from({ length: t.rows }, () => Array<LayoutCell | null>(t.cols).fill(null));
  for (const c of t.cells) {
    for (let r = c.row; r < Math.min(t.rows, c.row + c.rowSpan); r++) {
      for (let k = c.col; k < Math.min(t.cols, c.col + c.colSpan); k++) grid[r]![k] = c;
    }
  }
  return grid;
}

/** A table from rows of cell texts (text dumps, CSV, tests): one cell per slot, no spans. */
export function tableFromRows(rows: { cells: { text: string; raw?: string; prov: SourceRef; colSpan?: number; rowSpan?: number }[] }[], prov?: SourceRef): LayoutTable {
  const cells: LayoutCell[] = [];
  let cols = 0;
  rows.forEach((r, row) => {
    let col = 0;
    for (const c of r.cells) {
      const colSpan = c.colSpan ?? 1;
      cells.push({ row, col, rowSpan: c.rowSpan ?? 1, colSpan, text: c.text, raw: c.raw ?? c.text, prov: c.prov });
      col += colSpan;
    }
    cols = Math.max(cols, col);
  });
  return { kind: 'table', rows: rows.length, cols, cells, prov: prov ?? cells[0]?.prov ?? { page: 1, line: 1 } };
}

/**
 * Blocks from positioned lines, for readers that have no table structure of their own yet:
 * a run of lines with two or more cells is a table (one slot per cell column, no spans),
 * any other non-blank line a paragraph.
 */
export function blocksFromLines(lines: { page: number; line: number; text: string; cells: { text: string; col: number; bbox?: BBox }[] }[]): LayoutBlock[] {
  const blocks: LayoutBlock[] = [];
  let run: typeof lines = [];
  const flush = () => {
    if (run.length === 0) return;
    const cells: LayoutCell[] = [];
    let cols = 0;
    run.forEach((l, row) => {
      for (const c of l.cells) {
        if (c.text.trim() === '') continue;
        const prov: SourceRef = c.bbox ? { page: l.page, line: l.line, bbox: c.bbox } : { page: l.page, line: l.line };
        cells.push({ row, col: c.col, rowSpan: 1, colSpan: 1, text: normalizeText(c.text), raw: c.text, prov });
        cols = Math.max(cols, c.col + 1);
      }
    });
    blocks.push({ kind: 'table', rows: run.length, cols, cells, prov: { page: run[0]!.page, line: run[0]!.line, lineEnd: run.at(-1)!.line }, approximate: true });
    run = [];
  };
  for (const l of lines) {
    const filled = l.cells.filter((c) => c.text.trim() !== '').length;
    if (l.cells.length > 1 && filled >= 1 && (filled >= 2 || run.length > 0)) { run.push(l); continue; }
    flush();
    if (l.text.trim() !== '') blocks.push({ kind: 'paragraph', text: normalizeText(l.text), raw: l.text, prov: { page: l.page, line: l.line } });
  }
  flush();
  return blocks;
}
