// Table structure from a deskewed page image: ruling lines (long runs of ink) → tables →
// the grid of row and column boundaries → cells, where a cell whose inner border is missing
// spans several grid columns or rows (merged cells).
import { cluster } from '@ziping/core';
import type { Rect } from './image.ts';

export interface Segment {
  /** Horizontal: y is the centre row, [a, b] the x extent. Vertical: x centre, [a, b] the y extent. */
  pos: number;
  a: number;
  b: number;
  thickness: number;
}

export interface GridCell {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  /** Inside the ruling lines, in pixels. */
  rect: Rect;
}

export interface Table {
  rect: Rect;
  /** Row boundaries (y of each horizontal ruling line), top to bottom. */
  ys: number[];
  /** Column boundaries (x of each vertical ruling line), left to right. */
  xs: number[];
  cells: GridCell[];
  /** Set where a page break cut the table: its first or last row goes on on the next page. */
  cut?: { top: boolean; bottom: boolean };
}

export interface LineOptions {
  /** Shortest horizontal run that counts as a ruling line (pixels). */
  minH: number;
  /** Shortest vertical run that counts as a ruling line (pixels): longer than any glyph stroke. */
  minV: number;
  /** Gap in a run that noise or a faint scan may leave (pixels). */
  gap: number;
  /** Thicker than this is a filled block, not a line. */
  maxThickness: number;
}

export const lineOptionsFor = (dpi: number): LineOptions => ({
  minH: Math.round(dpi * 0.3),
  minV: Math.round(dpi * 0.2),
  gap: Math.max(2, Math.round(dpi / 100)),
  maxThickness: Math.max(6, Math.round(dpi / 25)),
});

/** Runs of ink along one axis, grown into line segments across neighbouring rows/columns. */
export function findSegments(ink: Uint8Array, width: number, height: number, horizontal: boolean, o: LineOptions): Segment[] {
  const outer = horizontal ? height : width;
  const inner = horizontal ? width : height;
  const minLen = horizontal ? o.minH : o.minV;
  const at = horizontal ? (i: number, j: number) => ink[i * width + j] : (i: number, j: number) => ink[j * width + i];
  interface Open { p0: number; p1: number; a: number; b: number; last: number }
  let open: Open[] = [];
  const done: Open[] = [];
  for (let i = 0; i < outer; i++) {
    const runs: [number, number][] = [];
    let start = -1, lastInk = -1;
    for (let j = 0; j <= inner; j++) {
      const on = j < inner && at(i, j);
      if (on) {
        if (start < 0) start = j;
        lastInk = j;
      } else if (start >= 0 && j - lastInk > o.gap) {
        if (lastInk - start + 1 >= minLen) runs.push([start, lastInk]);
        start = -1;
      }
    }
    const next: Open[] = [];
    const used = new Set<Open>();
    for (const [a, b] of runs) {
      const hit = open.find((s) => !used.has(s) && s.a <= b && a <= s.b && Math.min(s.b, b) - Math.max(s.a, a) >= 0.5 * Math.min(s.b - s.a, b - a));
      if (hit) {
        used.add(hit);
        hit.p1 = i; hit.a = Math.min(hit.a, a); hit.b = Math.max(hit.b, b); hit.last = i;
        next.push(hit);
      } else {
        next.push({ p0: i, p1: i, a, b, last: i });
      }
    }
    for (const s of open) if (!used.has(s)) done.push(s);
    open = next;
  }
  done.push(...open);
  const segs = done
    .filter((s) => s.p1 - s.p0 + 1 <= o.maxThickness)
    .map((s) => ({ pos: (s.p0 + s.p1) / 2, a: s.a, b: s.b, thickness: s.p1 - s.p0 + 1 }));
  return mergeCollinear(segs, o.gap * 4);
}

/** Join pieces of one line broken by noise or a faint stretch. */
function mergeCollinear(segs: Segment[], gap: number): Segment[] {
  const sorted = [...segs].sort((s, t) => s.pos - t.pos || s.a - t.a);
  const out: Segment[] = [];
  for (const s of sorted) {
    const m = out.find((t) => Math.abs(t.pos - s.pos) <= 3 && s.a <= t.b + gap && t.a <= s.b + gap);
    if (m) {
      const la = m.b - m.a, lb = s.b - s.a;
      m.pos = (m.pos * la + s.pos * lb) / Math.max(1, la + lb);
      m.a = Math.min(m.a, s.a); m.b = Math.max(m.b, s.b); m.thickness = Math.max(m.thickness, s.thickness);
    } else out.push({ ...s });
  }
  return out;
}

