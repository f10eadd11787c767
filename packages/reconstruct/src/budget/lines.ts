// Budget tables and target declarations are read from the layout model of every source: each
// row of a layout table becomes one line with a cell per column (a merged cell in its first
// column, the slots it covers empty) and each paragraph a line. A row of a table whose cells
// were guessed from single spaces (`looseCells`: blank cells left no trace, so its cells are
// not in their columns) keeps only its printed cells, in order, and is marked `loose`.
import { tableGrid, type LayoutBlock, type TextLine } from '@ziping/core';

export interface TableLine extends TextLine {
  /** A row of a `looseCells` table: its cells in printed order, not in columns. */
  loose?: boolean;
}

export function linesOfBlocks(blocks: LayoutBlock[]): TableLine[] {
  const out: TableLine[] = [];
  for (const b of blocks) {
    if (b.kind === 'paragraph') {
      out.push({ page: b.prov.page, line: b.prov.line, text: b.text, cells: [{ text: b.text, col: 0 }] });
      continue;
    }
    tableGrid(b).forEach((slots, r) => {
      const first = slots.find((c) => c && c.row === r);
      if (!first) return;
      const own = slots.map((c, col) => ({ text: c && c.row === r && c.col === col ? c.text : '', col }));
      if (b.looseCells) {
        const cells = own.filter((c) => c.text !== '').map((c, col) => ({ text: c.text, col }));
        out.push({ page: first.prov.page, line: first.prov.line, text: cells.map((c) => c.text).join(' '), cells, loose: true });
        return;
      }
      out.push({ page: first.prov.page, line: first.prov.line, text: own.map((c) => c.text).join('\t'), cells: own });
    });
  }
  return out;
}
