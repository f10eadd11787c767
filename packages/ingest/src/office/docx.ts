// DOCX documents → lines and layout blocks, paragraphs and tables in body order.
//
// Library: word/document.xml is read directly, with zip.ts (node:zlib) and the small XML scanner in
// ooxml.ts (both shared with the XLSX reader, no other dependency). mammoth converts to HTML
// for display: it keeps no page breaks and, built for looks, not cell slots, it gives us nothing
// over the table grid itself — `w:gridSpan` is the column span, a `w:vMerge` run (restart, then
// continue) one cell with a row span, `w:gridBefore` the slots a row skips.
//
// Pages are a best effort: a DOCX has no pages, only the breaks Word last rendered
// (`w:lastRenderedPageBreak`, used when present) or else the explicit ones (page breaks,
// page-break-before, section breaks that start a new page).
import { joinWrapped, normalizeText, type LayoutCell, type TextLine } from '@ziping/core';
import { elements, find, openPackage, parseXml, type XmlEl } from './ooxml.ts';
import type { OfficeRead } from './xlsx.ts';

interface Ctx extends OfficeRead {
  page: number;
  /** Word left its rendered page breaks: count those, not the explicit ones (it writes both). */
  rendered: boolean;
  /** Some text was read: a break before any text starts no page. */
  seen: boolean;
  tables: number;
  paragraphs: number;
}

export function readDocx(buf: Uint8Array): OfficeRead {
  const xml = openPackage(buf).text('word/document.xml') ?? ''; // macros (.docm's vbaProject.bin) are never unpacked
  const body = find(parseXml(xml), 'body');
  const ctx: Ctx = { pageCount: 1, lines: [], blocks: [], page: 1, rendered: xml.includes('lastRenderedPageBreak'), seen: false, tables: 0, paragraphs: 0 };
  if (body) flow(body, ctx);
  return { pageCount: ctx.page, lines: ctx.lines, blocks: ctx.blocks };
}

/** Wrappers whose children belong to the flow they sit in (content controls, custom XML, tracked insertions). */
const WRAPPERS = new Set(['sdt', 'sdtContent', 'customXml', 'smartTag', 'ins']);
/** Never printed text: properties (tab stops are `w:tab` too), field codes, deleted or moved-away text, the fallback copy of alternate content. */
const SKIP = new Set(['pPr', 'rPr', 'tblPr', 'trPr', 'tcPr', 'sectPr', 'instrText', 'delText', 'del', 'moveFrom', 'Fallback', 'fldData']);

const on = (el: XmlEl | undefined) => el !== undefined && !/^(0|false|off)$/.test(el.attrs.val ?? '');
const child = (el: XmlEl | undefined, name: string) => (el ? elements(el, name)[0] : undefined);

function breakPage(ctx: Ctx): void {
  if (ctx.seen) ctx.page++;
}

function flow(el: XmlEl, ctx: Ctx): void {
  for (const c of elements(el)) {
    if (c.name === 'p') paragraph(c, ctx);
    else if (c.name === 'tbl') table(c, ctx);
    else if (WRAPPERS.has(c.name)) flow(c, ctx);
  }
}

function line(ctx: Ctx, page: number, cells: { text: string; col: number }[]): number {
  const l: TextLine = { page, line: ctx.lines.length + 1, text: cells.map((c) => c.text).join('\t'), cells };
  ctx.lines.push(l);
  return l.line;
}

const clean = (raw: string) => normalizeText(joinWrapped(raw.split('\n')));

function paragraph(p: XmlEl, ctx: Ctx): void {
  const { raw, page } = gather(p, ctx);
  const text = clean(raw);
  if (text === '') return;
  const k = ++ctx.paragraphs;
  ctx.blocks.push({ kind: 'paragraph', text, raw, prov: { page, line: line(ctx, page, [{ text, col: 0 }]), ref: `p${k}` } });
}

