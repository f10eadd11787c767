// Plain `pdftotext` dumps (no -layout): text in reading order, one page per form feed. A ruled
// table comes out cell by cell, interleaved: pdftotext prints each text flow it finds in turn,
// so a block of figures is printed row by row (a run of figures per row) while the labels of
// the rows come as separate lines in between, or column by column (a header, then one figure
// per row). Rows are rebuilt only where one of two general patterns holds exactly; everything
// else is a paragraph per line (an interpreter then says the form cannot be read).
//
//  - rows: a header of H short labels (one per line or a few per line), then runs of figure
//    lines holding exactly H figures each, with label lines between the runs; when there are as
//    many label lines as runs, the i-th label line names the i-th run (pdftotext keeps the
//    top-to-bottom order within each flow, not their interleaving).
//  - columns: a run of n row labels, then columns each printed as h header labels followed by
//    h·n figures (h interleaved columns row by row), at least two columns with the same n.
import { normalizeText, type LayoutBlock, type LayoutCell, type SourceRef } from '@ziping/core';
import { physicalLines } from './lines.ts';
import { isFolio } from '../pdf/running.ts';
import { cellsOf } from './spaced.ts';

/** One figure, a placeholder, or a figure with a short unit / a comparison sign. */
const FIGURE = /^(?:[≥≤<>=＞＜±+-]?\d[\d,.]*\S{0,6}|[—–/-]+)$/u;
const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/u;
const MAX_LABEL = 12;

/** The kind of a figure — comparison, percentage, unit, bare number; `*` for a placeholder — which a column keeps. */
const shape = (p: string) => (/^[—–/-]+$/.test(p) ? '*' : `${/^[≥≤<>=＞＜]/.test(p) ? '≥' : ''}${/[%‰％]$/.test(p) ? '%' : /[^\d.,]$/.test(p) ? 'u' : 'n'}`);

interface Line { text: string; line: number; page: number; pieces: string[]; kind: 'blank' | 'fig' | 'label' | 'text' }

/**
 * A plain pdftotext dump: pages ended by form feeds (pdftotext ends every page with one), no
 * tabs, almost no runs of spaces inside a line (a -layout dump is full of them), and mostly
 * short lines (cells one per line).
 */
export function isPlainPdftotext(text: string): boolean {
  if (!text.includes('\f')) return false;
  const lines = text.replace(/\r\n?/g, '\n').split('\n').map((l) => l.replace(/\f/g, '')).filter((l) => l.trim() !== '');
  if (lines.length < 20) return false;
  if (lines.some((l) => l.includes('\t'))) return false;
  if (lines.filter((l) => /[|│┃]|^\s*\+[-=+]{3,}/.test(l)).length > lines.length * 0.05) return false;
  if (lines.filter((l) => /\S {2,}\S/.test(l.trim()) || /^ {4,}/.test(l)).length > lines.length * 0.05) return false;
  return lines.filter((l) => [...l.trim()].length <= 20).length >= lines.length * 0.5;
}

/** A line's cells as far as spacing tells: one space between two figures or two CJK characters separates cells. */
function piecesOf(text: string): string[] {
  const toks = text.trim().split(/ +/).filter((t) => t !== '');
  const out: string[] = [];
  for (const t of toks) {
    const prev = out.at(-1);
    const split = prev !== undefined && ((FIGURE.test(prev) && FIGURE.test(t)) || (CJK.test(prev.at(-1)!) && CJK.test(t[0]!)) || (FIGURE.test(t) && CJK.test(prev.at(-1)!)));
    if (prev === undefined || split) out.push(t);
    else out[out.length - 1] = `${prev} ${t}`;
  }
  return out;
}

function classify(raw: string[]): Line[] {
  let page = 1;
  return raw.map((r, i) => {
    const at = page + (r.trim() === '' ? 0 : (r.slice(0, Math.max(0, r.search(/[^\s]/))).split('\f').length - 1));
    page += r.split('\f').length - 1;
    const text = r.replace(/\f/g, '').trim();
    const pieces = piecesOf(text);
    const kind = text === '' ? 'blank' : pieces.every((p) => FIGURE.test(p)) ? 'fig'
      : pieces.every((p) => !/^[≥≤<>=+-]?\d/.test(p) && [...p].length <= MAX_LABEL) ? 'label' : 'text';
    return { text, line: i + 1, page: at, pieces, kind };
  });
}

