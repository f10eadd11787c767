// Tab-separated text, the default dialect: tab dumps (one field per slot), Word "save as plain
// text" (a merged cell is one field, form feeds at page breaks) and spreadsheet TSV (a quoted
// field may hold tabs and line breaks). Also the helpers the other delimited/line readers share:
// physical lines, pages, quote-aware record splitting and grouping records into blocks.
import { physicalLines } from './lines.ts';
import { joinWrapped, normalizeText, type LayoutBlock, type LayoutCell, type LayoutParagraph, type SourceRef } from '@ziping/core';


/** 1-based page of each line: every form feed starts a page; a line is on the page where its text starts. */
export function linePages(lines: string[]): number[] {
  let page = 1;
  const feeds = (s: string) => s.split('\f').length - 1;
  return lines.map((l) => {
    const start = l.search(/\S/);
    const at = page + feeds(start < 0 ? l : l.slice(0, start));
    page += feeds(l);
    return at;
  });
}

/** A paragraph block from one line (0-based index); centred or indented text is trimmed. */
export function paragraphAt(lines: string[], pages: number[], i: number): LayoutParagraph {
  const raw = lines[i]!.trim();
  return { kind: 'paragraph', text: normalizeText(raw), raw, prov: provOf(pages, i) };
}

/** A cell's normalised text: pieces wrapped over lines (or typed with line breaks) joined. */
export const cellText = (raw: string): string => normalizeText(joinWrapped(raw.split('\n').map((p) => normalizeText(p))));

/** Provenance of text on the 0-based lines `line`..`lineEnd`. */
export function provOf(pages: number[], line: number, lineEnd = line): SourceRef {
  return lineEnd > line ? { page: pages[line]!, line: line + 1, lineEnd: lineEnd + 1 } : { page: pages[line]!, line: line + 1 };
}

export interface Field { raw: string; quoted: boolean; line: number; lineEnd: number }
export interface Rec { fields: Field[]; line: number; lineEnd: number }

// A quoted field may run over this many physical lines at most: an unbalanced quote in a text
// dump must not swallow the rest of the document.
const MAX_QUOTED_LINES = 50;

/** The quoted field opening at lines[i][p]: RFC 4180 rules (`""` is a quote; it ends at a separator or end of line). */
function quotedField(lines: string[], i: number, p: number, sep: string): { raw: string; line: number; end: number } | null {
  let raw = '';
  let j = p + 1;
  for (let k = i; k < lines.length && k - i < MAX_QUOTED_LINES; k++, j = 0, raw += '\n') {
    const s = lines[k]!;
    for (; j < s.length; j++) {
      if (s[j] !== '"') { raw += s[j]; continue; }
      if (s[j + 1] === '"') { raw += '"'; j++; continue; }
      // A lone quote not followed by a separator: the field was not quoted after all.
      return j + 1 === s.length || s.startsWith(sep, j + 1) ? { raw, line: k, end: j + 1 } : null;
    }
  }
  return null;
}

/** Records of a delimited text; a record spans several physical lines when a quoted field holds line breaks. */
export function splitRecords(lines: string[], sep: string): Rec[] {
  const recs: Rec[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fields: Field[] = [];
    const first = i;
    let p = 0;
    for (;;) {
      const q = lines[i]![p] === '"' ? quotedField(lines, i, p, sep) : null;
      if (q) {
        fields.push({ raw: q.raw, quoted: true, line: i, lineEnd: q.line });
        i = q.line;
        p = q.end;
      } else {
        const s = lines[i]!;
        const e = s.indexOf(sep, p) < 0 ? s.length : s.indexOf(sep, p);
        fields.push({ raw: s.slice(p, e), quoted: false, line: i, lineEnd: i });
        p = e;
      }
      if (p >= lines[i]!.length) break;
      p += sep.length;
    }
    recs.push({ fields, line: first, lineEnd: i });
  }
  return recs;
}

const filled = (r: Rec) => r.fields.filter((f) => f.raw.trim() !== '').length;

/** Paragraphs of a record that is no table row: its lines, or its one filled field. */
function paragraphsOf(r: Rec, lines: string[], pages: number[]): LayoutBlock[] {
  const f = r.fields.find((x) => x.raw.trim() !== '');
  if (r.fields.length === 1 && !f?.quoted) {
    return lines.slice(r.line, r.lineEnd + 1).flatMap((l, k) => (l.trim() === '' ? [] : [paragraphAt(lines, pages, r.line + k)]));
  }
  // One filled field of a delimited row (a spreadsheet's title row): the field is the text.
  return f ? [{ kind: 'paragraph', text: cellText(f.raw.trim()), raw: f.raw.trim(), prov: provOf(pages, f.line, f.lineEnd) }] : [];
}

