// Tables without ruling lines (stream mode): text outside ruled tables whose lines split into
// pieces at gaps, and whose pieces line up in columns, is laid out as table rows like a
// lattice table, each cell carrying its grid column and box.
//
//   1. regions: within a run of close lines, the lines with two or more pieces and the
//      single-piece lines among and around them that sit in one of their columns (a cell
//      wrapped over several lines); a paragraph between tables (a single piece that starts
//      where no column starts, or spreads over most of the width) cuts the run;
//   2. columns: header labels (一级指标 … 得分, 年初预算数 … 执行率) give spans, and so do
//      pieces aligned on an edge (left edges shared by several lines; right edges or centres:
//      right-aligned or centred figures); overlapping spans are one column, and a span that
//      more lines' text crosses than are aligned in it is none (a river must be mostly empty);
//   3. each piece goes to the column its first character falls in, a cell spanning several
//      columns to the first (as a merged lattice cell); two pieces of one line are two cells;
//   4. rows: the pieces of one column stacked closely are one cell (wrapped text). The column
//      with the most cells (typically 分值 / 得分) anchors the rows: every other cell joins the
//      first anchor row it overlaps vertically (a vertically centred wrapped cell overlaps its
//      row), else the row beside it whose top is nearest its top (a top-aligned merged label).
//      Cells beside no row make rows of their own.
import type { TextCell } from '@ziping/core';
import { groupLines, joinRuns, joinWrapped, type Box, type Element, type Run, type TableRow } from './layout.ts';

interface Piece { runs: Run[]; x0: number; x1: number; top: number; bottom: number; size: number; line: number; col: number }
interface Block { col: number; pieces: Piece[]; top: number; bottom: number; x0: number; x1: number; lines: Set<number> }

/** Labels of the header rows of these forms' tables: where they start, a column starts. */
const HEADER_LABELS = [
  '一级指标', '二级指标', '三级指标', '指标名称', '年度指标值', '年初指标值', '调整后指标值', '指标值', '目标值', '实际完成值', '全年完成值', '完成值',
  '分值', '权重', '得分', '偏差原因分析及改进措施', '未完成原因', '年初预算数', '调整后预算数', '全年预算数', '全年执行数', '执行数', '执行率', '预算执行率',
];
const squash = (s: string) => s.replace(/\s+/g, '');

/** Gap between two runs that separates pieces: wider than a space, narrower than two cells' padding. */
const PIECE_GAP = 0.55;
/** Lines of one table are at most this many font sizes apart; a single-piece line joins at most this far. */
const ROW_GAP = 1.5;
const WRAP_GAP = 1.0;
/** Stacked pieces of one cell: at most this far apart (font sizes). */
const CELL_GAP = 0.5;

const lineTop = (l: { top: number }[]) => Math.min(...l.map((r) => r.top));
const lineBottom = (l: { bottom: number }[]) => Math.max(...l.map((r) => r.bottom));
const lineSize = (l: { size: number }[]) => Math.max(...l.map((r) => r.size));
const lineBox = (l: Run[]): Box => [Math.min(...l.map((r) => r.x0)), lineTop(l), Math.max(...l.map((r) => r.x1)), lineBottom(l)];
const round = (b: Box): Box => b.map((x) => Math.round(x * 100) / 100) as Box;

function piecesOf(line: Run[], index: number): Piece[] {
  const groups: Run[][] = [[line[0]!]];
  for (let i = 1; i < line.length; i++) {
    const prev = line[i - 1]!;
    const r = line[i]!;
    if (r.x0 - prev.x1 > PIECE_GAP * Math.min(prev.size, r.size)) groups.push([r]);
    else groups[groups.length - 1]!.push(r);
  }
  return groups.map((runs) => ({
    runs, x0: Math.min(...runs.map((r) => r.x0)), x1: Math.max(...runs.map((r) => r.x1)),
    top: lineTop(runs), bottom: lineBottom(runs), size: lineSize(runs), line: index, col: 0,
  }));
}

