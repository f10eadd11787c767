// The forms' "not applicable" marks, a lone `—` or `/` in a cell, told by their shape: a
// recogniser reading one stroke without context guesses (一, _, 1, l, nothing) and is unsure.
import type { Rect } from './image.ts';
import type { InkMask } from './textlines.ts';

export type Mark = '—' | '/';

/** The mark the ink of `r` (a cell's ink box) draws, if it is one. */
export function markOf(m: InkMask, r: Rect, charH: number, dpi: number): Mark | null {
  if (isDash(m, r, charH, dpi)) return '—';
  if (isSlash(m, r, charH, dpi)) return '/';
  return null;
}

/** Nearly all the ink (a speck or two aside) in one flat band no wider than a short dash. */
function isDash(m: InkMask, r: Rect, charH: number, dpi: number): boolean {
  const rows: { y: number; n: number; x0: number; x1: number }[] = [];
  let total = 0;
  for (let y = r.y0; y < r.y1; y++) {
    let n = 0, x0 = Infinity, x1 = -1;
    for (let x = r.x0; x < r.x1; x++) if (m.ink[y * m.width + x]) { n++; x0 = Math.min(x0, x); x1 = Math.max(x1, x); }
    if (n) rows.push({ y, n, x0, x1 });
    total += n;
  }
  rows.sort((a, b) => b.n - a.n);
  let sum = 0, y0 = Infinity, y1 = -1, x0 = Infinity, x1 = -1;
  for (const row of rows) {
    if (sum >= total * 0.85) break;
    sum += row.n;
    y0 = Math.min(y0, row.y); y1 = Math.max(y1, row.y);
    x0 = Math.min(x0, row.x0); x1 = Math.max(x1, row.x1);
  }
  const h = y1 - y0 + 1, w = x1 - x0 + 1;
  return h <= charH * 0.6 && w >= 3 * h && w <= dpi * 0.4;
}

/**
 * One thin stroke of text height leaning right: every row holds a single short run, and the
 * runs' centres move left steadily going down. A `1` or `l` stands upright, a `7` or `V` has
 * rows with a long run or two runs.
 */
export function isSlash(m: InkMask, r: Rect, charH: number, dpi: number): boolean {
  const h = r.y1 - r.y0;
  if (h < charH || h > dpi * 0.3) return false;
  const maxRun = Math.max(3, h * 0.3);
  const ys: number[] = [], cs: number[] = [];
  for (let y = r.y0; y < r.y1; y++) {
    let runs = 0, a = -1, b = -1;
    for (let x = r.x0; x < r.x1; x++) {
      if (!m.ink[y * m.width + x]) continue;
      if (b !== x - 1) { runs++; a = x; }
      b = x;
    }
    if (runs === 0) continue;
    if (runs > 1 || b - a + 1 > maxRun) return false;
    ys.push(y); cs.push((a + b) / 2);
  }
  if (ys.length < h * 0.9) return false;
  // least-squares line through the run centres: it must lean, and the runs must sit on it
  const n = ys.length, my = ys.reduce((s, v) => s + v, 0) / n, mc = cs.reduce((s, v) => s + v, 0) / n;
  let sxy = 0, syy = 0;
  ys.forEach((y, i) => { sxy += (y - my) * (cs[i]! - mc); syy += (y - my) ** 2; });
  const slope = sxy / syy;
  if (slope > -0.15 || slope < -1) return false;
  return ys.every((y, i) => Math.abs(cs[i]! - (mc + slope * (y - my))) <= 1.5);
}
