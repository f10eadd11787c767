import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { textItems } from './page.ts';
import { PagePool } from './pool.ts';
import { glyphsOf, pathsOf, type Glyph } from './pdfium.ts';

// A 10 pt font, left to right on the baseline y = 100; each glyph advances 10 pt.
const at = (ch: string, x: number, more: Partial<Glyph> = {}): Glyph =>
  ({ ch, x, y: 100, ux: 1, uy: 0, size: 10, advance: 10, unmapped: false, font: 1, ...more });

describe('characters into runs (the rules of pdfjs’ text layer)', () => {
  it('joins touching glyphs, and glyphs up to 0.102 em apart, without a space', () => {
    const [run, ...rest] = textItems([at('项', 0), at('目', 10), at('名', 21)]);
    expect(rest).toEqual([]);
    expect(run!.str).toBe('项目名');
    expect(run!.width).toBe(31); // from the first origin to the end of the last glyph's advance: 21 + 10
    expect(run!.transform).toEqual([10, 0, -0, 10, 0, 100]);
  });

  it('reads a gap over 0.102 em and up to 0.6 em as one space, wider as a new run', () => {
    expect(textItems([at('a', 0), at('b', 13), at('c', 29)]).map((r) => r.str)).toEqual(['a b c']); // gaps 0.3 and 0.6 em
    expect(textItems([at('a', 0), at('b', 17)]).map((r) => r.str)).toEqual(['a', 'b']); // 0.7 em
  });

  it('does not keep white space as characters: the gap it leaves decides', () => {
    expect(textItems([at('a', 0), at(' ', 10), at('b', 13)]).map((r) => r.str)).toEqual(['a b']);
    expect(textItems([at('a', 0), at(' ', 10), at(' ', 20), at('b', 30)]).map((r) => r.str)).toEqual(['a', 'b']);
  });

  it('starts a new run at a change of font or size, a step back, or a baseline shift past a quarter em', () => {
    const strs = (gs: Glyph[]) => textItems(gs).map((r) => r.str);
    expect(strs([at('大', 0), at('气', 10, { font: 2 })])).toEqual(['大', '气']);
    expect(strs([at('1', 0), at('2', 10, { size: 12 })])).toEqual(['1', '2']);
    expect(strs([at('x', 0), at('y', 7)])).toEqual(['x', 'y']); // 0.3 em back
    expect(strs([at('x', 0), at('y', 10, { y: 97 })])).toEqual(['x', 'y']);
    expect(strs([at('x', 0), at('y', 10, { y: 98 })])).toEqual(['xy']);
  });

  it('marks a glyph without a Unicode mapping with U+FFFD', () => {
    expect(textItems([at('a', 0), at('\u0003', 10, { unmapped: true })])[0]!.str).toBe('a\ufffd');
  });
});

describe('a page as a worker hands it over (two flat buffers)', () => {
  it('reads back each glyph from its nine numbers', () => {
    const f = new Float64Array([0x5927, 72, 700, 1, 0, 12, 12, 0, 5, 0x41, 84, 700, 1, 0, 12, 6.5, 1, 5]);
    expect(glyphsOf(f)).toEqual([
      { ch: '大', x: 72, y: 700, ux: 1, uy: 0, size: 12, advance: 12, unmapped: false, font: 5 },
      { ch: 'A', x: 84, y: 700, ux: 1, uy: 0, size: 12, advance: 6.5, unmapped: true, font: 5 },
    ]);
  });

  it('reads back each path: flags, subpaths, and the points of each subpath', () => {
    // a stroked line of 2 points; a filled and stroked path of two subpaths (3 points, then 2)
    const f = new Float64Array([1, 1, 2, 0, 0, 10, 0, 3, 2, 3, 0, 0, 5, 0, 5, 5, 2, 1, 1, 2, 2]);
    expect(pathsOf(f)).toEqual([
      { polys: [[[0, 0], [10, 0]]], stroked: true, filled: false },
      { polys: [[[0, 0], [5, 0], [5, 5]], [[1, 1], [2, 2]]], stroked: true, filled: true },
    ]);
  });
});

describe('reading a PDF on the calling thread', () => {
  it('lets the event loop run between pages (timers of a queue worker keep firing)', async () => {
    const path = new URL('../../../../fixtures/pdf/001_ba783ae97283a765.pdf', import.meta.url);
    let fired = 0;
    const timer = setInterval(() => fired++, 0);
    const pages = await new PagePool({ size: 0 }).read(readFileSync(path), path.pathname);
    clearInterval(timer);
    expect(pages).toHaveLength(30);
    expect(fired).toBeGreaterThan(5); // synchronous reading would let it fire once at most, after the last page
  });
});
