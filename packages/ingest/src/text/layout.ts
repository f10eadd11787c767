// `pdftotext -layout` dumps: text positioned with spaces, one page per form feed. Tables are
// rebuilt from character positions (layout-columns.ts: columns, layout-rows.ts: rows and
// merged cells); everything outside a table region — titles, running heads, page numbers,
// prose — is a paragraph. General geometry only: no form vocabulary here.
import { normalizeText, type LayoutBlock, type LayoutTable } from '@ziping/core';
import { headerHeight, placeHeader } from './layout-header.ts';
import { charWidth, displayWidth, isValue, segments, tokenize, unstack, type PLine, type Width } from './layout-lines.ts';
import { splitSoft, spacesScripts } from './layout-soft.ts';
import { placeColumns } from './layout-columns.ts';
import { joinRunOn, joinSplitHeader, realignLabels, splitGlued } from './layout-repair.ts';
import { buildTable } from './layout-rows.ts';
import { joinHeaderTails, joinWrappedFigures } from './layout-wrap.ts';
import { joinCutFigures } from './layout-cut.ts';
import { physicalLines } from './lines.ts';


/**
 * A layout dump: no tabs, no box-drawing or pipe-table borders, and a good share of its text
 * lines hold text at two or more places separated by runs of spaces (columns), or indented text.
 */
export function isLayoutText(text: string): boolean {
  const lines = physicalLines(text).map((l) => l.replace(/\f/g, '')).filter((l) => l.trim() !== '');
  if (lines.length < 5) return false;
  if (lines.filter((l) => l.includes('\t')).length > lines.length * 0.02) return false;
  if (lines.filter((l) => /[|│┃]|^\s*\+[-=+]{3,}/.test(l)).length > lines.length * 0.1) return false;
  const gapped = lines.filter((l) => /\S {2,}\S/.test(l.trim())).length;
  const indented = lines.filter((l) => /^ {4,}\S/.test(l)).length;
  return gapped >= lines.length * 0.25 && gapped + indented >= lines.length * 0.4;
}

/** Lines of the text as positioned segments, with their page (a form feed starts a page). */
function positioned(raw: string[], width: Width): PLine[] {
  let page = 1;
  return raw.map((l, i) => {
    const lead = l.slice(0, Math.max(0, l.search(/[^\s]/)));
    const at = page + (l.trim() === '' ? 0 : lead.split('\f').length - 1);
    page += l.split('\f').length - 1;
    return { line: i + 1, page: at, segs: segments(tokenize(l.replace(/\f/g, ''), width), i + 1) };
  });
}

/**
 * How well segment edges line up between nearby lines under a width model: pdftotext gives
 * every character one column, a hand-aligned text gives CJK characters two — the model under
 * which more segments start or end exactly where a segment of a nearby line does is the one
 * the text was laid out with.
 */
function alignment(lines: PLine[]): number {
  let hits = 0;
  lines.forEach((l, i) => {
    if (l.segs.length < 2) return;
    for (const g of l.segs) {
      const near = lines.slice(Math.max(0, i - 3), i + 4).filter((m) => m !== l && m.segs.length >= 2);
      if (near.some((m) => m.segs.some((h) => h.s === g.s || h.e === g.e))) hits++;
    }
  });
  return hits;
}

export function readLayout(text: string): LayoutBlock[] {
  const raw = physicalLines(text);
  const byChar = positioned(raw, charWidth);
  const byDisplay = positioned(raw, displayWidth);
  const lines = alignment(byDisplay) > alignment(byChar) ? byDisplay : byChar;
  const spaced = spacesScripts(raw);
  const blocks: LayoutBlock[] = [];
  const paragraph = (l: PLine): LayoutBlock => {
    const r = raw[l.line - 1]!.replace(/\f/g, '').trim();
    return { kind: 'paragraph', text: normalizeText(r), raw: r, prov: { page: l.page, line: l.line } };
  };
  // runs of non-blank lines on one page
  const runs: PLine[][] = [];
  let run: PLine[] = [];
  const flush = () => {
    if (run.length > 0) runs.push(run);
    run = [];
  };
  for (const l of lines) {
    if (l.segs.length === 0 || (run.length > 0 && l.page !== run[0]!.page)) flush();
    if (l.segs.length > 0) run.push(l);
  }
  flush();
  runs.forEach((r, i) => { if (runs[i + 1]) carryHeader(r, runs[i + 1]!); });
  for (const r of runs) if (r.length > 0) for (const b of readRun(unstack(r), paragraph, spaced)) blocks.push(b);
  return blocks;
}

