// Text inputs → lines and layout blocks. The dialect is sniffed from the content; each
// dialect is one small reader. Readers normalise every cell (normalizeText) and keep the raw
// text; they know formats, never form vocabulary.
import type { LayoutBlock, TextLine } from '@ziping/core';
import { isBoxgrid, readBoxgrid } from './boxgrid.ts';
import { isCsv, readCsv } from './csv.ts';
import { readHtml } from './html.ts';
import { isLayoutText, readLayout } from './layout.ts';
import { textToLines } from './lines.ts';
import { isMarkdown, readMarkdown } from './markdown.ts';
import { isPlainPdftotext, readPlainPdftotext } from './pdftotext.ts';
import { isPercell, readPercell } from './percell.ts';
import { isSpaced, readSpaced } from './spaced.ts';
import { readTabbed } from './tabbed.ts';

export type TextDialect = 'tabbed' | 'csv' | 'markdown' | 'boxgrid' | 'html' | 'percell' | 'layout' | 'pdftotext' | 'spaced';

export interface TextRead {
  dialect: TextDialect;
  /** One per physical line of the text (provenance line numbers count these). */
  lines: TextLine[];
  blocks: LayoutBlock[];
}

export function isHtml(text: string): boolean {
  const head = text.replace(/^\uFEFF/, '').trimStart().slice(0, 512).toLowerCase();
  return head.startsWith('<!doctype') || head.startsWith('<html') || /<table[\s>]/i.test(text);
}

/**
 * Which dialect a decoded text is written in. The order matters: the most specific markup
 * first (HTML tags, box borders, pipe-table separators), then CSV's regular comma counts, then
 * the PDF text dumps, then the heuristic one-cell-per-line rule, then single-space rows;
 * tab-separated is the default.
 */
export function sniffDialect(text: string): TextDialect {
  if (isHtml(text)) return 'html';
  if (isBoxgrid(text)) return 'boxgrid';
  if (isMarkdown(text)) return 'markdown';
  if (isCsv(text)) return 'csv';
  if (isLayoutText(text)) return 'layout';
  if (isPlainPdftotext(text)) return 'pdftotext';
  if (isPercell(text)) return 'percell';
  if (isSpaced(text)) return 'spaced';
  return 'tabbed';
}

const READERS: Record<TextDialect, (text: string) => LayoutBlock[]> = {
  tabbed: readTabbed,
  csv: readCsv,
  markdown: readMarkdown,
  boxgrid: readBoxgrid,
  html: readHtml,
  percell: readPercell,
  layout: readLayout,
  pdftotext: readPlainPdftotext,
  spaced: readSpaced,
};

/** Dialects that flatten a table into text: their column positions are approximate. */
const FLATTENED: ReadonlySet<TextDialect> = new Set(['tabbed', 'layout', 'pdftotext', 'percell']);

export function readText(text: string): TextRead {
  const dialect = sniffDialect(text);
  const blocks = READERS[dialect](text);
  if (FLATTENED.has(dialect)) for (const b of blocks) if (b.kind === 'table') b.approximate = true;
  return { dialect, lines: textToLines(text), blocks };
}
