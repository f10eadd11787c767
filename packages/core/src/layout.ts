// The layout model: the one thing every reader produces and the form interpreter consumes.
// A document is a sequence of blocks in reading order — paragraphs and tables. A table is a
// set of cells with row/column spans (after Azure Document Intelligence's layout output and
// docling's table model): a merged cell is ONE cell with rowSpan/colSpan > 1, never copies.
// Readers know formats, never form vocabulary.
import type { Prov } from './schema.ts';

export type BBox = [number, number, number, number];

/**
 * Where a cell or paragraph was read: page and line of the source (line numbers count the
 * document's `lines`), its box on the page (PDF, OCR), or a sheet / table cell (`附件1-2!C7`,
 * `t2 r3 c4`). The same shape as the provenance every extracted value keeps.
 */
export type SourceRef = Prov;

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
  /**
   * Only a single space separated this cell from the cell left of it on a line, and single
   * spaces occur inside cells too (pdftotext -layout): the two may be one cell, which the
   * interpreter may join.
   */
  looseLeft?: boolean;
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
  /**
   * Cell boundaries are guessed from single spaces, which also occur inside cells: a cell may
   * come as several neighbouring cells, which the interpreter may join.
   */
  looseCells?: boolean;
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
  /** A line's cells as far as its spacing tells (`≥90% 93.5% 3 3` → four), where it may be table text. */
  cells?: string[];
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
