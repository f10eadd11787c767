// Shared pieces of the HTML reader: gathering an element's text with its line breaks, source
// line numbers, and the structural tests for elements that are not content.
import { joinWrapped, normalizeText } from '@ziping/core';
import type { HtmlElement, HtmlNode, HtmlText } from './html-dom.ts';

/** Never content, wherever they are. */
export const SKIP = new Set(['script', 'style', 'head', 'title', 'noscript', 'template', 'select', 'option', 'button', 'textarea', 'input', 'iframe', 'object', 'embed', 'svg', 'map', 'nav']);
/** Elements that start and end a line of text (a cell's line break, a paragraph boundary). */
export const BLOCK = new Set(['p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'blockquote', 'pre', 'section', 'article', 'main', 'aside', 'center', 'form', 'fieldset', 'legend', 'address', 'figure', 'figcaption', 'hr', 'caption', 'table', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'header', 'footer', 'details', 'summary']);

/**
 * Text of inline content, with '\n' wherever a line ends: at <br>, at block edges, and at
 * newlines in the source (Word's HTML export wraps long lines inside sentences, and CSS joins
 * such breaks between CJK characters without a space — joinWrapped does the same).
 */
export class Gather {
  raw = '';
  first = -1;
  last = -1;
  add(t: HtmlText): void {
    this.raw += t.text;
    if (t.text.trim() === '') return;
    if (this.first < 0) this.first = t.pos;
    this.last = t.end;
  }
  brk(): void { this.raw += '\n'; }
  get lines(): string[] {
    return this.raw.replace(/\r\n?/g, '\n').split('\n').map((l) => l.replace(/[ \t\f]+/g, ' ').replace(/^ | $/g, '')).filter((l) => l.trim() !== '');
  }
  /** The source text, one line per printed line (NBSP kept: raw is what the page printed). */
  get rawText(): string { return this.lines.join('\n'); }
  get text(): string { return joinWrapped(this.lines.map(normalizeText)); }
}

/** All text under an element, as a table cell reads it. */
export function gather(el: HtmlElement, g = new Gather()): Gather {
  for (const c of el.children) {
    if (c.type === 'text') { g.add(c); continue; }
    if (SKIP.has(c.tag) || hidden(c)) continue;
    if (c.tag === 'br') { g.brk(); continue; }
    const block = BLOCK.has(c.tag);
    if (block) g.brk();
    gather(c, g);
    if (block) g.brk();
  }
  return g;
}

/** Source offset → 1-based line, counting \n, \r\n and lone \r like the text readers do. */
export function lineIndex(src: string): (pos: number) => number {
  const starts = [0];
  for (let k = 0; k < src.length; k++) {
    const ch = src.charCodeAt(k);
    if (ch === 10 || (ch === 13 && src.charCodeAt(k + 1) !== 10)) starts.push(k + 1);
  }
  return (pos) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (starts[mid]! <= pos) lo = mid; else hi = mid - 1; }
    return lo + 1;
  };
}

export function find(el: HtmlElement, tag: string): HtmlElement | undefined {
  for (const c of el.children) {
    if (c.type !== 'element') continue;
    if (c.tag === tag) return c;
    const hit = find(c, tag);
    if (hit) return hit;
  }
  return undefined;
}

export const isEl = (n: HtmlNode, ...tags: string[]): n is HtmlElement => n.type === 'element' && tags.includes(n.tag);

/** Not rendered: the `hidden` attribute or an inline display:none / visibility:hidden. */
export function hidden(el: HtmlElement): boolean {
  return 'hidden' in el.attrs || /display\s*:\s*none|visibility\s*:\s*hidden/i.test(el.attrs.style ?? '');
}

// Site chrome by class/id/role: the words CMS templates use for navigation, banners,
// breadcrumbs and footers (split on -, _ and camelCase: `main-nav`, `siteFooter`). Position
// words (head, top, foot) also name parts of the article itself (`article-head`,
// `content_top`), so a word naming the article overrides those, not the unambiguous ones.
const CHROME_WORDS = new Set(['nav', 'navbar', 'navi', 'navigation', 'menu', 'menubar', 'submenu', 'breadcrumb', 'breadcrumbs', 'crumb', 'crumbs',
  'banner', 'copyright', 'sidebar', 'toolbar', 'share', 'logo', 'skip', 'search']);
const POSITION_WORDS = new Set(['header', 'head', 'top', 'topbar', 'footer', 'foot', 'bottom', 'tools']);
const CONTENT_WORDS = new Set(['article', 'content', 'main', 'title', 'text', 'detail', 'body', 'zoom', 'table']);
const CHROME_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'menu', 'menubar', 'search']);

export function chromeByName(el: HtmlElement): boolean {
  if (CHROME_ROLES.has((el.attrs.role ?? '').toLowerCase())) return true;
  const words = `${el.attrs.class ?? ''} ${el.attrs.id ?? ''}`.split(/[\s_-]+|(?<=[a-z])(?=[A-Z])/).map((w) => w.toLowerCase());
  if (words.some((w) => CHROME_WORDS.has(w))) return true;
  return words.some((w) => POSITION_WORDS.has(w)) && !words.some((w) => CONTENT_WORDS.has(w));
}