/** Is the piece's text a header label, or the first line of one that wraps? */
const isLabel = (t: string) => HEADER_LABELS.some((l) => l === t || (t.length >= 2 && l.startsWith(t)));
const isFullLabel = (t: string) => HEADER_LABELS.includes(t);
/** Labels of a form's field rows: a line of pieces that starts with one is a table row even alone. */
const FIELD_LABEL = /^(项目名称|主管部门|实施单位|预算单位|项目负责人|部门（单位）名称|部门\(单位\)名称)/;
const labelled = (line: Piece[]) => line.length >= 2 && FIELD_LABEL.test(squash(line[0]!.runs.map((r) => r.str).join('')));

export function streamElements(lines: Run[][]): Element[] {
  const pieces = lines.map(piecesOf);
  const out: Element[] = [];
  const regions = new Map(regionsOf(lines, pieces).map((r) => [r[0]!, r]));
  let i = 0;
  while (i < lines.length) {
    const region = regions.get(i);
    const table = region ? tableOf(region.map((k) => pieces[k]!)) : null;
    if (region && table) {
      out.push(table);
      i = region[region.length - 1]! + 1;
      continue;
    }
    const line = lines[i]!;
    out.push({ kind: 'line', top: lineTop(line), bottom: lineBottom(line), text: joinRuns(line), box: lineBox(line), size: lineSize(line) });
    i++;
  }
  return out;
}

/**
 * Candidate tables: within a run of close lines, from the first line with several pieces to
 * the last, cut where a single piece spreads over most of their width (a paragraph), widened
 * by the single-piece lines just above and below that start where a piece of the table starts
 * (the wrapped lines of a cell). At least three lines with several pieces.
 */
function regionsOf(lines: Run[][], pieces: Piece[][]): number[][] {
  const multi = (k: number) => pieces[k]!.length >= 2;
  const size = (k: number) => lineSize(lines[k]!);
  const box = (k: number) => lineBox(lines[k]!);
  const out: number[][] = [];
  // runs of close lines
  const runs: number[][] = [];
  lines.forEach((l, k) => {
    const last = runs[runs.length - 1];
    if (last && lineTop(l) - lineBottom(lines[last[last.length - 1]!]!) <= ROW_GAP * size(k)) last.push(k);
    else runs.push([k]);
  });
  for (const run of runs) {
    const ms = run.filter(multi);
    if (ms.length < 3) {
      // a form's field row (项目名称 … ) alone, e.g. the last row on a page: a table row still
      for (const k of ms) if (labelled(pieces[k]!)) out.push([k]);
      continue;
    }
    const span = [Math.min(...ms.map((k) => box(k)[0])), Math.max(...ms.map((k) => box(k)[2]))] as const;
    // a single piece among the table's lines is a wrapped cell line when it starts where pieces
    // of the table start, or is centred or ends on a piece just above or below; else it is a
    // paragraph between tables (or one spreading over most of their width)
    const colStarts = ms.flatMap((k) => pieces[k]!.map((p) => p.x0));
    const near = (a: number, b: number) => Math.abs(a - b) <= 1.5;
    const fits = (k: number) => {
      const p = pieces[k]![0]!;
      if (colStarts.some((x) => near(x, p.x0))) return true;
      if ([k - 1, k + 1].some((j) => j >= 0 && j < lines.length && pieces[j]!.some((q) => near(q.x1, p.x1) || near(q.x0 + q.x1, p.x0 + p.x1)))) return true;
      // the lines of a wrapped cell beside a row centred on them: the same start above and below a line with several pieces
      return run.some((j) => j !== k && !multi(j) && near(pieces[j]![0]!.x0, p.x0) && Math.abs(lineTop(lines[j]!) - lineTop(lines[k]!)) <= 3 * size(k)
        && run.some((m) => multi(m) && m > Math.min(j, k) && m < Math.max(j, k)));
    };
    const paragraph = (k: number) => !multi(k) && (box(k)[2] - box(k)[0] > 0.6 * (span[1] - span[0]) || !fits(k));
    // cut at paragraphs; keep pieces between the first and last multi line of each part
    const parts: number[][] = [[]];
    for (const k of run) {
      if (paragraph(k)) parts.push([]);
      else parts[parts.length - 1]!.push(k);
    }
    for (const part of parts) {
      const a = part.findIndex(multi);
      if (a < 0) continue;
      let b = part.length - 1;
      while (!multi(part[b]!)) b--;
      const core = part.slice(a, b + 1);
      if (core.filter(multi).length < 3) {
        for (const k of core) if (multi(k) && labelled(pieces[k]!)) out.push([k]);
        continue;
      }
      const starts = core.flatMap((k) => pieces[k]!.map((p) => p.x0));
      const stacks = (k: number) => pieces[k]!.length === 1 && starts.some((x) => Math.abs(x - pieces[k]![0]!.x0) <= 1.5);
      let lo = a;
      while (lo > 0 && stacks(part[lo - 1]!) && lineTop(lines[part[lo]!]!) - lineBottom(lines[part[lo - 1]!]!) <= WRAP_GAP * size(part[lo]!)) lo--;
      let hi = b;
      while (hi + 1 < part.length && stacks(part[hi + 1]!) && lineTop(lines[part[hi + 1]!]!) - lineBottom(lines[part[hi]!]!) <= WRAP_GAP * size(part[hi]!)) hi++;
      out.push(part.slice(lo, hi + 1));
    }
  }
  return out;
}

