// Ruling lines → tables (lattice). Lines that touch form one table; its grid is every
// distinct x of its vertical lines and every distinct y of its horizontal lines, so column
// indices are the same for all of the table's rows. Two neighbouring grid cells with no
// ruling between them are one merged cell (rowspan / colspan).
import { cluster } from '@ziping/core/geometry';
import type { Rulings, Segment } from './geometry.ts';

export interface GridCell {
  /** first grid row / column of the (merged) cell */
  row: number;
  col: number;
  rowEnd: number;
  colEnd: number;
  /** [x0, y0, x1, y1] in viewport points */
  box: [number, number, number, number];
}

export interface Grid {
  xs: number[];
  ys: number[];
  /** cell id at [row][col] */
  at: number[][];
  cells: GridCell[];
  box: [number, number, number, number];
  /** per column: no ruling closes the bottom row there (a table the page end cut through) */
  openBelow?: boolean[];
  /** per column: no ruling closes the top row there (a table a page break cut through) */
  openAbove?: boolean[];
}

const TOL = 2; // points: lines this close are the same line / touch
const COVER = 0.6; // a boundary exists where a ruling covers this share of it

export function gridsOf({ h, v }: Rulings): Grid[] {
  // connect touching lines
  const n = h.length + v.length;
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let i = 0; i < h.length; i++) {
    for (let j = 0; j < v.length; j++) {
      const a = h[i]!;
      const b = v[j]!;
      if (b.at >= a.from - TOL && b.at <= a.to + TOL && a.at >= b.from - TOL && a.at <= b.to + TOL) {
        parent[find(i)] = find(h.length + j);
      }
    }
  }
  const groups = new Map<number, { h: Segment[]; v: Segment[] }>();
  for (let i = 0; i < n; i++) {
    const g = groups.get(find(i)) ?? { h: [], v: [] };
    if (i < h.length) g.h.push(h[i]!);
    else g.v.push(v[i - h.length]!);
    groups.set(find(i), g);
  }
  const grids: Grid[] = [];
  for (const g of groups.values()) {
    const grid = gridOf(g.h, g.v);
    if (grid) grids.push(grid);
  }
  return grids.sort((a, b) => a.box[1] - b.box[1]);
}

function gridOf(h: Segment[], v: Segment[]): Grid | null {
  if (h.length === 0 || v.length === 0) return null; // a lone rule (an underline, a separator) encloses nothing
  // the rules' own ends close a table printed without its outer left/right (top/bottom) border
  const xs = cluster([...v.map((s) => s.at), Math.min(...h.map((s) => s.from)), Math.max(...h.map((s) => s.to))], TOL);
  const ys = cluster([...h.map((s) => s.at), Math.min(...v.map((s) => s.from)), Math.max(...v.map((s) => s.to))], TOL);
  if (xs.length < 2 || ys.length < 2) return null;
  const rows = ys.length - 1;
  const cols = xs.length - 1;
  if (rows * cols < 2) return null; // a framed paragraph is not a table
  const vAt = xs.map((x) => v.filter((s) => Math.abs(s.at - x) <= TOL));
  const hAt = ys.map((y) => h.filter((s) => Math.abs(s.at - y) <= TOL));
  const covered = (segs: Segment[], from: number, to: number) => coverage(segs, from, to) >= COVER * (to - from);

  const id = (r: number, c: number) => r * cols + c;
  const parent = Array.from({ length: rows * cols }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const union = (a: number, b: number) => { parent[find(a)] = find(b); };
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (c + 1 < cols && !covered(vAt[c + 1]!, ys[r]!, ys[r + 1]!)) union(id(r, c), id(r, c + 1));
      if (r + 1 < rows && !covered(hAt[r + 1]!, xs[c]!, xs[c + 1]!)) union(id(r, c), id(r + 1, c));
    }
  }
  const byRoot = new Map<number, GridCell>();
  const at: number[][] = Array.from({ length: rows }, () => Array<number>(cols).fill(-1));
  const cells: GridCell[] = [];
  const ids = new Map<GridCell, number>();
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const root = find(id(r, c));
      let cell = byRoot.get(root);
      if (!cell) {
        cell = { row: r, col: c, rowEnd: r, colEnd: c, box: [0, 0, 0, 0] };
        byRoot.set(root, cell);
        ids.set(cell, cells.length);
        cells.push(cell);
      }
      cell.rowEnd = Math.max(cell.rowEnd, r);
      cell.colEnd = Math.max(cell.colEnd, c);
      cell.col = Math.min(cell.col, c);
      at[r]![c] = ids.get(cell)!;
    }
  }
  for (const cell of cells) cell.box = [xs[cell.col]!, ys[cell.row]!, xs[cell.colEnd + 1]!, ys[cell.rowEnd + 1]!];
  const openBelow = xs.slice(1).map((x, c) => !covered(hAt[rows]!, xs[c]!, x));
  const openAbove = xs.slice(1).map((x, c) => !covered(hAt[0]!, xs[c]!, x));
  return { xs, ys, at, cells, box: [xs[0]!, ys[0]!, xs[cols]!, ys[rows]!], openBelow, openAbove };
}

/** Length of [from, to] covered by the union of the segments. */
function coverage(segs: Segment[], from: number, to: number): number {
  const parts = segs.map((s) => [Math.max(s.from, from), Math.min(s.to, to)] as const).filter(([a, b]) => b > a).sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = from;
  for (const [a, b] of parts) {
    if (b <= end) continue;
    total += b - Math.max(a, end);
    end = b;
  }
  return total;
}

/** The grid index i with edges[i] <= x < edges[i + 1], or -1 outside. */
export function bandOf(edges: number[], x: number): number {
  if (x < edges[0]! || x > edges[edges.length - 1]!) return -1;
  for (let i = 0; i + 1 < edges.length; i++) if (x <= edges[i + 1]!) return i;
  return -1;
}