/** The first key row of a form (its name, or the unit that filled it in). */
const FORM_START = /^(?:项目名称|部门(?:（单位）|\(单位\))?名称|单位名称|填报单位)/;

/** Lines of a page that may be furniture: a flow of at most two lines at its top or bottom, a blank line between it and the body. */
function edgeFlows(ls: Line[]): Line[] {
  const gap = (k: number) => ls[k + 1]!.line - ls[k]!.line > 1;
  const out: Line[] = [];
  for (let k = 0; k < Math.min(2, ls.length - 1); k++) if (gap(k)) { out.push(...ls.slice(0, k + 1)); break; }
  for (let k = ls.length - 2; k >= Math.max(0, ls.length - 3); k--) if (gap(k)) { out.push(...ls.slice(k + 1)); break; }
  return out;
}

/**
 * Page furniture blanked out: page numbers, and a line that heads or ends half the pages or
 * more (a running head), printed apart from the body: a table's last row (自评等级 / 优) or a
 * form's title under its attachment label may repeat on every page too, but run on with the body. Line numbers stay as they were.
 */
function dropFurniture(lines: Line[]): Line[] {
  const pages = new Map<number, Line[]>();
  for (const l of lines) if (l.kind !== 'blank') pages.set(l.page, [...(pages.get(l.page) ?? []), l]);
  const count = (edges: Line[][]) => {
    const n = new Map<string, number>();
    for (const e of edges) for (const t of new Set(e.map((l) => l.text))) n.set(t, (n.get(t) ?? 0) + 1);
    return n;
  };
  const repeated = Math.max(2, Math.ceil(pages.size / 2));
  // a line run on with the body counts only as the very first or last of every page
  const apart = count([...pages.values()].map(edgeFlows));
  // (not where the line it runs on with is the same on every page too: the end of a form that
  // every page holds, 等级 / 优, is the body's)
  const runOn = (ls: Line[], k: number, d: number) => (ls[k + d] && Math.abs(ls[k + d]!.line - ls[k]!.line) === 1 ? ls[k + d]!.text : null);
  const same = (texts: (string | null)[]) => texts[0] != null && texts.every((t) => t === texts[0]);
  const all = [...pages.values()];
  const firstBound = same(all.map((ls) => runOn(ls, 0, 1)));
  const lastBound = same(all.map((ls) => runOn(ls, ls.length - 1, -1)));
  const outer = count(all.map((ls) => [...(firstBound ? [] : [ls[0]!]), ...(lastBound ? [] : [ls.at(-1)!])]));
  // once known, such a line is furniture at the edge of any page, run on with the body or not
  const texts = new Set([
    ...[...apart].filter(([, n]) => n >= repeated).map(([t]) => t),
    ...[...outer].filter(([, n]) => n === pages.size).map(([t]) => t),
  ].filter(() => pages.size > 1));
  // a title over a new form on every page it heads (its key rows follow) is no running head
  const heads = [...pages.values()].flatMap((ls) => ls.slice(0, 2).map((l, k) => ({ l, next: ls.slice(k + 1, k + 4) })));
  for (const t of [...texts]) {
    const at = heads.filter((x) => x.l.text === t);
    if (at.length > 1 && at.every((x) => x.next.some((n) => FORM_START.test(n.text)))) texts.delete(t);
  }
  const furniture = new Set([...pages.values()].flatMap((ls) => [...ls.slice(0, 2), ...ls.slice(-2)]).filter((l) => texts.has(l.text)));
  // a page number may come anywhere in reading order; a bare number is one only as the first
  // or last line of a page of several
  const ends = new Set([...pages.values()].flatMap((ls) => [ls[0]!, ls.at(-1)!]));
  // (its number runs with the pages: a row's last figure at a page's foot is no page number)
  const bare = [...ends].filter((l) => isFolio(l.text) && /^\d+$/.test(l.text));
  const offsets = new Map<number, number>();
  for (const l of bare) offsets.set(Number(l.text) - l.page, (offsets.get(Number(l.text) - l.page) ?? 0) + 1);
  const runs = (l: Line) => Number(l.text) === l.page || (offsets.get(Number(l.text) - l.page) ?? 0) >= 2;
  const folio = (l: Line) => isFolio(l.text) && (/页/.test(l.text) || (pages.size > 1 && ends.has(l) && (!/^\d+$/.test(l.text) || runs(l))));
  return lines.map((l) => (furniture.has(l) || folio(l) ? { ...l, kind: 'blank', text: '', pieces: [] } : l));
}

