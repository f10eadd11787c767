// XLSX/XLSM workbooks → lines and layout blocks, one page per sheet in workbook order.
//
// Libraries: the parts are read with zip.ts (node:zlib) and the small XML scanner in ooxml.ts, and numbers
// are shown through numfmt (numbers.ts). exceljs (tried first) gives `cell.text` as the bare value
// (0.9565, not the 95.65% the sheet displays), throws on some merged cells, turns dated
// numbers into Date objects and materialises every styled row; here a streaming scan keeps
// only cells that print something, so 10,000 empty formatted rows cost a scan and nothing more.
//
// What a sheet prints is what we read: cached formula results, merged ranges as spans (a value
// under a merge that is not its top-left cell is not displayed, so it is dropped), rich-text runs
// joined (without phonetic guides). Print titles and header/footer settings live outside
// sheetData, so repeated header rows appear once and page headers not at all; macros
// (vbaProject.bin) are never unpacked, so a macro-enabled .xlsm reads like an .xlsx.
import { joinWrapped, normalizeText, type LayoutBlock, type LayoutCell, type TextLine } from '@ziping/core';
import { cellAddress } from '../address.ts';
import { BUILTIN_FORMATS, displayNumber } from './numbers.ts';
import { elements, find, openPackage, parseXml, relationships, scanXml } from './ooxml.ts';

export interface OfficeRead { pageCount: number; lines: TextLine[]; blocks: LayoutBlock[] }

interface Cell { row: number; col: number; rowSpan: number; colSpan: number; raw: string; text: string }
interface Range { r0: number; c0: number; r1: number; c1: number }

export function readXlsx(buf: Uint8Array): OfficeRead {
  const pkg = openPackage(buf); // parts are inflated as they are read, within MAX_UNPACKED_BYTES
  const book = parseXml(pkg.text('xl/workbook.xml') ?? '');
  const rels = relationships(pkg, 'xl/workbook.xml');
  const part = (type: string, fallback: string) => pkg.text([...rels.values()].find((r) => r.type === type)?.path ?? fallback);
  const strings = sharedStrings(part('sharedStrings', 'xl/sharedStrings.xml'));
  const formats = cellFormats(part('styles', 'xl/styles.xml'));
  const date1904 = /^(1|true)$/.test(find(book, 'workbookPr')?.attrs.date1904 ?? '');
  const display = (v: string, type: string | undefined, style: number): string => {
    if (type === 's') return strings[Number(v)] ?? '';
    if (type === 'b') return v === '1' ? 'TRUE' : v === '0' ? 'FALSE' : v;
    if (type === 'inlineStr' || type === 'str' || type === 'e' || type === 'd') return unescapeX(v);
    return displayNumber(v, formats[style] ?? 'General', date1904);
  };
  const sheets = elements(find(book, 'sheets') ?? book, 'sheet');
  const out: OfficeRead = { pageCount: Math.max(1, sheets.length), lines: [], blocks: [] };
  sheets.forEach((s, i) => {
    // Hidden sheets are not printed: they hold lookup lists for drop-downs, not the form.
    if (s.attrs.state === 'hidden' || s.attrs.state === 'veryHidden') return;
    const rel = rels.get(s.attrs.id ?? '');
    const xml = rel?.type === 'worksheet' ? pkg.text(rel.path) : undefined; // chart sheets hold no cells
    if (xml) layoutSheet(out, s.attrs.name ?? `Sheet${i + 1}`, i + 1, readSheet(xml, display));
  });
  return out;
}

