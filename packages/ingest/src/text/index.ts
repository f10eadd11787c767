// Text inputs → lines and layout blocks. The dialect is sniffed from the content; each
// dialect is one small reader. Readers normalise every cell (normalizeText) and keep the raw
// text; they know formats, never form vocabulary.
import { blocksFromLines, type LayoutBlock, type TextLine } from '@ziping/core';
import { textToLines } from './lines.ts';

export type TextDialect = 'tabbed' | 'csv' | 'markdown' | 'boxgrid' | 'html' | 'percell' | 'layout' | 'pdftotext';

export interface TextRead {
  dialect: TextDialect;
  /** One per physical line of the text (provenance line numbers count these). */
  lines: TextLine[];
  blocks: LayoutBlock[];
}

/** Which dialect a decoded text is written in. STUB: everything is tab-separated. */
export function sniffDialect(_text: string): TextDialect {
  return 'tabbed';
}

export function readText(text: string): TextRead {
  const dialect = sniffDialect(text);
  const lines = textToLines(text);
  return { dialect, lines, blocks: blocksFromLines(lines) };
}