const prov = (l: Line): SourceRef => ({ page: l.page, line: l.line });
const cell = (row: number, col: number, raw: string, l: Line): LayoutCell =>
  ({ row, col, rowSpan: 1, colSpan: 1, text: normalizeText(raw), raw, prov: prov(l) });

/**
 * Rows from a header of labels and runs of figures (see the file comment); the lines it uses,
 * or null. The first row's label may come right after the header, before its figures: the
 * label lines before the first figure are tried as header with fewer and fewer of them.
 */
function rowTable(lines: Line[], start: number): Found | null {
  let i = start;
  while (i < lines.length && lines[i]!.kind === 'label') i++;
  if (lines[i]?.kind !== 'fig') return null;
  for (let cut = i; cut > start; cut--) {
    const found = rowsFrom(lines, start, cut, i);
    if (found) return found;
  }
  return null;
}

interface Found { end: number; cells: LayoutCell[]; rows: number; cols: number }

function rowsFrom(lines: Line[], start: number, cut: number, first: number): Found | null {
  const header = lines.slice(start, cut).flatMap((l) => l.pieces.map((p) => ({ p, l })));
  const H = header.length;
  if (H < 3) return null;
  const runs: { p: string; l: Line }[][] = [];
  const labels: Line[] = [];
  let cur: { p: string; l: Line }[] = [];
  let end = first;
  let pending = lines.slice(cut, first);
  for (let i = first; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.kind === 'fig' && l.page === header[0]!.l.page) {
      for (const p of l.pieces) cur.push({ p, l });
      if (cur.length > H) break;
      if (cur.length === H) { runs.push(cur); cur = []; labels.push(...pending); pending = []; end = i + 1; }
      continue;
    }
    if (cur.length > 0 || l.kind === 'blank' || l.kind === 'fig') break;
    pending.push(l);
    // labels after the last run belong to the table only if another run follows
    if (pending.length > 3) break;
  }
  if (runs.length < 2 || (labels.length !== runs.length && labels.length !== 0)) return null;
  // every run must have its figures in the same order of kinds, else the runs are not rows
  for (let k = 0; k < H; k++) if (new Set(runs.map((r) => shape(r[k]!.p)).filter((x) => x !== '*')).size > 1) return null;
  if (labels.length === 0 && lines.slice(end).find((l) => l.kind !== 'blank')?.kind === 'label') {
    // runs whose labels all come after them: as many label lines as there are runs
    const after = lines.slice(end, end + runs.length);
    if (after.length !== runs.length || after.some((l) => l.kind !== 'label')) return null;
    labels.push(...after);
    end += runs.length;
  }
  const width = Math.max(0, ...labels.map((l) => l.pieces.length));
  const cells: LayoutCell[] = header.map((h, k) => cell(0, width + k, h.p, h.l));
  runs.forEach((run, r) => {
    const lab = labels[r];
    // a label line's pieces fill the label columns from the right (the innermost label last)
    if (lab) lab.pieces.forEach((p, k) => cells.push(cell(r + 1, width - lab.pieces.length + k, p, lab)));
    run.forEach((v, k) => cells.push(cell(r + 1, width + k, v.p, v.l)));
  });
  return { end, cells, rows: runs.length + 1, cols: width + H };
}

