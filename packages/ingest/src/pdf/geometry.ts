// Ruling lines from a page's operator list: stroked lines and rectangles, and the thin
// filled rectangles that many producers (Chromium, Word) draw borders with. Coordinates
// come out in the page's viewport space: points, origin top-left, /Rotate applied.

export type Matrix = [number, number, number, number, number, number];

/** A horizontal (y fixed) or vertical (x fixed) ruling segment. */
export interface Segment { at: number; from: number; to: number }

/** `images` and `paths` count what the page paints besides text: a page with no text but either is a scan or outlined text. */
export interface Rulings { h: Segment[]; v: Segment[]; images: number; paths: number }

/** The subset of pdfjs' OPS codes read here. */
export interface OpCodes {
  save: number; restore: number; transform: number; constructPath: number;
  paintFormXObjectBegin: number; paintFormXObjectEnd: number;
  stroke: number; closeStroke: number; fill: number; eoFill: number;
  fillStroke: number; eoFillStroke: number; closeFillStroke: number; closeEOFillStroke: number;
  paintImageXObject: number; paintInlineImageXObject: number; paintInlineImageXObjectGroup: number;
  paintImageXObjectRepeat: number; paintImageMaskXObject: number; paintJpegXObject?: number;
}

// pdfjs DrawOPS codes inside a constructPath buffer
const MOVE = 0, LINE = 1, CURVE = 2, QUAD = 3, CLOSE = 4;

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

/** Walks the operator list with the current transform; `base` maps user space to the viewport. */
export function rulingsOf(fnArray: ArrayLike<number>, argsArray: unknown[], ops: OpCodes, base: Matrix): Rulings {
  const h: Segment[] = [];
  const v: Segment[] = [];
  let images = 0;
  let paths = 0;
  let ctm = base;
  const stack: Matrix[] = [];
  const imageOps = new Set([ops.paintImageXObject, ops.paintInlineImageXObject, ops.paintInlineImageXObjectGroup, ops.paintImageXObjectRepeat, ops.paintImageMaskXObject, ops.paintJpegXObject ?? -1]);
  const strokes = new Set([ops.stroke, ops.closeStroke, ops.fillStroke, ops.eoFillStroke, ops.closeFillStroke, ops.closeEOFillStroke]);
  const fills = new Set([ops.fill, ops.eoFill, ops.fillStroke, ops.eoFillStroke, ops.closeFillStroke, ops.closeEOFillStroke]);

  const addEdge = (x0: number, y0: number, x1: number, y1: number) => {
    if (Math.abs(y0 - y1) < 0.5 && Math.abs(x1 - x0) >= MIN_LEN) h.push({ at: (y0 + y1) / 2, from: Math.min(x0, x1), to: Math.max(x0, x1) });
    else if (Math.abs(x0 - x1) < 0.5 && Math.abs(y1 - y0) >= MIN_LEN) v.push({ at: (x0 + x1) / 2, from: Math.min(y0, y1), to: Math.max(y0, y1) });
  };

  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i]!;
    const args = argsArray[i] as unknown[] | null;
    if (fn === ops.save) stack.push(ctm);
    else if (fn === ops.restore) ctm = stack.pop() ?? ctm;
    else if (fn === ops.transform) ctm = mul(ctm, args as unknown as Matrix);
    else if (fn === ops.paintFormXObjectBegin) {
      stack.push(ctm);
      const m = args?.[0] as Matrix | null | undefined;
      if (m && m.length === 6) ctm = mul(ctm, [...m] as Matrix);
    } else if (fn === ops.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
    else if (imageOps.has(fn)) images++;
    else if (fn === ops.constructPath && args) {
      const paint = args[0] as number;
      const buf = (args[1] as (ArrayLike<number> | null)[] | undefined)?.[0];
      if (!buf) continue;
      const stroked = strokes.has(paint);
      const filled = fills.has(paint);
      if (!stroked && !filled) continue;
      paths++;
      for (const poly of subpaths(buf, ctm)) {
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
  }
  return { h: mergeSegments(h), v: mergeSegments(v), images, paths };
}

/** The path's subpaths as point lists (curves reduced to their end points; closed paths repeat their start). */
function subpaths(buf: ArrayLike<number>, m: Matrix): [number, number][][] {
  const out: [number, number][][] = [];
  let cur: [number, number][] = [];
  for (let k = 0; k < buf.length;) {
    const op = buf[k++]!;
    if (op === MOVE) {
      if (cur.length > 1) out.push(cur);
      cur = [apply(m, buf[k]!, buf[k + 1]!)];
      k += 2;
    } else if (op === LINE) {
      cur.push(apply(m, buf[k]!, buf[k + 1]!));
      k += 2;
    } else if (op === CURVE) {
      cur.push(apply(m, buf[k + 4]!, buf[k + 5]!));
      k += 6;
    } else if (op === QUAD) {
      cur.push(apply(m, buf[k + 2]!, buf[k + 3]!));
      k += 4;
    } else if (op === CLOSE) {
      if (cur.length > 0) cur.push(cur[0]!);
    } else break; // unknown op: stop reading this path
  }
  if (cur.length > 1) out.push(cur);
  return out;
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
