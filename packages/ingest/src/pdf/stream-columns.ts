// Stream mode, part 1: a line's pieces, header rows and column starts, from geometry alone
// (the reader knows no form vocabulary).
//
// A header is what stands over figures: the nearest line of text above a line with figures
// whose pieces stand over two or more of its figures, and the lines stacked with it (set
// closer than rows are: interleaved lines of one row band, or the wrapped lines of a label).
// A header label centred over two or more labels of a header line below spans their columns.
import { normalizeText } from '@ziping/core/normalize';
import type { Run } from './layout.ts';

export interface Piece {
  runs: Run[]; x0: number; x1: number; top: number; bottom: number; size: number;
  /** index of the piece's line in the page's lines */
  line: number;
  col: number;
  /** the printed text, normalised, without spaces: what the figure tests read */
  text: string;
  /** the pieces of a header line below that this header label is centred over */
  over?: Piece[];
}

/** Gap between two runs that separates pieces: wider than a space, narrower than two cells' padding. */
const PIECE_GAP = 0.55;
/** Wrapped lines of one cell are at most this many font sizes apart (top to top); rows further. */
const WRAP_PITCH = 1.45;

export const lineTop = (l: { top: number }[]) => Math.min(...l.map((r) => r.top));
export const lineBottom = (l: { bottom: number }[]) => Math.max(...l.map((r) => r.bottom));
export const lineSize = (l: { size: number }[]) => Math.max(...l.map((r) => r.size));
const overlapX = (a: { x0: number; x1: number }, b: { x0: number; x1: number }) => Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);

export function piecesOf(line: Run[], index: number): Piece[] {
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
    text: normalizeText(runs.map((r) => r.str).join('')).replace(/\s+/g, ''),
  }));
}

/** An amount, count, rate or score as a cell prints it. */
export const isFigure = (p: Piece) => /^[-+]?\d[\d,]*(\.\d+)?%?$/.test(p.text);
/** A figure complete in itself, or the dash of a figure that does not apply. `00.00` is none: the end of a figure broken over two lines. */
export const isWhole = (p: Piece) => /^[-+]?(0|[1-9][\d,]*)(\.\d+)?%?$/.test(p.text) || /^[-—–/]+$/.test(p.text);
const figures = (l: Piece[]) => l.filter(isFigure);
/**
 * A figure broken over two lines for want of room (`1.0` / `0`): the end starts where the
 * figure starts, is shorter by a digit or more, and the two read as one figure.
 */
export const brokenFigure = (upper: Piece, lower: Piece) => Math.abs(upper.x0 - lower.x0) <= 1
  && lower.x1 < upper.x1 - 0.45 * lower.size && /^[-+]?\d[\d,]*(\.\d+)?%?$/.test(upper.text + lower.text);

/** Is `lower` set under `upper` as closely as lines of one row band are: interleaved, or the next line of a wrapped label? */
function stacked(upper: Piece[], lower: Piece[]): boolean {
  const pitch = lineTop(lower) - lineTop(upper);
  const em = lineSize(upper);
  return pitch < em || (pitch < WRAP_PITCH * em && upper.some((p) => lower.some((q) => overlapX(p, q) > 0)));
}

/**
 * A table's first row band, when it is text alone, three labels or more: the header of a
 * table without figures (one continued on a new page under its repeated header).
 */
export function topStack(lines: Piece[][]): number[] | null {
  const stack: number[] = [];
  for (let k = 0; k < lines.length && figures(lines[k]!).length === 0 && (k === 0 || stacked(lines[k - 1]!, lines[k]!)); k++) stack.push(k);
  const labels = stack.flatMap((k) => lines[k]!);
  return labels.length >= 3 && stack.some((k) => lines[k]!.length >= 2) && stack.length < lines.length ? stack : null;
}

/**
 * The header stacks among consecutive lines (each a list of indices into `lines`, top to
 * bottom): for each line with two or more figures, the nearest line of two or more pieces
 * above it if that has no figure and stands over two of the figures, and the lines of text
 * stacked on it — unless the stack is set as closely under a line with figures as a wrapped
 * line is (then it holds the wrapped ends of that row's cells).
 */
export function headerStacks(lines: Piece[][]): number[][] {
  const out: number[][] = [];
  lines.forEach((l, d) => {
    const fs = figures(l);
    if (fs.length < 2) return;
    let h = d - 1;
    while (h >= 0 && lines[h]!.length < 2) h--;
    if (h < 0 || figures(lines[h]!).length > 0 || out.some((s) => s.includes(h))) return;
    const stack = [h];
    for (let j = h - 1; j >= 0 && figures(lines[j]!).length === 0 && stacked(lines[j]!, lines[stack[0]!]!); j--) stack.unshift(j);
    // set as close under a line with figures as a wrapped line: the rest of that row's cells
    const above = lines[stack[0]! - 1];
    if (above && figures(above).length > 0 && lineTop(lines[stack[0]!]!) - lineTop(above) < WRAP_PITCH * lineSize(above)) return;
    const labels = stack.flatMap((k) => lines[k]!);
    if (fs.filter((f) => labels.some((p) => overlapX(p, f) > 0)).length >= 2) out.push(stack);
  });
  return out;
}

/**
 * Marks the header labels centred over two or more neighbouring labels of a header line
 * below (`年度指标值` over `指标方向 指标值 计量单位`): they span those labels' columns.
 */
