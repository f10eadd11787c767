// Ruling lines from a page's painted paths: stroked lines and rectangles, and the thin
// filled rectangles that many producers (Chromium, Word) draw borders with. Coordinates
// come out in the page's viewport space: points, origin top-left, /Rotate applied.

export type Matrix = [number, number, number, number, number, number];

/** A horizontal (y fixed) or vertical (x fixed) ruling segment. */
export interface Segment { at: number; from: number; to: number }

/** `images` and `paths` count what the page paints besides text: a page with no text but either is a scan or outlined text. */
export interface Rulings { h: Segment[]; v: Segment[]; images: number; paths: number }

/** A painted path in user space: its subpaths as point lists (curves reduced to their end points, closed ones repeating their start). */
export interface PaintedPath { polys: [number, number][][]; stroked: boolean; filled: boolean }

/** Thicker than this a filled rectangle is a shading, not a line (points). */
const MAX_RULE = 2.5;
/** Shorter than this a segment is a tick or a glyph part (points). */
const MIN_LEN = 3;

export const mul = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[2] * n[1], m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3], m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4], m[1] * n[4] + m[3] * n[5] + m[5],
];
export const apply = (m: Matrix, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];

/** The page's paths as ruling segments; `base` maps user space to the viewport. */
export function rulingsOf(painted: PaintedPath[], images: number, base: Matrix): Rulings {
  const h: Segment[] = [];
  const v: Segment[] = [];
  const addEdge = (x0: number, y0: number, x1: number, y1: number) => {
    if (Math.abs(y0 - y1) < 0.5 && Math.abs(x1 - x0) >= MIN_LEN) h.push({ at: (y0 + y1) / 2, from: Math.min(x0, x1), to: Math.max(x0, x1) });
    else if (Math.abs(x0 - x1) < 0.5 && Math.abs(y1 - y0) >= MIN_LEN) v.push({ at: (x0 + x1) / 2, from: Math.min(y0, y1), to: Math.max(y0, y1) });
  };
  for (const { polys, stroked, filled } of painted) {
    for (const user of polys) {
      const poly = user.map(([x, y]) => apply(base, x, y));
      const rect = asRect(poly);
      if (rect && filled) {
        const [x0, y0, x1, y1] = rect;
        const w = x1 - x0;
        const ht = y1 - y0;
        if (ht <= MAX_RULE && w >= MIN_LEN) h.push({ at: (y0 + y1) / 2, from: x0, to: x1 });
        else if (w <= MAX_RULE && ht >= MIN_LEN) v.push({ at: (x0 + x1) / 2, from: y0, to: y1 });
        else if (stroked) for (let k = 0; k + 1 < poly.length; k++) addEdge(...poly[k]!, ...poly[k + 1]!);
        continue;
      }
      if (stroked) for (let k = 0; k + 1 < poly.length; k++) addEdge(...poly[k]!, ...poly[k + 1]!);
    }
  }
  return { h: mergeSegments(h), v: mergeSegments(v), images, paths: painted.length };
}

/** An axis-aligned rectangle (4 corners, optionally closed) as [x0, y0, x1, y1]. */
function asRect(poly: [number, number][]): [number, number, number, number] | null {
  const pts = poly.length === 5 && near(poly[0]!, poly[4]!) ? poly.slice(0, 4) : poly;
  if (pts.length !== 4) return null;
  for (let k = 0; k < 4; k++) {
    const [ax, ay] = pts[k]!;
    const [bx, by] = pts[(k + 1) % 4]!;
    if (Math.abs(ax - bx) > 0.5 && Math.abs(ay - by) > 0.5) return null;
  }
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

const near = (a: [number, number], b: [number, number]) => Math.abs(a[0] - b[0]) < 0.5 && Math.abs(a[1] - b[1]) < 0.5;

/** Collinear segments that touch or overlap become one. */
export function mergeSegments(segs: Segment[], tol = 1, gap = 1.5): Segment[] {
  const sorted = [...segs].sort((a, b) => a.at - b.at || a.from - b.from);
  const out: Segment[] = [];
  for (const s of sorted) {
    let last: Segment | undefined;
    for (let k = out.length - 1; k >= 0 && s.at - out[k]!.at <= tol; k--) {
      if (s.from <= out[k]!.to + gap && s.from >= out[k]!.from - gap) { last = out[k]; break; }
    }
    if (last) {
      last.to = Math.max(last.to, s.to);
      continue;
    }
    out.push({ ...s });
  }
  return out;
}
