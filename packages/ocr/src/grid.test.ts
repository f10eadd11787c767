import { describe, expect, it } from 'vitest';
import { detectTables, lineOptionsFor } from './grid.ts';
import { binarize, estimateSkew, rotate } from './image.ts';
import { ocrPage } from './ocr.ts';
import { createCanvas } from '@napi-rs/canvas';
import { fromRgba } from './image.ts';
import { drawTable, FakeEngine, type SyntheticTable } from './testing.ts';

// 4 columns × 3 rows; (0,0) spans two rows, (0,1) two columns, (2,1) three columns.
const TABLE: SyntheticTable = {
  cols: [120, 200, 100, 100],
  rows: [50, 50, 50],
  x: 60,
  y: 80,
  page: { width: 700, height: 320 },
  cells: [
    { row: 0, col: 0, rowSpan: 2, blob: 40 },
    { row: 0, col: 1, colSpan: 2, blob: 80 },
    { row: 0, col: 3, blob: 30 },
    { row: 1, col: 1, blob: 60 },
    { row: 1, col: 2 },
    { row: 1, col: 3, blob: 30 },
    { row: 2, col: 0 },
    { row: 2, col: 1, colSpan: 3, blob: 100 },
  ],
};

const spans = (cells: { row: number; col: number; rowSpan: number; colSpan: number }[]) =>
  cells.map((c) => `${c.row},${c.col} ${c.rowSpan}x${c.colSpan}`);

describe('ruling lines → grid', () => {
  it('finds the grid and its merged cells on a straight page', () => {
    const img = drawTable(TABLE);
    const tables = detectTables(binarize(img), img.width, img.height, lineOptionsFor(200));
    expect(tables).toHaveLength(1);
    const t = tables[0]!;
    expect(t.xs).toHaveLength(5);
    expect(t.ys).toHaveLength(4);
    t.xs.forEach((x, i) => expect(Math.abs(x - [60, 180, 380, 480, 580][i]!)).toBeLessThanOrEqual(2));
    expect(spans(t.cells)).toEqual(['0,0 2x1', '0,1 1x2', '0,3 1x1', '1,1 1x1', '1,2 1x1', '1,3 1x1', '2,0 1x1', '2,1 1x3']);
    // the cell's inside stays clear of the ruling lines
    const c = t.cells.find((x) => x.row === 2 && x.col === 1)!;
    expect(c.rect.x0).toBeGreaterThan(180);
    expect(c.rect.x1).toBeLessThan(580);
  });

  it('measures and undoes a small skew before finding the grid', () => {
    const img = drawTable({ ...TABLE, skew: 0.8 });
    const skew = estimateSkew(binarize(img), img.width, img.height);
    expect(skew).toBeGreaterThan(0.7);
    expect(skew).toBeLessThan(0.9);
    const straight = rotate(img, -skew);
    const t = detectTables(binarize(straight), straight.width, straight.height, lineOptionsFor(200));
    expect(t).toHaveLength(1);
    expect(spans(t[0]!.cells)).toHaveLength(8);
  });

  it('emits one TextLine per grid row with col = grid column, confidences and corrections', async () => {
    const engine = new FakeEngine('paddle', [
      { width: 40, text: '双血指标', confidence: 0.95 },
      { width: 80, text: '项目名称', confidence: 0.9 },
      { width: 30, text: '12.5', confidence: 0.97 },
      { width: 60, text: '看不清', confidence: 0.3 },
      { width: 100, text: '合计', confidence: 0.99 },
    ]);
    const r = await ocrPage({ page: 2, image: drawTable({ ...TABLE, skew: 0.6 }), dpi: 200, unit: 72 / 200 }, engine);
    expect(r.info.skewDegrees).toBeCloseTo(0.6, 0);
    expect(r.info.tables).toEqual([{ rows: 3, cols: 4, cells: 8, ruled: true }]);
    expect(r.lines.map((l) => l.cells.map((c) => c.text))).toEqual([
      ['效益指标', '项目名称', '', '12.5'],
      ['', '看不清', '', '12.5'],
      ['', '合计', '', ''],
    ]);
    expect(r.lines.every((l) => l.page === 2 && l.cells.every((c, i) => c.col === i))).toBe(true);
    // bbox in page units (points): the merged first cell lies inside the drawn table
    const bbox = r.lines[0]!.cells[0]!.bbox!;
    expect(bbox[0]).toBeGreaterThan(60 * 0.36 - 3);
    expect(bbox[3]).toBeLessThan(180 * 0.36 + 3);
    expect(r.lines[0]!.text).toBe('效益指标\t项目名称\t\t12.5');
    // the figure was read again with the numeric alphabet
    expect(engine.calls.some((c) => c.numeric)).toBe(true);
    const kinds = r.warnings.map((w) => `${w.kind} ${w.line}:${w.col} ${w.text}${w.from ? ` ← ${w.from}` : ''}`);
    expect(kinds).toEqual(['CORRECTED 1:0 效益指标 ← 双血指标', 'LOW_CONFIDENCE 2:1 看不清']);
    expect(r.cells.find((c) => c.text === '看不清')!.confidence).toBe(0.3);
  });
});

