// Tables without ruling lines (stream mode): text outside ruled tables whose lines split into
// pieces at gaps, and whose pieces line up in columns, is laid out as table rows like a
// lattice table, each cell carrying its grid column and box.
//
//   1. regions: runs of lines with two or more pieces, plus the single-piece lines that sit
//      in one of their columns (a cell wrapped over several lines), close above or below;
//   2. columns: where pieces start (left edges shared by several lines; right edges or centres
//      shared by several lines for right-aligned or centred figures) and where the labels of a
//      header row (一级指标 … 得分, 年初预算数 … 执行率) start; a start that more lines'
//      text crosses than start at it is no column (a river must be mostly empty);
//   3. each piece goes to the column its first character falls in, a cell spanning several
//      columns to the first (as a merged lattice cell);
//   4. rows: the pieces of one column stacked closely are one cell (wrapped text). The column
//      with the most single-line cells (typically 分值 / 得分) anchors the rows: every other
//      cell joins the first anchor row it overlaps vertically (a vertically centred wrapped
//      cell overlaps its row; a top-aligned merged label its first row). Cells beside no
//      anchor make rows of their own, those that overlap vertically together.
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
    if (ms.length < 3) continue;
    const span = [Math.min(...ms.map((k) => box(k)[0])), Math.max(...ms.map((k) => box(k)[2]))] as const;
    const paragraph = (k: number) => !multi(k) && box(k)[2] - box(k)[0] > 0.6 * (span[1] - span[0]);
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
      if (core.filter(multi).length < 3) continue;
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

/** Column starts of a region's pieces, left to right. */
export function columnStarts(all: Piece[]): number[] {
  const size = Math.max(...all.map((p) => p.size));
  const lineCount = (vs: { line: number }[]) => new Set(vs.map((v) => v.line)).size;
  const strong: number[] = [];
  // header labels: a line with at least two of them
  const byLine = new Map<number, Piece[]>();
  for (const p of all) byLine.set(p.line, [...(byLine.get(p.line) ?? []), p]);
  const text = (p: Piece) => squash(p.runs.map((r) => r.str).join(''));
  const headerLines = [...byLine.entries()].filter(([, ps]) => ps.filter((p) => isFullLabel(text(p))).length >= 2).map(([l]) => l);
  for (const p of all) {
    if (!isLabel(text(p))) continue;
    if (headerLines.some((l) => Math.abs(l - p.line) <= 2)) strong.push(p.x0);
  }
  const candidates: number[] = [...strong];
  const left = clusters(all.map((p) => ({ x: p.x0, line: p.line, piece: p })), 1.5).filter((c) => lineCount(c) >= 2);
  const aligned = new Set(left.flat().map((v) => v.piece));
  candidates.push(...left.map((c) => Math.min(...c.map((v) => v.x))));
  // right-aligned or centred pieces that start nowhere in common: their column starts at the leftmost
  for (const key of [(p: Piece) => p.x1, (p: Piece) => (p.x0 + p.x1) / 2]) {
    const cs = clusters(all.filter((p) => !aligned.has(p)).map((p) => ({ x: key(p), line: p.line, piece: p })), 1.5).filter((c) => lineCount(c) >= 3);
    for (const c of cs) {
      candidates.push(Math.min(...c.map((v) => v.piece.x0)));
      for (const v of c) aligned.add(v.piece);
    }
  }
  // a start is a river's right bank: fewer lines cross it than start at it
  const starts = candidates.filter((s) => {
    if (strong.includes(s)) return true;
    const crossing = lineCount(all.filter((p) => p.x0 < s - 1 && p.x1 > s + 1));
    const starting = lineCount(all.filter((p) => p.x0 >= s - 1.5 && p.x0 <= s + 0.8 * size));
    return starting >= 2 && crossing <= 2 * starting;
  }).sort((a, b) => a - b);
  const merged: number[] = [];
  for (const s of starts) if (merged.length === 0 || s - merged[merged.length - 1]! > 0.8 * size) merged.push(s);
  return merged;
}

/** The column a piece belongs to: the last start at or left of its first character. */
const colOf = (starts: number[], p: Piece) => {
  let c = 0;
  for (let k = 0; k < starts.length; k++) if (starts[k]! <= p.x0 + 0.5 * p.size) c = k;
  return c;
};

function tableOf(regionPieces: Piece[][]): Element | null {
  const all = regionPieces.flat();
  const starts = columnStarts(all);
  if (starts.length < 2) return null;
  for (const p of all) p.col = colOf(starts, p);
  // two pieces of one line well apart are two cells: a column the other lines do not show
  const extra = regionPieces.flatMap((line) => line.filter((p, k) => k > 0 && line[k - 1]!.col === p.col && p.x0 - line[k - 1]!.x1 > p.size).map((p) => p.x0));
  if (extra.length) {
    starts.push(...extra);
    starts.sort((a, b) => a - b);
    for (const p of all) p.col = colOf(starts, p);
  }
  // a table has at least two columns with pieces in three or more lines
  const used = starts.map((_, c) => new Set(all.filter((p) => p.col === c).map((p) => p.line)).size);
  if (used.filter((n) => n >= 3).length < 2) return null;

  // cells: pieces of one column stacked closely
  const blocks: Block[] = [];
  for (const p of [...all].sort((a, b) => a.top - b.top || a.x0 - b.x0)) {
    const b = blocks.find((b) => b.col === p.col && p.top - b.bottom <= CELL_GAP * p.size && Math.min(b.x1, p.x1) > Math.max(b.x0, p.x0) - 0.5 * p.size);
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
    const row = rows.reduce<(typeof rows)[number] | null>((best, r) => (overlap(r, b) > Math.max(1, best ? overlap(best, b) : 0) ? r : best), null);
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
  return { kind: 'table', top: Math.min(...all.map((p) => p.top)), bottom: Math.max(...all.map((p) => p.bottom)), xs: [...starts, right], rows: tableRows };
}
