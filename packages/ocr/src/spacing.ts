// What a recogniser drops between two Chinese characters and the print shows: a space, or
// a middle dot too small for it to see.
import type { Recognition } from './engine.ts';
import type { Rect } from './image.ts';
import { words, type InkMask } from './textlines.ts';

const HAN = /[\u3400-\u9fff]/;

/**
 * A blank stretch of at least a third of the line height between two Chinese characters is
 * a space in the print (`…公平 政策…`: two items in one cell, which reconstruct splits at the
 * last space), or, where a small mark sits in it at mid-height, a middle dot (`元/人·天`: the
 * dot is below the size layout ink keeps). Elsewhere gaps say nothing: punctuation and narrow
 * digits (`1`) leave wide blanks inside their own advance.
 */
export function withSpaces(r: Recognition, mask: InkMask, l: Rect): Recognition {
  if (!r.xs || r.xs.length !== r.text.length || r.text.length < 2) return r;
  const h = l.y1 - l.y0;
  const ws = words(mask, l, Math.max(2, Math.round(h / 3)));
  const gaps = ws.slice(1).map((w, k) => ({ at: w.x0 - l.x0, dot: mask.fine ? middleDot(mask.fine, mask.width, { x0: ws[k]!.x1, y0: l.y0, x1: w.x0, y1: l.y1 }) : false }));
  if (gaps.length === 0) return r;
  const chars = [...r.text];
  if (chars.length !== r.xs.length) return r;
  let out = '';
  let g = 0;
  chars.forEach((ch, i) => {
    const x = r.xs![i]!;
    let gap: (typeof gaps)[number] | undefined;
    while (g < gaps.length && gaps[g]!.at <= x) gap = gaps[g++];
    const prev = chars[i - 1];
    if (gap && i > 0 && HAN.test(prev!) && HAN.test(ch)) out += gap.dot ? '·' : ' ';
    out += ch;
  });
  return { ...r, text: out };
}

/** All the fine ink of `gap` in one small mark in its middle: a dot centred in its advance, not a speck of noise. */
function middleDot(fine: Uint8Array, width: number, gap: Rect): boolean {
  const h = gap.y1 - gap.y0;
  let x0 = Infinity, y0 = Infinity, x1 = -1, y1 = -1;
  for (let y = gap.y0; y < gap.y1; y++) {
    for (let x = gap.x0; x < gap.x1; x++) {
      if (!fine[y * width + x]) continue;
      x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
    }
  }
  if (x1 < 0) return false;
  const size = Math.max(x1 - x0, y1 - y0) + 1;
  const my = (y0 + y1 + 1) / 2 - gap.y0, mx = (x0 + x1 + 1) / 2 - gap.x0, w = gap.x1 - gap.x0;
  return size <= h / 4 && my >= h / 3 && my <= (2 * h) / 3 && mx >= w / 4 && mx <= (3 * w) / 4;
}