/** A paragraph's printed text (`w:br` as a line break) and the page it starts on; counts the page breaks it holds. */
function gather(p: XmlEl, ctx: Ctx): { raw: string; page: number } {
  const pPr = child(p, 'pPr');
  if (!ctx.rendered && on(child(pPr, 'pageBreakBefore'))) breakPage(ctx);
  let raw = '';
  let page = ctx.page;
  const walk = (el: XmlEl) => {
    for (const c of el.children) {
      if (typeof c === 'string') continue;
      if (c.name === 't') {
        const t = c.children.filter((x): x is string => typeof x === 'string').join('');
        if (raw.trim() === '') page = ctx.page;
        raw += t;
        if (t.trim() !== '') ctx.seen = true;
      } else if (c.name === 'tab') raw += '\t';
      else if (c.name === 'noBreakHyphen') raw += '-';
      else if (c.name === 'cr') raw += '\n';
      else if (c.name === 'br') {
        if (c.attrs.type !== 'page' && c.attrs.type !== 'column') raw += '\n';
        else if (c.attrs.type === 'page' && !ctx.rendered) breakPage(ctx);
      } else if (c.name === 'lastRenderedPageBreak') { if (ctx.rendered) breakPage(ctx); }
      else if (!SKIP.has(c.name)) walk(c); // runs, hyperlinks, fields, text boxes
    }
  };
  walk(p);
  // A section break that starts a new page takes effect after its paragraph.
  const sect = child(pPr, 'sectPr');
  if (sect && !ctx.rendered && child(sect, 'type')?.attrs.val !== 'continuous') breakPage(ctx);
  return { raw, page };
}

/** The paragraphs of a cell in order, through nested tables and content controls. */
function cellParagraphs(el: XmlEl, ctx: Ctx, out: { raw: string; page: number }[] = []): { raw: string; page: number }[] {
  for (const c of elements(el)) {
    if (c.name === 'p') out.push(gather(c, ctx));
    else if (!SKIP.has(c.name)) cellParagraphs(c, ctx, out);
  }
  return out;
}

const itemsOf = (el: XmlEl, name: string): XmlEl[] =>
  elements(el).flatMap((c) => (c.name === name ? [c] : WRAPPERS.has(c.name) ? itemsOf(c, name) : []));

interface Slot { row: number; col: number; rowSpan: number; colSpan: number; raw: string; text: string; page: number }

function table(tbl: XmlEl, ctx: Ctx): void {
  const rows = itemsOf(tbl, 'tr');
  const slots: Slot[] = [];
  const above = new Map<number, Slot>(); // the cell last started in each column, for vMerge continuations
  rows.forEach((tr, r) => {
    let col = Math.max(0, Number(child(child(tr, 'trPr'), 'gridBefore')?.attrs.val ?? 0) || 0);
    for (const tc of itemsOf(tr, 'tc')) {
      const pr = child(tc, 'tcPr');
      const colSpan = Math.max(1, Number(child(pr, 'gridSpan')?.attrs.val ?? 1) || 1);
      const vMerge = child(pr, 'vMerge');
      const up = above.get(col);
      if (vMerge && vMerge.attrs.val !== 'restart' && up && up.row + up.rowSpan === r) {
        up.rowSpan++; // its text, if any, is not printed: Word shows the first cell of the run
        cellParagraphs(tc, ctx); // still count the page breaks inside it
      } else {
        const paras = cellParagraphs(tc, ctx);
        const raw = paras.map((p) => p.raw).join('\n');
        const first = paras.find((p) => p.raw.trim() !== '');
        const slot = { row: r, col, rowSpan: 1, colSpan, raw, text: clean(raw), page: first?.page ?? ctx.page };
        slots.push(slot);
        above.set(col, slot);
      }
      col += colSpan;
    }
  });
  const printed = slots.filter((s) => s.text !== '');
  if (printed.length === 0) return; // a spacer or an empty form skeleton
  const t = ++ctx.tables;
  const lineOf = new Map<number, number>();
  for (let r = 0; r < rows.length; r++) {
    const cs = printed.filter((s) => s.row === r);
    if (cs.length > 0) lineOf.set(r, line(ctx, cs[0]!.page, cs.map((s) => ({ text: s.text, col: s.col }))));
  }
  const cells: LayoutCell[] = printed.map((s) => ({
    row: s.row, col: s.col, rowSpan: s.rowSpan, colSpan: s.colSpan, text: s.text, raw: s.raw,
    prov: { page: s.page, line: lineOf.get(s.row)!, ref: `t${t} r${s.row + 1} c${s.col + 1}` },
  }));
  const lines = [...lineOf.values()];
  const first = lines[0]!, last = lines.at(-1)!; // rows in order: their lines ascend
  const page = printed[0]!.page;
  ctx.blocks.push({
    kind: 'table', rows: rows.length, cols: slots.reduce((m, s) => Math.max(m, s.col + s.colSpan), 0), cells,
    prov: last > first ? { page, line: first, lineEnd: last } : { page, line: first },
  });
}