/**
 * A table header printed at the foot of a page, its rows at the top of the next: the header
 * lines closing the run (short labels, no figure, one line of at least four, about as many as
 * the cells of the next page's first row of figures) go to the next
 * page's first run when that run opens with rows of figures, so that header and rows are read
 * as one table.
 */
export function carryHeader(run: PLine[], next: PLine[]): void {
  if (next[0]!.page !== run.at(-1)!.page + 1 || !next.slice(0, 3).some(figureLine)) return;
  const toks = (l: PLine) => l.segs.flatMap((g) => g.toks);
  let k = run.length;
  while (k > 0 && !figureLine(run[k - 1]!) && toks(run[k - 1]!).every((t) => t.text.length <= 12)) k--;
  const tail = run.slice(k);
  // a line of labels about as many as the cells of the first row of figures (not the wrapped
  // ends of the page's last row)
  const cells = next.find(figureLine)!.segs.length;
  if (!tail.some((l) => toks(l).length >= 4 && toks(l).length >= 0.75 * cells)) return;
  // the next page's lines above its first figures are no header of their own
  if (next.slice(0, next.findIndex(figureLine)).some((l) => toks(l).length >= 3)) return;
  run.splice(k);
  next.unshift(...tail);
}

/** A line of one short text standing over the inside of the line below: a group label of a header. */
const overInside = (l: PLine, below: PLine): boolean =>
  l.segs.length === 1 && below.segs.length >= 3 && l.segs[0]!.s > below.segs[0]!.e && l.segs[0]!.e < below.segs.at(-1)!.s;

const figureLine = (l: PLine) => l.segs.some((g) => isValue(g.text));

/**
 * Line i holds a header's group label (`年度指标值`): one short text over the inside of the
 * next line, a line of labels, with sub-labels on the lines right below that between the two
 * labels of that line on either side of it.
 */
function groupLabel(lines: PLine[], i: number): boolean {
  const l = lines[i]!;
  const main = lines[i + 1];
  if (!main || figureLine(l) || figureLine(main) || l.segs[0]!.text.length > 6 || !overInside(l, main)) return false;
  const mid = (g: { s: number; e: number }) => (g.s + g.e) / 2;
  const c = mid(l.segs[0]!);
  const left = main.segs.filter((g) => mid(g) < c).at(-1)!;
  const right = main.segs.find((g) => mid(g) > c)!;
  const below = lines.slice(i + 2, i + 4).filter((m) => !figureLine(m) && m.line - l.line <= 3);
  return below.some((m) => m.segs.some((g) => g.s >= left.e && g.e <= right.s));
}

/** A caption: a short key without figures, a colon, and its value run on in the same segment. */
const CAPTION = /^[^：:\d]{1,16}[：:]\s*\S/;

/**
 * A run of lines: table regions go from a line with two or more segments to the last such line;
 * three single-segment lines in a row (prose) end a region; the lines around are paragraphs.
 */
