// Text dumps: tab-separated exports (cells kept by tab position) and pdftotext-style
// space-separated text (a line is one cell; reconstruct splits it by content).
import type { TextLine } from '@ziping/core';

/** The physical lines of a text: what provenance line numbers count, for `lines` and every reader. */
export function physicalLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
}

export function textToLines(text: string, page = 1): TextLine[] {
  return physicalLines(text).map((t, i) => {
    const cleaned = t.replace(/\u00a0/g, ' ');
    const parts = cleaned.split('\t');
    return { page, line: i + 1, text: cleaned, cells: parts.map((p, col) => ({ text: p.trim(), col })) };
  });
}
