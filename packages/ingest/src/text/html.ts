// HTML pages (government CMS articles, Word "save as web page") → layout blocks in document
// order: every data table with its row/column spans, and the text of block elements outside
// tables as paragraphs. Site chrome (navigation, banners, breadcrumbs, footers) is dropped by
// structural hints only — tags, roles, class/id words — never by what the text says.
import type { LayoutBlock, LayoutCell, SourceRef } from '@ziping/core';
import { parseHtml, type HtmlElement, type HtmlNode } from './html-dom.ts';
import { BLOCK, Gather, SKIP, chromeByName, find, gather, hidden, isEl, lineIndex } from './html-text.ts';

interface Ctx {
  blocks: LayoutBlock[];
  line: (pos: number) => number;
  para: Gather;
  tables: number;
  /** Inside <article>/<main>, where <header>/<footer>/<aside> belong to the article. */
  inArticle: boolean;
}

export function readHtml(text: string): LayoutBlock[] {
  const root = parseHtml(text);
  const ctx: Ctx = { blocks: [], line: lineIndex(text), para: new Gather(), tables: 0, inArticle: false };
  // The <title> only when the page has no <h1>: otherwise it repeats the heading plus the site name.
  const title = find(root, 'title');
  if (title && !find(root, 'h1')) { gather(title, ctx.para); flush(ctx); }
  flow(root, ctx);
  flush(ctx);
  return ctx.blocks;
}

function prov(ctx: Ctx, first: number, last: number): SourceRef {
  const line = ctx.line(first);
  const lineEnd = ctx.line(last);
  return lineEnd > line ? { page: 1, line, lineEnd } : { page: 1, line };
}

/** The paragraph gathered so far, if it printed anything. */
function flush(ctx: Ctx): void {
  const g = ctx.para;
  ctx.para = new Gather();
  const text = g.text;
  if (text !== '') ctx.blocks.push({ kind: 'paragraph', text, raw: g.rawText, prov: prov(ctx, g.first, g.last) });
}

function containsTable(el: HtmlElement): boolean {
  return find(el, 'table') !== undefined;
}

function skipped(el: HtmlElement, ctx: Ctx): boolean {
  if (SKIP.has(el.tag)) return true;
  if ((el.tag === 'header' || el.tag === 'footer' || el.tag === 'aside') && !ctx.inArticle) return true;
  // Class/id words and hidden styles are hints, not certainties: keep anything holding a table.
  return (chromeByName(el) || hidden(el)) && !containsTable(el);
}

function flow(node: HtmlNode, ctx: Ctx): void {
  if (node.type === 'text') return ctx.para.add(node);
  if (skipped(node, ctx)) return;
  if (node.tag === 'br') return flush(ctx); // a line of its own, like a line of a text dump
  if (node.tag === 'table') { flush(ctx); table(node, ctx); return; }
  const block = BLOCK.has(node.tag);
  if (block) flush(ctx);
  const outer = ctx.inArticle;
  if (node.tag === 'article' || node.tag === 'main') ctx.inArticle = true;
  for (const c of node.children) flow(c, ctx);
  ctx.inArticle = outer;
  if (block) flush(ctx);
}

/** The table's own rows, also through <tbody> and wrappers such as a <form> between table and row. */
function rowsOf(el: HtmlElement): HtmlElement[] {
  const rows: HtmlElement[] = [];
  for (const c of el.children) {
    if (c.type !== 'element' || c.tag === 'table' || c.tag === 'caption') continue;
    if (c.tag === 'tr') rows.push(c);
    else rows.push(...rowsOf(c));
  }
  return rows;
}

const cellsOf = (tr: HtmlElement) => tr.children.filter((c): c is HtmlElement => isEl(c, 'td', 'th'));

function span(v: string | undefined, max: number): number {
  const n = parseInt(v ?? '', 10);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, max) : 1;
}

function table(el: HtmlElement, ctx: Ctx): void {
  const rows = rowsOf(el);
  const all = rows.flatMap(cellsOf);
  // A table holding tables, or a single cell, lays out the page rather than tabulating data:
  // read it as page content, cell by cell, so the inner tables come out as tables.
  if (all.length <= 1 || all.some(containsTable)) {
    for (const c of el.children) flow(c, ctx);
    return;
  }
  for (const c of el.children) if (isEl(c, 'caption')) flow(c, ctx); // a caption reads as the table's title
  const taken: boolean[][] = rows.map(() => []);
  const cells: LayoutCell[] = [];
  let cols = 0;
  let lastLine = ctx.line(el.pos);
  rows.forEach((tr, r) => {
    let col = 0;
    for (const td of cellsOf(tr)) {
      while (taken[r]![col]) col++; // slots held by rowspans from rows above
      // rowspan="0" spans to the end of the table; spans never reach past the last row.
      const rowSpan = td.attrs.rowspan?.trim() === '0' ? rows.length - r : Math.min(span(td.attrs.rowspan, 65534), rows.length - r);
      const colSpan = span(td.attrs.colspan, 1000);
      for (let rr = r; rr < r + rowSpan; rr++) for (let cc = col; cc < col + colSpan; cc++) taken[rr]![cc] = true;
      const g = gather(td);
      const text = g.text;
      if (text !== '') {
        const p = prov(ctx, td.pos, Math.max(td.pos, g.last));
        lastLine = Math.max(lastLine, p.lineEnd ?? p.line);
        cells.push({ row: r, col, rowSpan, colSpan, text, raw: g.rawText, prov: p });
      }
      col += colSpan;
      cols = Math.max(cols, col);
    }
  });
  if (cells.length === 0) return; // spacer or empty form skeleton: nothing printed
  const t = ++ctx.tables;
  for (const c of cells) c.prov.ref = `t${t} r${c.row + 1} c${c.col + 1}`;
  const line = ctx.line(el.pos);
  ctx.blocks.push({ kind: 'table', rows: rows.length, cols, cells, prov: lastLine > line ? { page: 1, line, lineEnd: lastLine } : { page: 1, line } });
}

// Charset: for HTML the page's own declaration wins over byte sniffing, because GB2312/GBK
// bytes often also decode as something else without errors.
const GB = /^(gb2312|gbk|gb18030|gb_2312(-80)?|x-gbk|csgb2312|cp936|ms936|windows-936|chinese|iso-ir-58|csiso58gb231280)$/;

/** The charset a page declares in its first 4 KB (`<meta charset>`, http-equiv Content-Type, XML declaration); GB2312/GBK → 'gb18030'. */
export function htmlCharset(buf: Buffer): string | null {
  const head = buf.subarray(0, 4096).toString('latin1');
  const m = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head) ?? /^\s*<\?xml\b[^>]*\bencoding\s*=\s*["']([\w.:-]+)/i.exec(head);
  if (!m) return null;
  const label = m[1]!.toLowerCase();
  if (GB.test(label)) return 'gb18030';
  try {
    const enc = new TextDecoder(label).encoding;
    // A page that can declare itself in ASCII is not UTF-16 (HTML spec: treat as UTF-8).
    return enc.startsWith('utf-16') ? 'utf-8' : enc === 'gbk' ? 'gb18030' : enc;
  } catch {
    return null; // a label no decoder knows: let byte sniffing decide
  }
}