function readRun(lines: PLine[], paragraph: (l: PLine) => LayoutBlock, spaced: boolean): LayoutBlock[] {
  splitSoft(lines, spaced);
  splitGlued(lines);
  joinHeaderTails(lines);
  const run = joinWrappedFigures(joinCutFigures(lines));
  const out: LayoutBlock[] = [];
  // a line split only where its spacing leaves in doubt (`（2021 年度）`) is no evidence of columns,
  // nor is a line of `key：value` captions spread across the page (`填报单位：…  金额单位：万元`)
  const multi = run.map((l) => l.segs.filter((g) => !g.loose).length >= 2 && !l.segs.every((g) => CAPTION.test(g.text)));
  let i = 0;
  while (i < run.length) {
    if (!multi[i]) { out.push(paragraph(run[i]!)); i++; continue; }
    // a header's group label on a line of its own right above the region belongs to it
    if (i > 0 && !multi[i - 1] && groupLabel(run, i - 1)) { out.pop(); i--; }
    let end = i;
    for (let j = i; j < run.length; j++) {
      if (multi[j]) end = j;
      else if (j - end >= 3) break;
    }
    // a wrapped cell's last lines, below the last full line: each starts where a segment of one
    // of the two lines above starts (a cell centred on its row has lines above the row's line)
    const under = (j: number) => run.slice(Math.max(i, j - 2), j).some((l) => l.segs.some((g) => Math.abs(g.s - run[j]!.segs[0]!.s) <= 1));
    while (end + 1 < run.length && !multi[end + 1] && run[end + 1]!.segs[0]!.s > 0 && under(end + 1)) end++;
    for (const part of bands(joinSplitHeader(run.slice(i, end + 1)))) out.push(tableOf(joinRunOn(realignLabels(part))));
    i = end + 1;
  }
  return out;
}

/**
 * A band as a table: its header lines placed by the order of their labels where they name as
 * many columns as the rest of the band has (layout-header.ts), else by position with the rest.
 */
function tableOf(band: PLine[]): LayoutTable {
  const h = headerHeight(band);
  const { placed, cols } = placeColumns(band);
  if (h > 0) {
    // the rest's cells where the whole band put them, in the columns they use
    const used = [...new Set(placed.slice(h).flat().map((p) => p.k))].sort((a, b) => a - b);
    const body = placed.slice(h).map((ps) => ps.map((p) => ({ ...p, k: used.indexOf(p.k), span: used.filter((k) => k >= p.k && k < p.k + p.span).length })));
    const head = placeHeader(band.slice(0, h), { placed: body, cols: used.length });
    if (head) return buildTable([...head.lines, ...band.slice(h)], head.placed, head.cols, head.lines.length);
  }
  return buildTable(band, placed, cols);
}

/**
 * A region split where a header line starts a new part of the form with its own columns (a
 * funding block, an indicator block): a line of at least three short labels and no figure,
 * about as many as the segments of the first figure line below it. Each part is a table of its
 * own, so that one part's columns do not bend another's.
 */
function bands(region: PLine[]): PLine[][] {
  const data = (l: PLine) => l.segs.some((g) => isValue(g.text));
  const header = (i: number) => {
    const l = region[i]!;
    // labels packed to a single space apart are labels still
    const toks = l.segs.flatMap((g) => g.toks);
    if (data(l) || toks.length < 3 || toks.some((t) => t.text.length > 12)) return false;
    const next = region.slice(i + 1, i + 4).find(data);
    return !!next && next.segs.length >= 4 && toks.length >= 0.75 * next.segs.length;
  };
  // a header of two lines: the upper one has fewer labels (some over a group of columns), all short
  // (or one label, a group's, over sub-labels of the lines below)
  const labels = (i: number) => i >= 0 && !data(region[i]!) && region[i]!.segs.every((g) => g.text.length <= 6) &&
    (region[i]!.segs.length >= 2 ? region[i]!.segs.length < region[i + 1]!.segs.length : groupLabel(region, i));
  const starts = new Set<number>();
  region.forEach((_, i) => { if (i > 0 && header(i) && !header(i - 1)) starts.add(labels(i - 1) && (i > 1 || region[0]!.segs.length === 1) ? i - 1 : i); });
  const out: PLine[][] = [[]];
  region.forEach((l, i) => {
    if (starts.has(i) && out.at(-1)!.length > 0) out.push([]);
    out.at(-1)!.push(l);
  });
  return out;
}