export function markSpanning(stack: Piece[][]): void {
  stack.forEach((line, i) => {
    for (const p of line) {
      const em = p.size;
      for (const below of stack.slice(i + 1)) {
        const under = below.filter((q) => q.top >= p.bottom - 0.3 * em).sort((a, b) => a.x0 - b.x0);
        let best: { group: Piece[]; off: number } | null = null;
        for (let a = 0; a < under.length; a++) {
          for (let b = a + 1; b < under.length; b++) {
            const x0 = under[a]!.x0, x1 = under[b]!.x1;
            // the labels cover the label's width, and one stands right under it
            if (x0 > p.x0 + 0.5 * em || x1 < p.x1 - 0.5 * em || !under.slice(a, b + 1).some((q) => overlapX(p, q) > 0)) continue;
            const off = Math.abs((x0 + x1) / 2 - (p.x0 + p.x1) / 2);
            if (off <= Math.max(0.6 * em, 0.03 * (x1 - x0)) && (!best || off < best.off)) best = { group: under.slice(a, b + 1), off };
          }
        }
        if (best) { p.over = best.group; break; }
      }
    }
  });
}

interface Span { l: number; r: number; header: boolean }

/** Sorted values grouped where each is within tol of the previous. */
function clusters<T extends { x: number }>(values: T[], tol: number): T[][] {
  const out: T[][] = [];
  for (const v of [...values].sort((a, b) => a.x - b.x)) {
    const last = out[out.length - 1];
    if (last && v.x - last[last.length - 1]!.x <= tol) last.push(v);
    else out.push([v]);
  }
  return out;
}

/** The q-quantile of some numbers. */
const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))]!;

/**
 * Where a region's columns start, left to right. Each column is a span: a header label's
 * extent (labels of one column wrapped over lines overlap: one span), or the pieces aligned on
 * one edge (left edges shared by two or more lines; right edges or centres by three or more:
 * right-aligned or centred figures) over their narrower widths (a cell spanning several
 * columns starts in its first). A span that more lines' text crosses than are aligned in it is
 * none (a river must be mostly empty). An aligned span belongs to the header label it overlaps,
 * or, overlapping none, to the label whose centre is nearest when it lies between that label's
 * neighbours (figures right-aligned under a centred label); one overlapping two labels is a
 * cell spanning columns, no column. A column starts halfway between its span and the one before.
 */
export function columnStarts(all: Piece[], headers: Set<Piece>): number[] {
  const size = Math.max(...all.map((p) => p.size));
  const lineCount = (vs: { line: number }[]) => new Set(vs.map((v) => v.line)).size;
  const heads: Span[] = [];
  for (const p of [...headers].sort((a, b) => a.x0 - b.x0)) {
    const last = heads[heads.length - 1];
    if (last && p.x0 < last.r - 1) last.r = Math.max(last.r, p.x1);
    else heads.push({ l: p.x0, r: p.x1, header: true });
  }
  const spans: Span[] = [];
  const crossed = (x: number) => lineCount(all.filter((p) => p.x0 < x - 1 && p.x1 > x + 1));
  const aligned = new Set<Piece>(headers);
  const edges: [(p: Piece) => number, number, (c: Piece[]) => Span][] = [
    [(p) => p.x0, 2, (c) => { const l = Math.min(...c.map((p) => p.x0)); return { l, r: l + quantile(c.map((p) => p.x1 - p.x0), 0.25), header: false }; }],
    [(p) => p.x1, 3, (c) => { const r = Math.max(...c.map((p) => p.x1)); return { l: r - quantile(c.map((p) => p.x1 - p.x0), 0.25), r, header: false }; }],
    [(p) => (p.x0 + p.x1) / 2, 3, (c) => { const m = quantile(c.map((p) => (p.x0 + p.x1) / 2), 0.5); const w = quantile(c.map((p) => p.x1 - p.x0), 0.25); return { l: m - w / 2, r: m + w / 2, header: false }; }],
  ];
  for (const [key, min, spanOf] of edges) {
    const cs = clusters(all.filter((p) => !aligned.has(p) && !p.over).map((p) => ({ x: key(p), line: p.line, piece: p })), 1.5).filter((c) => lineCount(c) >= min);
    for (const c of cs) {
      const span = spanOf(c.map((v) => v.piece));
      if (crossed(span.l) > 2 * lineCount(c)) continue;
      spans.push(span);
      for (const v of c) aligned.add(v.piece);
    }
  }
  const cols: Span[] = heads.map((h) => ({ ...h }));
  const centre = (s: Span) => (s.l + s.r) / 2;
  for (const s of spans) {
    const hit = heads.map((h, i) => [Math.min(h.r, s.r) - Math.max(h.l, s.l), i] as const).filter(([o]) => o > 0);
    if (hit.length > 1) continue;
    let k = hit[0]?.[1] ?? -1;
    if (k < 0 && heads.length > 1) {
      const near = heads.map((h, i) => [Math.abs(centre(h) - centre(s)), i] as const).sort((a, b) => a[0] - b[0])[0]![1];
      const h = heads[near]!;
      const lo = near > 0 ? (centre(heads[near - 1]!) + centre(h)) / 2 : centre(h) - (centre(heads[near + 1]!) - centre(h)) / 2;
      const hi = near < heads.length - 1 ? (centre(h) + centre(heads[near + 1]!)) / 2 : centre(h) + (centre(h) - centre(heads[near - 1]!)) / 2;
      if (centre(s) >= lo && centre(s) <= hi) k = near;
    }
    if (k >= 0) { const c = cols[k]!; c.l = Math.min(c.l, s.l); c.r = Math.max(c.r, s.r); continue; }
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
  const starts = [Math.min(...all.map((p) => p.x0))];
  for (let k = 1; k < merged.length; k++) {
    const x = Math.max((merged[k - 1]!.r + merged[k]!.l) / 2, Math.min(merged[k]!.l, merged[k - 1]!.r));
    if (x > starts[starts.length - 1]! + 1) starts.push(x);
  }
  return starts;
}