const touches = (h: Segment, v: Segment, tol: number) =>
  v.pos >= h.a - tol && v.pos <= h.b + tol && h.pos >= v.a - tol && h.pos <= v.b + tol;

/** Group segments that cross into tables and build each table's cell grid. */
export function findTables(hs: Segment[], vs: Segment[], tol = 6): Table[] {
  const n = hs.length + vs.length;
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let i = 0; i < hs.length; i++) {
    for (let j = 0; j < vs.length; j++) if (touches(hs[i]!, vs[j]!, tol)) parent[find(i)] = find(hs.length + j);
  }
  const groups = new Map<number, { h: Segment[]; v: Segment[] }>();
  for (let i = 0; i < n; i++) {
    const g = groups.get(find(i)) ?? { h: [], v: [] };
    if (i < hs.length) g.h.push(hs[i]!); else g.v.push(vs[i - hs.length]!);
    groups.set(find(i), g);
  }
  const tables: Table[] = [];
  for (const { h, v } of groups.values()) {
    if (h.length < 2 || v.length < 2) continue;
    const t = buildGrid(h, v, tol);
    if (t) tables.push(t);
  }
  return tables.sort((a, b) => a.rect.y0 - b.rect.y0);
}

/** Share of [a, b] that some segment near `pos` covers. */
function coverage(segs: Segment[], pos: number, a: number, b: number, tol: number): number {
  const len = b - a;
  if (len <= 0) return 1;
  const parts = segs
    .filter((s) => Math.abs(s.pos - pos) <= tol && s.b >= a && s.a <= b)
    .map((s) => [Math.max(a, s.a), Math.min(b, s.b)] as const)
    .sort((p, q) => p[0] - q[0]);
  let covered = 0, end = a;
  for (const [s, e] of parts) {
    if (e <= end) continue;
    covered += e - Math.max(s, end);
    end = e;
  }
  return covered / len;
}

function buildGrid(h: Segment[], v: Segment[], tol: number): Table | null {
  const ys = cluster(h.map((s) => s.pos), tol);
  const xs = cluster(v.map((s) => s.pos), tol);
  if (ys.length < 2 || xs.length < 2) return null;
  const R = ys.length - 1, C = xs.length - 1;
  const id = (r: number, c: number) => r * C + c;
  const parent = Array.from({ length: R * C }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const inset = (a: number, b: number) => [a + tol, b - tol] as const;
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < C; c++) {
      if (c + 1 < C) {
        const [a, b] = inset(ys[r]!, ys[r + 1]!);
        if (coverage(v, xs[c + 1]!, a, b, tol) < 0.6) parent[find(id(r, c + 1))] = find(id(r, c));
      }
      if (r + 1 < R) {
        const [a, b] = inset(xs[c]!, xs[c + 1]!);
        if (coverage(h, ys[r + 1]!, a, b, tol) < 0.6) parent[find(id(r + 1, c))] = find(id(r, c));
      }
    }
  }
  const spans = new Map<number, { r0: number; r1: number; c0: number; c1: number }>();
  for (let r = 0; r < R; r++) {
    for (let c = 0; c < C; c++) {
      const k = find(id(r, c));
      const s = spans.get(k);
      if (!s) spans.set(k, { r0: r, r1: r, c0: c, c1: c });
      else { s.r0 = Math.min(s.r0, r); s.r1 = Math.max(s.r1, r); s.c0 = Math.min(s.c0, c); s.c1 = Math.max(s.c1, c); }
    }
  }
  const halfT = (segs: Segment[], pos: number) => {
    const t = segs.filter((s) => Math.abs(s.pos - pos) <= tol).reduce((m, s) => Math.max(m, s.thickness), 1);
    return Math.ceil(t / 2) + 2;
  };
  const cells: GridCell[] = [...spans.values()]
    .map((s) => ({
      row: s.r0, col: s.c0, rowSpan: s.r1 - s.r0 + 1, colSpan: s.c1 - s.c0 + 1,
      rect: {
        x0: xs[s.c0]! + halfT(v, xs[s.c0]!), x1: xs[s.c1 + 1]! - halfT(v, xs[s.c1 + 1]!),
        y0: ys[s.r0]! + halfT(h, ys[s.r0]!), y1: ys[s.r1 + 1]! - halfT(h, ys[s.r1 + 1]!),
      },
    }))
    .sort((p, q) => p.row - q.row || p.col - q.col);
  return { rect: { x0: xs[0]!, y0: ys[0]!, x1: xs[C]!, y1: ys[R]! }, ys, xs, cells };
}

