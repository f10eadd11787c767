// Running heads and page numbers: page furniture, not content. They are dropped from the
// document; a page number is also kept out of any table the text around it forms.
import { normalizeText } from '@ziping/core/normalize';
import type { Element } from './layout.ts';

/** Top and bottom share of the page where running heads and folios sit. */
export const RUNNING_BAND = 0.08;
const FOLIO = /^[-—–\s]*(第\s*)?\d+(\s*页)?(\s*\/\s*\d+|\s*共\s*\d+\s*页)?[-—–\s]*$|^(page|p\.)\s*\d+(\s*(of|\/)\s*\d+)?$/i;

/** A page number as printed (`— 3 —`, `第 1 页 共 5 页`, `2/7`, `Page 4 of 9`), in any of the forms pdf.js returns. */
export const isFolio = (text: string): boolean => FOLIO.test(normalizeText(text));

/** Is the box in the top or bottom band of a page this high? */
export const inRunningBand = (top: number, bottom: number, height: number): boolean => bottom <= height * RUNNING_BAND || top >= height * (1 - RUNNING_BAND);

/** Page numbers, and lines repeated at the top or bottom of several pages, are not content. */
export function dropRunningText(pages: { elements: Element[]; height: number }[]): Element[][] {
  // the same text at the same height (to 4 pt) on at least half of the pages, and on three or more
  const key = (e: Element) => (e.kind === 'line' ? `${normalizeText(e.text).replace(/\s+/g, '')}@${Math.round(e.top / 4)}` : '');
  const inBand = (e: Element, h: number) => e.kind === 'line' && inRunningBand(e.top, e.bottom, h);
  const seen = new Map<string, number>();
  const repeated = Math.max(3, Math.ceil(pages.length * 0.5));
  for (const { elements, height } of pages) {
    for (const k of new Set(elements.filter((e) => inBand(e, height)).map(key))) seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  return pages.map(({ elements, height }) => elements.filter((e) => {
    if (!inBand(e, height) || e.kind !== 'line') return true;
    return !(isFolio(e.text) || (seen.get(key(e)) ?? 0) >= repeated);
  }));
}
