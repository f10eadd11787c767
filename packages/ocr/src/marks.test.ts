import { describe, expect, it } from 'vitest';
import { markOf } from './marks.ts';
import { inkBox, type InkMask } from './textlines.ts';

/** An ink mask from rows of `#` (ink) and anything else (paper). */
const mask = (rows: string[]): InkMask => {
  const width = Math.max(...rows.map((r) => r.length));
  const ink = new Uint8Array(width * rows.length);
  rows.forEach((r, y) => [...r].forEach((ch, x) => { if (ch === '#') ink[y * width + x] = 1; }));
  return { width, height: rows.length, ink };
};

/** A stroke of 2-pixel runs, `lean` pixels to the left per row going down, `h` rows tall. */
const stroke = (h: number, lean: number, width = 20): string[] =>
  Array.from({ length: h }, (_, y) => {
    const x = Math.round(12 - y * lean);
    return ' '.repeat(x) + '##' + ' '.repeat(width - x - 2);
  });

// 200 dpi: a text line is at least 12 pixels (0.06 in) tall
const read = (rows: string[]) => {
  const m = mask(rows);
  return markOf(m, inkBox(m, { x0: 0, y0: 0, x1: m.width, y1: m.height }, 1)!, 12, 200);
};

describe('lone marks', () => {
  it('reads a thin stroke of text height leaning right as /', () => {
    expect(read(stroke(16, 0.3))).toBe('/');
    expect(read(stroke(24, 0.4))).toBe('/');
  });

  it('leaves upright strokes, strokes with a bar, and short ones to the recogniser', () => {
    expect(read(stroke(16, 0))).toBeNull(); // 1, l, |
    expect(read(['  ########          ', ...stroke(16, 0.3)])).toBeNull(); // 7
    expect(read(stroke(8, 0.3))).toBeNull(); // shorter than a line of text: a comma's tail, a speck
    // a curve: the centres do not lie on one line
    expect(read(Array.from({ length: 16 }, (_, y) => ' '.repeat(6 + Math.round(((y - 8) ** 2) / 10)) + '##'))).toBeNull();
  });

  it('reads a flat short stroke as the dash', () => {
    expect(read(['####################', '####################'])).toBe('—');
  });
});