/** Sorted values grouped where each is within tol of the previous. */
function clusters(values: { x: number; line: number; piece: Piece }[], tol: number) {
  const sorted = [...values].sort((a, b) => a.x - b.x);
  const out: (typeof values)[] = [];
  for (const v of sorted) {
    const last = out[out.length - 1];
    if (last && v.x - last[last.length - 1]!.x <= tol) last.push(v);
    else out.push([v]);
  }
  return out;
}

interface Span { l: number; r: number; header: boolean }

/** The q-quantile of some numbers. */
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))]!;

/**
 * Where a region's columns start, left to right. Each column is a span: a header label's
 * extent, or the pieces aligned on one edge (left edges shared by two or more lines; right
 * edges or centres by three or more: right-aligned or centred figures) over their narrower
 * widths (a cell spanning several columns starts in its first). Spans that overlap are one
 * column (figures under a centred label), never two header labels; a span that more lines'
 * text crosses than are aligned in it is no column (a river must be mostly empty). A column
 * starts halfway between its span and the one before.
 */
export function columnStarts(all: Piece[]): number[] {
  const size = Math.max(...all.map((p) => p.size));
  const lineCount = (vs: { line: number }[]) => new Set(vs.map((v) => v.line)).size;
  const spans: Span[] = [];
  // header labels: on a line with at least two of them, or wrapped just above or below one
  const byLine = new Map<number, Piece[]>();
  for (const p of all) byLine.set(p.line, [...(byLine.get(p.line) ?? []), p]);
  const text = (p: Piece) => squash(p.runs.map((r) => r.str).join(''));
  const headerLines = [...byLine.entries()].filter(([, ps]) => ps.filter((p) => isFullLabel(text(p))).length >= 2).map(([l]) => l);
  const labels = new Set(all.filter((p) => isLabel(text(p)) && headerLines.some((l) => Math.abs(l - p.line) <= 2)));
  for (const p of labels) spans.push({ l: p.x0, r: p.x1, header: true });
  // aligned pieces, header labels aside
  const crossed = (x: number) => lineCount(all.filter((p) => p.x0 < x - 1 && p.x1 > x + 1));
  const aligned = new Set<Piece>(labels);
  const edges: [(p: Piece) => number, number, (c: Piece[]) => Span][] = [
    [(p) => p.x0, 2, (c) => { const l = Math.min(...c.map((p) => p.x0)); return { l, r: l + quantile(c.map((p) => p.x1 - p.x0), 0.25), header: false }; }],
    [(p) => p.x1, 3, (c) => { const r = Math.max(...c.map((p) => p.x1)); return { l: r - quantile(c.map((p) => p.x1 - p.x0), 0.25), r, header: false }; }],
    [(p) => (p.x0 + p.x1) / 2, 3, (c) => { const m = quantile(c.map((p) => (p.x0 + p.x1) / 2), 0.5); const w = quantile(c.map((p) => p.x1 - p.x0), 0.25); return { l: m - w / 2, r: m + w / 2, header: false }; }],
  ];
  for (const [key, min, spanOf] of edges) {
    const cs = clusters(all.filter((p) => !aligned.has(p)).map((p) => ({ x: key(p), line: p.line, piece: p })), 1.5).filter((c) => lineCount(c) >= min);
    for (const c of cs) {
      const span = spanOf(c.map((v) => v.piece));
      if (crossed(span.l) > 2 * lineCount(c)) continue;
      spans.push(span);
      for (const v of c) aligned.add(v.piece);
    }
  }
  // overlapping spans are one column; a span over two header labels goes with the one it overlaps most
  const overlap = (a: Span, b: Span) => Math.min(a.r, b.r) - Math.max(a.l, b.l);
  const headers = spans.filter((s) => s.header);
  const cols: Span[] = headers.map((h) => ({ ...h }));
  for (const s of spans.filter((s) => !s.header)) {
    const best = headers.map((h, i) => [overlap(h, s), i] as const).filter(([o]) => o > 0).sort((a, b) => b[0] - a[0])[0];
    if (best) { const c = cols[best[1]]!; c.l = Math.min(c.l, s.l); c.r = Math.max(c.r, s.r); continue; }
    cols.push({ ...s });
  }
  cols.sort((a, b) => a.l - b.l);
  const merged: Span[] = [];
  for (const c of cols) {
    const last = merged[merged.length - 1];
    // figures set against a label that is narrower than they are (right-aligned under a centred
    // label) sit closer to it than two cells' padding: one column
    const touch = c.header !== last?.header ? 0.4 * size : 0;
    if (last && c.l < last.r + touch && !(c.header && last.header)) { last.r = Math.max(last.r, c.r); last.header ||= c.header; }
    else merged.push({ ...c });
  }
  const left = Math.min(...all.map((p) => p.x0));
  const starts = [left];
  for (let k = 1; k < merged.length; k++) {
    const x = Math.max((merged[k - 1]!.r + merged[k]!.l) / 2, Math.min(merged[k]!.l, merged[k - 1]!.r));
    if (x > starts[starts.length - 1]! + 1) starts.push(x);
  }
  return starts;
}

