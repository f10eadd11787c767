// Text lines and words inside a region of an ink mask, found by projection profiles.
import type { GrayImage, Rect } from './image.ts';

export interface InkMask {
  width: number;
  height: number;
  /** Ink for layout: specks up to the size of a decimal point removed. */
  ink: Uint8Array;
  /** Ink with only the smallest specks removed: points and commas still there. */
  fine?: Uint8Array;
}

/** The tight box around the ink inside `r`, or null when it holds (almost) none. */
export function inkBox(m: InkMask, r: Rect, minInk = 6): Rect | null {
  let x0 = Infinity, y0 = Infinity, x1 = -1, y1 = -1, n = 0;
  const X0 = Math.max(0, Math.round(r.x0)), X1 = Math.min(m.width, Math.round(r.x1));
  const Y0 = Math.max(0, Math.round(r.y0)), Y1 = Math.min(m.height, Math.round(r.y1));
  for (let y = Y0; y < Y1; y++) {
    for (let x = X0; x < X1; x++) {
      if (!m.ink[y * m.width + x]) continue;
      n++;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return n >= minInk ? { x0, y0, x1: x1 + 1, y1: y1 + 1 } : null;
}

/**
 * Horizontal text lines in `r`: runs of rows holding ink. A run too thin to be a line of
 * text (the gap inside 二 or 三, a stray speck) is joined to its nearer neighbour.
 */
export function textLines(m: InkMask, r: Rect, minLineHeight: number): Rect[] {
  const X0 = Math.max(0, Math.round(r.x0)), X1 = Math.min(m.width, Math.round(r.x1));
  const Y0 = Math.max(0, Math.round(r.y0)), Y1 = Math.min(m.height, Math.round(r.y1));
  const rows: number[] = [];
  for (let y = Y0; y < Y1; y++) {
    let n = 0;
    for (let x = X0; x < X1; x++) n += m.ink[y * m.width + x]!;
    rows.push(n);
  }
  let runs: [number, number][] = [];
  let start = -1;
  for (let i = 0; i <= rows.length; i++) {
    const on = i < rows.length && rows[i]! > 0;
    if (on && start < 0) start = i;
    if (!on && start >= 0) { runs.push([start, i]); start = -1; }
  }
  // join thin runs to the nearer neighbour until every run is tall enough
  for (let changed = true; changed && runs.length > 1;) {
    changed = false;
    const k = runs.findIndex(([a, b]) => b - a < minLineHeight);
    if (k < 0) break;
    const prevGap = k > 0 ? runs[k]![0] - runs[k - 1]![1] : Infinity;
    const nextGap = k + 1 < runs.length ? runs[k + 1]![0] - runs[k]![1] : Infinity;
    const j = prevGap <= nextGap ? k - 1 : k + 1;
    const lo = Math.min(k, j);
    runs = [...runs.slice(0, lo), [runs[lo]![0], runs[lo + 1]![1]], ...runs.slice(lo + 2)];
    changed = true;
  }
  runs = runs.filter(([a, b]) => b - a >= Math.max(2, minLineHeight / 3));
  const out: Rect[] = [];
  for (const [a, b] of runs) {
    const box = inkBox(m, { x0: X0, x1: X1, y0: Y0 + a, y1: Y0 + b }, 3);
    if (box) out.push(box);
  }
  return out;
}

/** Pieces of one text line separated by a gap of at least `minGap` blank columns. */
export function words(m: InkMask, line: Rect, minGap: number): Rect[] {
  const out: Rect[] = [];
  let start = -1, last = -1;
  for (let x = line.x0; x <= line.x1; x++) {
    let on = false;
    if (x < line.x1) for (let y = line.y0; y < line.y1 && !on; y++) on = m.ink[y * m.width + x] === 1;
    if (on) {
      if (start < 0) start = x;
      last = x;
    } else if (start >= 0 && (x - last > minGap || x >= line.x1)) {
      out.push({ x0: start, y0: line.y0, x1: last + 1, y1: line.y1 });
      start = -1;
    }
  }
  return out;
}

/**
 * A text line's box grown over what layout ink leaves out, so the recogniser sees whole
 * glyphs: small marks of the fine mask (points and commas right of and below it, the dot of
 * 良 above it, within ⅓ of its height) and, left and right, thin strokes a light scan left
 * too pale to binarise (the bars of 二) — grey darker than `faint` within ⅓ of its height of
 * the box. `top` is where the line above ends.
 */
export function growLine(m: Required<InkMask>, img: GrayImage, faint: number, l: Rect, cell: Rect, top: number): Rect {
  const e = Math.max(2, Math.round((l.y1 - l.y0) / 3));
  const fine = (x: number, y: number) => m.fine[y * m.width + x] === 1;
  let { x0, y0, x1, y1 } = l;
  for (let y = l.y0 - 1; y >= Math.max(cell.y0, top, l.y0 - e); y--) {
    for (let x = l.x0; x < l.x1; x++) if (fine(x, y)) { y0 = y; break; }
  }
  const below = Math.min(cell.y1, l.y1 + Math.ceil(e / 2));
  for (let y = y0; y < below; y++) {
    for (let x = l.x1; x < Math.min(cell.x1, l.x1 + e); x++) if (fine(x, y)) { x1 = Math.max(x1, x + 1); y1 = Math.max(y1, y + 1); }
  }
  for (let y = l.y1; y < below; y++) for (let x = l.x0; x < x1; x++) if (fine(x, y)) y1 = Math.max(y1, y + 1);
  // pale strokes: a column with a few dark-enough pixels, each next to another (noise is
  // single pixels); a column dark over most of the line is a ruling line's blur, not a stroke
  const dark = (x: number, y: number) => img.data[y * img.width + x]! <= faint;
  const pale = (x: number) => {
    let n = 0;
    for (let y = y0; y < y1; y++) {
      if (dark(x, y) && ((y > y0 && dark(x, y - 1)) || (y + 1 < y1 && dark(x, y + 1)) || dark(x - 1, y) || dark(x + 1, y))) n++;
    }
    return n > 0 && n <= 0.6 * (y1 - y0);
  };
  // the blur around every glyph is pale too: only a reach beyond it is a stroke
  const lo = Math.max(1, Math.ceil(cell.x0)), hi = Math.min(img.width - 1, Math.floor(cell.x1));
  const halo = Math.max(3, e / 2);
  let left = x0, right = x1;
  for (let x = x0 - 1; x >= lo && x >= left - e; x--) if (pale(x)) left = x;
  for (let x = x1; x < hi && x < right + e; x++) if (pale(x)) right = x + 1;
  return { x0: x0 - left > halo ? left : x0, y0, x1: right - x1 > halo ? right : x1, y1 };
}