/** Columns printed one after another (see the file comment), or null. */
function columnTable(lines: Line[], start: number): Found | null {
  // the row labels: a run of label lines, then (after at most two other lines) the first column header
  const rowLabels: Line[] = [];
  let i = start;
  while (i < lines.length && lines[i]!.kind === 'label' && lines[i]!.pieces.length === 1) rowLabels.push(lines[i++]!);
  const n = rowLabels.length;
  if (n < 2) return null;
  const columns: { head: Line; values: Line[] }[][] = [];
  let end = i;
  for (let skipped = 0; i < lines.length;) {
    if (lines[i]!.kind === 'blank') { i++; continue; }
    const heads: Line[] = [];
    while (i < lines.length && lines[i]!.kind === 'label') heads.push(lines[i++]!);
    const figs: Line[] = [];
    while (i < lines.length && lines[i]!.kind === 'fig' && lines[i]!.pieces.length === 1) figs.push(lines[i++]!);
    const h = heads.length;
    // a column's header is one label a line (a line of several labels heads the whole table)
    if (h >= 1 && h <= 3 && figs.length === h * n && heads.every((l) => l.pieces.length === 1)) {
      columns.push(heads.map((head, k) => ({ head, values: figs.filter((_, j) => j % h === k) })));
      end = i;
      continue;
    }
    // one stray line (a value of another block) may stand between the labels and the first column
    if (columns.length === 0 && skipped++ < 2 && figs.length === 0 && h <= 1) continue;
    break;
  }
  const cols = columns.flat();
  if (cols.length < 2) return null;
  const cells: LayoutCell[] = rowLabels.map((l, r) => cell(r + 1, 0, l.text, l));
  cols.forEach((c, k) => {
    cells.push(cell(0, k + 1, c.head.text, c.head));
    c.values.forEach((v, r) => cells.push(cell(r + 1, k + 1, v.text, v)));
  });
  return { end, cells, rows: n + 1, cols: cols.length + 1 };
}

export function readPlainPdftotext(text: string): LayoutBlock[] {
  const lines = dropFurniture(classify(physicalLines(text)));
  const blocks: LayoutBlock[] = [];
  for (let i = 0; i < lines.length;) {
    const l = lines[i]!;
    const found = l.kind === 'label' ? rowTable(lines, i) ?? columnTable(lines, i) : null;
    if (found) {
      adoptColumn(lines, blocks, found);
      const cells = found.cells.sort((a, b) => a.row - b.row || a.col - b.col);
      const first = Math.min(...cells.map((c) => c.prov.line));
      const last = Math.max(...cells.map((c) => c.prov.line));
      blocks.push({ kind: 'table', rows: found.rows, cols: found.cols, cells, prov: { page: l.page, line: first, lineEnd: last } });
      // lines inside the span that no cell took stay paragraphs, after the table
      const used = new Set(cells.map((c) => c.prov.line));
      for (let j = i; j < found.end; j++) if (lines[j]!.kind !== 'blank' && !used.has(lines[j]!.line)) blocks.push(paragraph(lines[j]!));
      i = found.end;
      continue;
    }
    if (l.kind !== 'blank') blocks.push(paragraph(l));
    i++;
  }
  return blocks;
}

/**
 * A column printed on its own before the table (pdftotext took it for a separate flow): a
 * label line followed by exactly one figure per row, among the paragraphs just emitted on the
 * same page. It joins the table as its last column; the interpreter reads columns by header.
 */
function adoptColumn(lines: Line[], blocks: LayoutBlock[], found: Found): void {
  const n = found.rows - 1;
  const page = found.cells[0]!.prov.page;
  const back = blocks.map((b, i) => ({ b, i })).filter(({ b }) => b.kind === 'paragraph' && b.prov.page === page).slice(-30);
  for (let k = 0; k + n < back.length; k++) {
    const run = back.slice(k, k + n + 1).map(({ b }) => lines[b.prov.line - 1]!);
    const contiguous = run.every((l, j) => j === 0 || l.line === run[j - 1]!.line + 1);
    if (!contiguous || run[0]!.kind !== 'label' || run[0]!.pieces.length !== 1 || !run.slice(1).every((l) => l.kind === 'fig' && l.pieces.length === 1)) continue;
    if (lines[run.at(-1)!.line]?.kind === 'fig') continue;
    const col = found.cols++;
    run.forEach((l, r) => found.cells.push(cell(r, col, l.text, l)));
    for (const { i } of back.slice(k, k + n + 1).reverse()) blocks.splice(i, 1);
    return;
  }
}

const paragraph = (l: Line): LayoutBlock => ({
  kind: 'paragraph', text: normalizeText(l.text), raw: l.text, prov: prov(l), cells: cellsOf(l.text).map((c) => normalizeText(c)),
  ...(l.kind === 'fig' || l.kind === 'label' ? { interleaved: true } : {}),
});