/** The column a piece belongs to: the last start at or left of its first character. */
const colOf = (starts: number[], p: Piece) => {
  let c = 0;
  for (let k = 0; k < starts.length; k++) if (starts[k]! <= p.x0 + 0.5 * p.size) c = k;
  return c;
};

function tableOf(regionPieces: Piece[][]): Element | null {
  const all = regionPieces.flat();
  // a row or two alone: each piece is a cell
  const starts = regionPieces.filter((l) => l.length >= 2).length < 3 ? [...new Set(all.map((p) => p.x0))].sort((a, b) => a - b) : columnStarts(all);
  if (starts.length < 2) return null;
  for (const p of all) p.col = colOf(starts, p);
  // two pieces of one line are two cells: a column the other lines do not show
  const extra = regionPieces.flatMap((line) => line.filter((p, k) => k > 0 && line[k - 1]!.col === p.col).map((p) => p.x0));
  if (extra.length) {
    for (const x of extra) if (!starts.some((s) => Math.abs(s - x) <= 1.5)) starts.push(x);
    starts.sort((a, b) => a - b);
    for (const p of all) p.col = colOf(starts, p);
  }
  // columns no piece went to are none
  const empty = new Set(starts.flatMap((_, c) => (all.some((p) => p.col === c) ? [] : [c])));
  if (empty.size) {
    const kept = starts.filter((_, c) => !empty.has(c));
    starts.splice(0, starts.length, ...kept);
    for (const p of all) p.col = colOf(starts, p);
  }
  // a table has at least two columns with pieces in three or more lines
  const used = starts.map((_, c) => new Set(all.filter((p) => p.col === c).map((p) => p.line)).size);
  if (used.filter((n) => n >= 3).length < 2 && !regionPieces.some(labelled)) return null;

  // cells: pieces of one column stacked closely
  // In a table where no cell wraps (no line with a single piece), two consecutive lines with
  // cells in the same columns are two rows, however close: rows set tight (a pitch of 1.4 font
  // sizes) are as close as a wrapped cell's lines.
  const wraps = regionPieces.some((l) => l.length === 1);
  const colsOf = new Map(regionPieces.map((l) => [l[0]!.line, [...new Set(l.map((p) => p.col))].join()]));
  const twoRows = (a: number, b: number) => !wraps && b === a + 1 && colsOf.get(a)!.includes(',') && colsOf.get(a) === colsOf.get(b);
  const blocks: Block[] = [];
  for (const p of [...all].sort((a, b) => a.top - b.top || a.x0 - b.x0)) {
    const b = blocks.find((b) => b.col === p.col && p.top - b.bottom <= CELL_GAP * p.size && Math.min(b.x1, p.x1) > Math.max(b.x0, p.x0) - 0.5 * p.size
      && !twoRows(b.pieces[b.pieces.length - 1]!.line, p.line));
    if (b) {
      b.pieces.push(p);
      b.bottom = Math.max(b.bottom, p.bottom);
      b.x0 = Math.min(b.x0, p.x0);
      b.x1 = Math.max(b.x1, p.x1);
      b.lines.add(p.line);
    } else blocks.push({ col: p.col, pieces: [p], top: p.top, bottom: p.bottom, x0: p.x0, x1: p.x1, lines: new Set([p.line]) });
  }
  // anchor column: the most cells, then the most single-line cells, then the rightmost
  const rank = starts.map((_, c) => {
    const bs = blocks.filter((b) => b.col === c);
    return [bs.length, bs.filter((b) => b.lines.size === 1).length, c] as const;
  });
  rank.sort((a, b) => b[0] - a[0] || b[1] - a[1] || b[2] - a[2]);
  const anchorCol = rank[0]![2];
  const rows: { top: number; bottom: number; blocks: Block[] }[] = blocks.filter((b) => b.col === anchorCol).map((b) => ({ top: b.top, bottom: b.bottom, blocks: [b] }));
  let free: Block[] = [];
  const overlap = (a: { top: number; bottom: number }, b: { top: number; bottom: number }) => Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
  for (const b of blocks) {
    if (b.col === anchorCol) continue;
    const row = rows.find((r) => overlap(r.blocks[0]!, b) > 1);
    if (row) row.blocks.push(b);
    else free.push(b);
  }
  // then beside a row's other cells: a top-aligned label of a row made tall by a wrapped cell
  for (const r of rows) { r.top = Math.min(...r.blocks.map((b) => b.top)); r.bottom = Math.max(...r.blocks.map((b) => b.bottom)); }
  free = free.filter((b) => {
    // of the rows it overlaps, the one whose top is nearest its own (a merged label is top-aligned)
    const row = rows.filter((r) => overlap(r, b) > 1).sort((x, y) => Math.abs(x.top - b.top) - Math.abs(y.top - b.top))[0];
    if (row) row.blocks.push(b);
    return !row;
  });
  const own: { top: number; bottom: number; blocks: Block[] }[] = [];
  for (const b of free.sort((a, c) => a.top - c.top)) {
    const row = own.find((r) => overlap(r, b) > 1);
    if (row) { row.blocks.push(b); row.top = Math.min(row.top, b.top); row.bottom = Math.max(row.bottom, b.bottom); }
    else own.push({ top: b.top, bottom: b.bottom, blocks: [b] });
  }
  const all2 = [...rows, ...own].map((r) => ({ ...r, top: Math.min(...r.blocks.map((b) => b.top)) })).sort((a, b) => a.top - b.top);
  const tableRows: TableRow[] = all2.map((r) => {
    const cells: TextCell[] = starts.map((_, c) => {
      const ps = r.blocks.filter((b) => b.col === c).flatMap((b) => b.pieces);
      if (ps.length === 0) return { text: '', col: c };
      const runs = ps.flatMap((p) => p.runs);
      return { text: joinWrapped(groupLines(runs)), col: c, bbox: round(lineBox(runs)) };
    });
    return { cells, top: r.top };
  });
  const right = Math.max(...all.map((p) => p.x1));
  return { kind: 'table', top: Math.min(...all.map((p) => p.top)), bottom: Math.max(...all.map((p) => p.bottom)), xs: [...starts, right], rows: tableRows, stream: true };
}