describe('tables without ruling lines', () => {
  it('falls back to columns aligned over consecutive lines', async () => {
    const c = createCanvas(700, 300);
    const ctx = c.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, 700, 300);
    ctx.fillStyle = '#000';
    // a title line, then three rows of three aligned "words" (blobs) far apart
    ctx.fillRect(250, 40, 200, 18);
    for (const y of [100, 140, 180]) {
      ctx.fillRect(60, y, 90, 16);
      ctx.fillRect(300, y, 50, 16);
      if (y !== 140) ctx.fillRect(500, y, 30, 16);
    }
    ctx.fillRect(500, 140, 34, 16);
    const image = fromRgba(ctx.getImageData(0, 0, 700, 300).data, 700, 300);
    const engine = new FakeEngine('paddle', [
      { width: 200, text: '项目支出绩效自评表', confidence: 0.99 },
      { width: 90, text: '指标名称', confidence: 0.99 },
      { width: 50, text: '100%', confidence: 0.99 },
      { width: 32, text: '5', confidence: 0.99 },
    ]);
    const r = await ocrPage({ page: 1, image, dpi: 200, unit: 1 }, engine);
    expect(r.info.tables).toEqual([{ rows: 3, cols: 3, cells: 9, ruled: false }]);
    expect(r.lines.map((l) => l.cells.map((x) => `${x.col}:${x.text}`))).toEqual([
      ['0:项目支出绩效自评表'],
      ['0:指标名称', '1:100%', '2:5'],
      ['0:指标名称', '1:100%', '2:5'],
      ['0:指标名称', '1:100%', '2:5'],
    ]);
  });
});

/** Ruling lines as drawn: horizontal [y, x0, x1] and vertical [x, y0, y1], 2 px wide. */
const rulings = (h: [number, number, number][], v: [number, number, number][]) => {
  const c = createCanvas(700, 320);
  const ctx = c.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, 700, 320);
  ctx.fillStyle = '#000';
  for (const [y, a, b] of h) ctx.fillRect(a, y - 1, b - a + 1, 2);
  for (const [x, a, b] of v) ctx.fillRect(x - 1, a, 2, b - a + 1);
  const img = fromRgba(ctx.getImageData(0, 0, 700, 320).data, 700, 320);
  return detectTables(binarize(img), img.width, img.height, lineOptionsFor(200));
};
const near = (xs: number[], want: number[]) => xs.length === want.length && xs.every((x, i) => Math.abs(x - want[i]!) <= 2);

describe('tables cut by a page break', () => {
  it('closes the last row where the column lines stop when the page cut off its bottom line', () => {
    const xs = [60, 180, 380, 580];
    const [t] = rulings([[80, 60, 580], [130, 60, 580]], xs.map((x) => [x, 80, 230]));
    expect(near(t!.ys, [80, 130, 230])).toBe(true);
    expect(t!.cut).toEqual({ top: false, bottom: true });
    expect(spans(t!.cells)).toEqual(['0,0 1x1', '0,1 1x1', '0,2 1x1', '1,0 1x1', '1,1 1x1', '1,2 1x1']);
  });

  it('opens the first row at the top of the next page, its column lines taken from stubs shorter than a ruling line', () => {
    // the borders run from the cut (y 70) down; 180 and 380 are 30 px stubs over a row that spans them
    const [t] = rulings([[100, 60, 580], [150, 60, 580]], [[60, 70, 150], [580, 70, 150], [180, 70, 100], [380, 70, 100], [480, 100, 150]]);
    expect(near(t!.ys, [70, 100, 150])).toBe(true);
    expect(near(t!.xs, [60, 180, 380, 480, 580])).toBe(true);
    expect(t!.cut).toEqual({ top: true, bottom: false });
    expect(spans(t!.cells)).toEqual(['0,0 1x1', '0,1 1x1', '0,2 1x2', '1,0 1x3', '1,3 1x1']);
  });

  it('leaves a closed table alone, also where its column lines overshoot a little', () => {
    const xs = [60, 180, 380, 580];
    const [t] = rulings([[80, 60, 580], [130, 60, 580], [180, 60, 580]], xs.map((x) => [x, 74, 188]));
    expect(near(t!.ys, [80, 130, 180])).toBe(true);
    expect(t!.cut).toBeUndefined();
  });
});
