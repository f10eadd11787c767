// Bounds on what one document may hold. A form is a few pages; these are orders of magnitude
// past any real one, and exist so that a hostile or mistaken file (200 MB of zeros, a million
// rows, a 10 MB cell) fails fast with TOO_LARGE instead of taking minutes or gigabytes.
import { InputError, type LayoutBlock } from '@ziping/core';

/** Largest file read at all, checked from its size before a byte is read. */
export const MAX_FILE_BYTES = 100 * 1024 * 1024;
/** Most lines (physical lines of a text, lines of a PDF or Office document) in one document. */
export const MAX_LINES = 100_000;
/** Longest paragraph or table cell, in characters. */
export const MAX_CELL_CHARS = 100_000;

const n = (x: number) => x.toLocaleString('en-US');

export function checkFileSize(bytes: number, path: string): void {
  if (bytes > MAX_FILE_BYTES) throw new InputError('TOO_LARGE', path, `${n(bytes)} bytes, over the limit of ${n(MAX_FILE_BYTES)} per file (MAX_FILE_BYTES): a form is far smaller; split the file`);
}

/**
 * A text's lines, counted without splitting, so a million lines or a 10 MB line is refused before
 * the text is parsed. A line is a cell or more in every text dialect but HTML, where a whole page
 * may be one (minified) line: `html` skips the length check, checkDocument does it after parsing.
 */
export function checkTextLines(text: string, path: string, html: boolean): void {
  let lines = 0;
  for (let from = 0; from <= text.length; lines++) {
    const end = text.indexOf('\n', from);
    const to = end < 0 ? text.length : end;
    if (!html && to - from > MAX_CELL_CHARS) throw new InputError('TOO_LARGE', path, `line ${lines + 1} is ${n(to - from)} characters long, over the limit of ${n(MAX_CELL_CHARS)} (MAX_CELL_CHARS): not a form`);
    if (lines >= MAX_LINES) throw tooManyLines(path);
    from = to + 1;
  }
}

export function checkDocument(doc: { lines: unknown[]; blocks: LayoutBlock[] }, path: string): void {
  if (doc.lines.length > MAX_LINES) throw tooManyLines(path, doc.lines.length);
  for (const b of doc.blocks) {
    const texts = b.kind === 'table' ? b.cells.map((c) => c.text) : [b.text];
    const long = texts.find((t) => t.length > MAX_CELL_CHARS);
    if (long !== undefined) {
      const where = `page ${b.prov.page}, line ${b.prov.line}`;
      throw new InputError('TOO_LARGE', path, `a ${b.kind === 'table' ? 'table cell' : 'paragraph'} at ${where} holds ${n(long.length)} characters, over the limit of ${n(MAX_CELL_CHARS)} (MAX_CELL_CHARS): not a form`);
    }
  }
}

const tooManyLines = (path: string, count?: number) =>
  new InputError('TOO_LARGE', path, `${count === undefined ? `more than ${n(MAX_LINES)}` : n(count)} lines, over the limit of ${n(MAX_LINES)} per document (MAX_LINES): split the file`);
