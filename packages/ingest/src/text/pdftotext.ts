// STUB (text-readers work): plain `pdftotext` dumps (reading order). Another engineer replaces this file.
import { blocksFromLines, type LayoutBlock } from '@ziping/core';
import { textToLines } from './lines.ts';

/** Whether a text is a plain `pdftotext` dump. STUB: never. */
export function isPlainPdftotext(_text: string): boolean {
  return false;
}

export function readPlainPdftotext(text: string): LayoutBlock[] {
  return blocksFromLines(textToLines(text));
}
