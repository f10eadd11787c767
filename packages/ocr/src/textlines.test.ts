import { describe, expect, it } from 'vitest';
import { blank, type GrayImage } from './image.ts';
import { growLine, type InkMask } from './textlines.ts';

const W = 120, H = 40;
/** A page with a glyph (black, in both masks) at x 60–80, y 10–30, the line box `line`. */
const page = () => {
  const img = blank(W, H);
  const ink = new Uint8Array(W * H);
  for (let y = 10; y < 30; y++) for (let x = 60; x < 80; x++) { img.data[y * W + x] = 0; ink[y * W + x] = 1; }
  return { img, mask: { width: W, height: H, ink, fine: new Uint8Array(ink) } as Required<InkMask> };
};
const paint = (img: GrayImage, x0: number, x1: number, y0: number, y1: number, v: number) => {
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) img.data[y * img.width + x] = v;
};
const line = { x0: 60, y0: 10, x1: 80, y1: 30 };
const cell = { x0: 0, y0: 0, x1: W, y1: H };
const FAINT = 200;

describe('a text line grown over what layout ink leaves out', () => {
  it('takes in pale strokes left and right of it (the bars of 二 on a light scan)', () => {
    const { img, mask } = page();
    paint(img, 42, 57, 14, 16, 180);
    paint(img, 42, 57, 24, 26, 180);
    paint(img, 84, 92, 19, 21, 185);
    expect(growLine(mask, img, FAINT, line, cell, 0)).toEqual({ x0: 42, y0: 10, x1: 92, y1: 30 });
  });

  it('leaves out the blur around the glyph, pale grey paper, noise and a ruling line', () => {
    const { img, mask } = page();
    paint(img, 58, 60, 10, 30, 190); // blur hugging the glyph: no stroke of its own
    paint(img, 80, 82, 12, 28, 190);
    paint(img, 0, 50, 0, 40, 220); // paper darker than white, lighter than ink
    paint(img, 52, 53, 20, 21, 150); // a lone noisy pixel
    paint(img, 96, 98, 0, 40, 120); // a ruling line's blur down the whole cell
    expect(growLine(mask, img, FAINT, line, cell, 0)).toEqual(line);
  });

  it('takes in small marks of the fine mask: a dot above, a point right of and below the line', () => {
    const { img, mask } = page();
    for (const [x, y] of [[70, 5], [70, 6], [82, 29], [82, 31], [83, 31]] as const) mask.fine[y * W + x] = 1;
    expect(growLine(mask, img, FAINT, line, cell, 0)).toEqual({ x0: 60, y0: 5, x1: 84, y1: 32 });
    // …but not a mark above the line before it ends
    expect(growLine(mask, img, FAINT, line, cell, 8).y0).toBe(10);
  });
});