/** Ruling lines → tables, for an ink mask of a deskewed page. */
export function detectTables(ink: Uint8Array, width: number, height: number, o: LineOptions): Table[] {
  const hs = findSegments(ink, width, height, true, o);
  const vs = findSegments(ink, width, height, false, o);
  const tol = Math.max(4, Math.round(o.gap * 2));
  const tables = findTables(hs, vs, tol);
  const cut = tables.map((t) => cutEdges(t, ink, width, height, o));
  if (cut.every((c) => c.h.length === 0)) return tables;
  const closing = cut.flatMap((c) => c.h);
  const closed = findTables([...hs, ...closing], [...vs, ...cut.flatMap((c) => c.v)], tol);
  for (const t of closed) {
    const at = (y: number) => closing.some((h) => Math.abs(h.pos - y) <= tol);
    t.cut = { top: at(t.ys[0]!), bottom: at(t.ys[t.ys.length - 1]!) };
  }
  return closed;
}

/**
 * A table cut by a page break has no ruling line along the cut: its column lines run on past
 * its last (or first) horizontal line, over a row cut in two. Where both outer borders and
 * most column lines do so, to about the same place, that row is closed with a line there,
 * and every line that runs on that far is one of its column lines (even a stub shorter than
 * a ruling line may be: the row above or below on the other page is where it is long).
 */
export function cutEdges(t: Table, ink: Uint8Array, width: number, height: number, o: LineOptions): { h: Segment[]; v: Segment[] } {
  const out = { h: [] as Segment[], v: [] as Segment[] };
  const C = t.xs.length - 1;
  const near = (p: number, x: number) => Math.abs(p - x) <= o.maxThickness;
  const x0 = Math.max(0, Math.floor(t.xs[0]! - o.maxThickness)), x1 = Math.min(width, Math.ceil(t.xs[C]! + o.maxThickness));
  for (const dir of [1, -1]) {
    const edge = Math.round(dir > 0 ? t.ys[t.ys.length - 1]! : t.ys[0]!);
    // how far ink runs on beyond the edge in each pixel column, across gaps a faint scan leaves
    const reach: number[] = [];
    for (let x = x0; x < x1; x++) {
      let last = edge;
      for (let y = edge; y >= 0 && y < height && Math.abs(y - last) <= o.gap + 1; y += dir) if (ink[y * width + x]) last = y;
      reach.push(Math.abs(last - edge));
    }
    // adjacent pixel columns that run on: one line each
    const lines: { a: number; b: number; reach: number; pos: number }[] = [];
    reach.forEach((r, i) => {
      if (r < o.minV / 2) return;
      const x = x0 + i, prev = lines[lines.length - 1];
      if (prev && x - prev.b <= o.gap + 1) { prev.b = x; prev.reach = Math.max(prev.reach, r); } else lines.push({ a: x, b: x, reach: r, pos: x });
    });
    for (const l of lines) l.pos = (l.a + l.b) / 2;
    const cols = t.xs.map((x) => lines.find((l) => near(l.pos, x)));
    const found = cols.filter((l) => l !== undefined);
    if (!cols[0] || !cols[C] || found.length < 0.6 * cols.length) continue;
    const mid = found.map((l) => l.reach).sort((a, b) => a - b)[found.length >> 1]!;
    const same = (r: number) => Math.abs(r - mid) <= o.gap * 4;
    if (!same(cols[0].reach) || !same(cols[C].reach)) continue;
    const pos = edge + dir * mid;
    out.h.push({ pos, a: t.xs[0]!, b: t.xs[C]!, thickness: 1 });
    for (const l of lines) if (same(l.reach)) out.v.push({ pos: l.pos, a: Math.min(edge, pos), b: Math.max(edge, pos), thickness: 1 });
  }
  return out;
}
