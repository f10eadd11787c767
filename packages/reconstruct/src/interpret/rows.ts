// The layout blocks as one stream of rows: each table row as its grid of slots (a merged cell
// is the same object in every slot it covers, so a rowSpan carries its text down), each
// paragraph as a row of one cell. Forms run across tables and pages, so the interpreter walks
// this stream, not the tables one by one.
import { tableGrid, type LayoutBlock, type LayoutCell, type Prov, type SourceRef } from '@ziping/core';

export interface Row {
  /** Index of the block the row comes from; paragraphs have their own. */
  block: number;
  /** Row index within its table (0 for a paragraph). */
  r: number;
  paragraph: boolean;
  /** The table's column positions are approximate (see LayoutTable.approximate). */
  approximate: boolean;
  /** Cell boundaries were guessed from spaces (LayoutTable.looseCells). */
  loose?: boolean;
  /** A paragraph of table cells the reader could not place (LayoutParagraph.interleaved). */
  interleaved?: boolean;
  /** Such a paragraph's cells (LayoutParagraph.cells). */
  parts?: string[];
  /** One entry per column slot. */
  slots: (LayoutCell | null)[];
}

export function rowsOf(blocks: LayoutBlock[]): Row[] {
  const rows: Row[] = [];
  blocks.forEach((b, block) => {
    if (b.kind === 'paragraph') {
      if (b.text === '') return;
      const cell: LayoutCell = { row: 0, col: 0, rowSpan: 1, colSpan: 1, text: b.text, raw: b.raw, prov: b.prov };
      rows.push({ block, r: 0, paragraph: true, approximate: true, interleaved: b.interleaved === true, ...(b.cells ? { parts: b.cells } : {}), slots: [cell] });
      return;
    }
    tableGrid(b).forEach((slots, r) => {
      if (slots.some((c) => c && c.text !== '')) rows.push({ block, r, paragraph: false, approximate: b.approximate === true, loose: b.looseCells === true, slots });
    });
  });
  return rows;
}

/** The distinct cells with text in a row, left to right (including cells merged down from above). */
export function cellsOf(row: Row): LayoutCell[] {
  const out: LayoutCell[] = [];
  for (const c of row.slots) if (c && c.text !== '' && out.at(-1) !== c && !out.includes(c)) out.push(c);
  return out;
}

/** Cells that start in this row (not carried down by a rowSpan from a row above). */
export const freshCells = (row: Row): LayoutCell[] => cellsOf(row).filter((c) => row.paragraph || c.row === row.r);

/** The first slot a cell occupies in the row. */
export const slotOf = (row: Row, cell: LayoutCell): number => row.slots.indexOf(cell);

/** The cell with text in slots [from, to] of a row, the leftmost one. */
export function cellIn(row: Row, from: number, to: number): LayoutCell | null {
  for (let c = from; c <= to && c < row.slots.length; c++) {
    const cell = row.slots[c];
    if (cell && cell.text !== '') return cell;
  }
  return null;
}

/** The next cell with text to the right of `cell` in the row. */
export function rightOf(row: Row, cell: LayoutCell): LayoutCell | null {
  const cells = cellsOf(row);
  return cells[cells.indexOf(cell) + 1] ?? null;
}

export function provOf(ref: SourceRef): Prov {
  const p: Prov = { page: ref.page, line: ref.line };
  if (ref.lineEnd != null && ref.lineEnd !== ref.line) p.lineEnd = ref.lineEnd;
  if (ref.bbox) p.bbox = ref.bbox;
  if (ref.ref) p.ref = ref.ref;
  return p;
}