/** A table cell's `ref` from its record and field index, for dialects that have cell addresses (CSV). */
export type RefOf = (rec: Rec, col: number) => string;

/**
 * Blocks from records: a run of records with two or more filled fields is a table (col = field
 * index, empty fields omitted). A record with one filled field belongs to the table when rows
 * with two or more follow and it is not a title (titles start in the first column); otherwise
 * it is a paragraph (titles, signature lines). One blank record inside a table is skipped when
 * the table goes on after it.
 */
export function recordsToBlocks(recs: Rec[], lines: string[], pages: number[], refOf?: RefOf): LayoutBlock[] {
  const blocks: LayoutBlock[] = [];
  const isRow = (r: Rec | undefined): r is Rec => r !== undefined && r.fields.length > 1 && filled(r) >= 1;
  for (let i = 0; i < recs.length; ) {
    const r = recs[i]!;
    let last = isRow(r) && filled(r) >= 2 ? i : -1; // the last record with two or more filled fields
    if (isRow(r) && (last === i || r.fields[0]!.raw.trim() === '')) {
      for (let k = i + 1; k < recs.length; k++) {
        const x = recs[k]!;
        if (isRow(x)) { if (filled(x) >= 2) last = k; continue; }
        if (filled(x) === 0 && isRow(recs[k + 1])) continue;
        break;
      }
    }
    if (last < 0) {
      blocks.push(...paragraphsOf(r, lines, pages));
      i++;
      continue;
    }
    blocks.push(tableOf(recs.slice(i, last + 1).filter(isRow), pages, refOf));
    i = last + 1;
  }
  return blocks;
}

function tableOf(rows: Rec[], pages: number[], refOf?: RefOf): LayoutBlock {
  const cells: LayoutCell[] = [];
  let cols = 0;
  rows.forEach((r, row) => r.fields.forEach((f, col) => {
    const raw = f.quoted ? f.raw : f.raw.trim();
    if (raw.trim() === '') return;
    const prov = provOf(pages, f.line, f.lineEnd);
    if (refOf) prov.ref = refOf(r, col);
    cells.push({ row, col, rowSpan: 1, colSpan: 1, text: cellText(raw), raw, prov });
    cols = Math.max(cols, col + 1);
  }));
  const first = rows[0]!;
  return { kind: 'table', rows: rows.length, cols, cells, prov: provOf(pages, first.line, rows.at(-1)!.lineEnd) };
}

/**
 * Word's plain-text export breaks a row over two lines when a cell holds two paragraphs: the
 * first line ends inside that cell, the second starts inside it. Join two lines when together
 * (sharing the broken field) they have the width of the rows above and below them, which neither
 * has alone. (A key/value row over a wider row is no broken row: the row above must agree.)
 */
function joinBrokenRows(recs: Rec[]): Rec[] {
  const out: Rec[] = [];
  for (let i = 0; i < recs.length; i++) {
    const a = recs[i]!;
    const b = recs[i + 1];
    const widths = [out.at(-1), recs[i + 2]].filter((r) => r && r.fields.length > 1).map((r) => r!.fields.length);
    const w = b ? a.fields.length + b.fields.length - 1 : 0;
    const broken = b && a.fields.length > 1 && b.fields.length > 1 && a.fields.at(-1)!.raw.trim() !== '' && b.fields[0]!.raw.trim() !== ''
      && widths.length === 2 && widths.every((x) => x === w);
    if (!broken) { out.push(a); continue; }
    const joint: Field = { raw: `${a.fields.at(-1)!.raw.trim()}\n${b.fields[0]!.raw.trim()}`, quoted: false, line: a.lineEnd, lineEnd: b.line };
    out.push({ fields: [...a.fields.slice(0, -1), joint, ...b.fields.slice(1)], line: a.line, lineEnd: b.lineEnd });
    i++;
  }
  return out;
}

export function readTabbed(text: string): LayoutBlock[] {
  const lines = physicalLines(text);
  const pages = linePages(lines);
  return recordsToBlocks(joinBrokenRows(splitRecords(lines, '\t')), lines, pages);
}