/** `_x000D_`-style escapes of characters XML cannot carry. */
const unescapeX = (s: string) => s.replace(/_x([0-9a-fA-F]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

function sharedStrings(xml: string | undefined): string[] {
  const out: string[] = [];
  let cur = '';
  let phonetic = 0;
  let inT = false;
  if (xml) scanXml(xml, {
    open: (n) => { if (n === 'si') cur = ''; else if (n === 'rPh') phonetic++; else if (n === 't') inT = phonetic === 0; },
    close: (n) => { if (n === 'si') out.push(unescapeX(cur)); else if (n === 'rPh') phonetic--; else if (n === 't') inT = false; },
    text: (t) => { if (inT) cur += t; },
  });
  return out;
}

/** Format code per cell style index (cellXfs). */
function cellFormats(xml: string | undefined): string[] {
  if (!xml) return [];
  const styles = parseXml(xml);
  const custom = new Map(elements(find(styles, 'numFmts') ?? styles, 'numFmt').map((f) => [Number(f.attrs.numFmtId), f.attrs.formatCode ?? 'General']));
  return elements(find(styles, 'cellXfs') ?? styles, 'xf').map((x) => {
    const id = Number(x.attrs.numFmtId ?? 0);
    return custom.get(id) ?? BUILTIN_FORMATS[id] ?? 'General';
  });
}

const A = 'A'.charCodeAt(0);
function parseRef(ref: string): { row: number; col: number } | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(ref.trim());
  if (!m) return null;
  let col = 0;
  for (const ch of m[1]!.toUpperCase()) col = col * 26 + ch.charCodeAt(0) - A + 1;
  return { row: Number(m[2]) - 1, col: col - 1 };
}

/** The cells that print something, and the merged ranges, in one pass over the sheet's XML. */
function readSheet(xml: string, display: (v: string, type: string | undefined, style: number) => string): { cells: Cell[]; merges: Range[] } {
  const cells: Cell[] = [];
  const merges: Range[] = [];
  let row = -1, col = -1, style = 0, type: string | undefined, v = '', into: 'v' | 't' | null = null, inIs = false, phonetic = 0;
  scanXml(xml, {
    open: (n, a) => {
      if (n === 'row') { row = a.r ? Number(a.r) - 1 : row + 1; col = -1; }
      else if (n === 'c') {
        const p = a.r ? parseRef(a.r) : null;
        if (p) ({ row, col } = p); else col++;
        type = a.t; style = Number(a.s ?? 0); v = '';
      } else if (n === 'v' && !inIs) into = 'v';
      else if (n === 'is') inIs = true;
      else if (n === 'rPh') phonetic++;
      else if (n === 't' && inIs && phonetic === 0) into = 't';
      else if (n === 'mergeCell') {
        const [a0, a1] = (a.ref ?? '').split(':').map(parseRef);
        if (a0) merges.push({ r0: a0.row, c0: a0.col, r1: (a1 ?? a0).row, c1: (a1 ?? a0).col });
      }
    },
    close: (n) => {
      if (n === 'v' || n === 't') into = null;
      else if (n === 'is') inIs = false;
      else if (n === 'rPh') phonetic--;
      else if (n === 'c' && row >= 0 && col >= 0 && v !== '') {
        const raw = display(v, type, style);
        const text = normalizeText(joinWrapped(raw.split(/\r\n|\r|\n/)));
        if (text !== '') cells.push({ row, col, rowSpan: 1, colSpan: 1, raw, text });
      }
    },
    text: (t) => { if (into) v += t; },
  });
  return { cells, merges };
}

/**
 * The sheet as blocks: rows connected by content or merges form a group; in a group, the rows
 * from the first to the last row with two or more cells (and any merge reaching into them) are a
 * table, single-cell rows before and after (titles, notes, signatures) are paragraphs.
 */
function layoutSheet(out: OfficeRead, sheet: string, page: number, { cells, merges }: { cells: Cell[]; merges: Range[] }): void {
  if (cells.length === 0) return;
  // Trailing empty (even if formatted or merged) rows and columns are trimmed by clipping spans to the printed cells.
  let maxRow = 0, maxCol = 0;
  const byRow = new Map<number, Cell[]>();
  for (const c of cells) {
    maxRow = Math.max(maxRow, c.row);
    maxCol = Math.max(maxCol, c.col);
    const cs = byRow.get(c.row);
    if (cs) cs.push(c); else byRow.set(c.row, [c]);
  }
  for (const m of merges) {
    if (m.r0 > maxRow || m.c0 > maxCol || m.r1 < m.r0 || m.c1 < m.c0) continue;
    const r1 = Math.min(m.r1, maxRow), c1 = Math.min(m.c1, maxCol);
    const top = byRow.get(m.r0)?.find((c) => c.col === m.c0);
    for (let r = m.r0; r <= r1; r++) {
      const cs = byRow.get(r);
      if (cs) byRow.set(r, cs.filter((c) => c === top || c.col < m.c0 || c.col > c1));
    }
    if (top) Object.assign(top, { rowSpan: r1 - m.r0 + 1, colSpan: c1 - m.c0 + 1 });
  }
  const rows = [...byRow.keys()].filter((r) => byRow.get(r)!.length > 0).sort((a, b) => a - b);
  const lineOf = new Map<number, number>();
  for (const r of rows) {
    const cs = byRow.get(r)!.sort((a, b) => a.col - b.col);
    const line = out.lines.length + 1;
    lineOf.set(r, line);
    out.lines.push({ page, line, text: cs.map((c) => c.text).join('\t'), cells: cs.map((c) => ({ text: c.text, col: c.col })) });
  }
  const ref = (r: number, c: number) => `${sheet}!${cellAddress(r, c)}`;
  const paragraph = (r: number) => {
    const cs = byRow.get(r)!;
    const raw = cs.map((c) => c.raw).join(' ');
    out.blocks.push({ kind: 'paragraph', text: cs.map((c) => c.text).join(' '), raw, prov: { page, line: lineOf.get(r)!, ref: ref(r, cs[0]!.col) } });
  };
  const emit = (group: number[]) => {
    const dense = group.filter((r) => byRow.get(r)!.length >= 2);
    if (dense.length === 0) return group.forEach(paragraph);
    let a = dense[0]!, b = dense.at(-1)!;
    for (let grown = true; grown;) {
      grown = false;
      for (const r of group) for (const c of byRow.get(r)!) {
        const end = r + c.rowSpan - 1;
        if (r <= b && end >= a && (r < a || end > b)) { a = Math.min(a, r); b = Math.max(b, end); grown = true; }
      }
    }
    group.filter((r) => r < a).forEach(paragraph);
    const inside = group.filter((r) => r >= a && r <= b);
    const cs = inside.flatMap((r) => byRow.get(r)!);
    const c0 = cs.reduce((m, c) => Math.min(m, c.col), Infinity);
    const cols = cs.reduce((m, c) => Math.max(m, c.col + c.colSpan), 0) - c0;
    const tcells: LayoutCell[] = cs.map((c) => ({
      row: c.row - a, col: c.col - c0, rowSpan: c.rowSpan, colSpan: c.colSpan, text: c.text, raw: c.raw,
      prov: { page, line: lineOf.get(c.row)!, ref: ref(c.row, c.col) },
    }));
    const line = lineOf.get(inside[0]!)!, lineEnd = lineOf.get(inside.at(-1)!)!;
    const range = `${ref(a, c0)}:${cellAddress(b, c0 + cols - 1)}`;
    out.blocks.push({ kind: 'table', rows: b - a + 1, cols, cells: tcells, prov: lineEnd > line ? { page, line, lineEnd, ref: range } : { page, line, ref: range } });
    group.filter((r) => r > b).forEach(paragraph);
  };
  // Rows join a group while they follow without a gap, or the gap lies under a merge from above.
  let group: number[] = [];
  let reach = -1;
  for (const r of rows) {
    if (group.length > 0 && r > reach + 1) { emit(group); group = []; }
    group.push(r);
    for (const c of byRow.get(r)!) reach = Math.max(reach, c.row + c.rowSpan - 1);
  }
  emit(group);
}
