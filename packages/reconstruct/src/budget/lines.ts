// Budget tables and target declarations from sources that carry their structure (spreadsheets,
// Word, web pages, CSV): their readers take lines of cells, so each row of a layout table is
// given to them as one line with a cell per column (a merged cell in its first column, the
// slots it covers empty) — what a tab export of the same table would be — and each paragraph
// as a line.
import { tableGrid, type LayoutBlock, type SourceDocument, type TextLine } from '@ziping/core';

export function linesOfBlocks(blocks: LayoutBlock[]): TextLine[] {
  const out: TextLine[] = [];
  for (const b of blocks) {
    if (b.kind === 'paragraph') {
      out.push({ page: b.prov.page, line: b.prov.line, text: b.text, cells: [{ text: b.text, col: 0 }] });
      continue;
    }
    tableGrid(b).forEach((slots, r) => {
      const cells = slots.map((c, col) => ({ text: c && c.row === r && c.col === col ? c.text : '', col }));
      const first = slots.find((c) => c && c.row === r);
      if (!first) return;
      out.push({ page: first.prov.page, line: first.prov.line, text: cells.map((c) => c.text).join('\t'), cells });
    });
  }
  return out;
}

/**
 * The lines the budget and declaration readers read: a document's own lines where they hold
 * its table text as printed (text dumps, PDF text, OCR), else lines made from its layout tables.
 */
export function tableLines(doc: SourceDocument): TextLine[] {
  const structured = !doc.mediaType.startsWith('image/') && doc.mediaType !== 'application/pdf'
    && doc.blocks.some((b) => b.kind === 'table' && !b.approximate);
  return structured ? linesOfBlocks(doc.blocks) : doc.lines;
}
