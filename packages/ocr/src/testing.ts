// Test helpers: synthetic ruled tables drawn with @napi-rs/canvas (no fonts needed: "text"
// is drawn as solid blobs whose width a fake engine turns into a reading).
import { createCanvas } from '@napi-rs/canvas';
import type { EngineName, OcrEngine, Recognition, RecognizeOptions } from './engine.ts';
import { fromRgba, type GrayImage } from './image.ts';

export interface SyntheticCell {
  row: number;
  col: number;
  rowSpan?: number;
  colSpan?: number;
  /** Width in pixels of the blob of "text" drawn in the cell (0: empty cell). */
  blob?: number;
}

export interface SyntheticTable {
  /** Column widths and row heights in pixels. */
  cols: number[];
  rows: number[];
  cells: SyntheticCell[];
  /** Top-left corner of the table on the page. */
  x: number;
  y: number;
  page: { width: number; height: number };
  /** Turn the drawn page by this many degrees (scanner skew). */
  skew?: number;
  lineWidth?: number;
}

/** Draw the borders of each cell (so merged cells have no inner line) and its blob. */
export function drawTable(t: SyntheticTable): GrayImage {
  const c = createCanvas(t.page.width, t.page.height);
  const ctx = c.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, t.page.width, t.page.height);
  ctx.translate(t.page.width / 2, t.page.height / 2);
  ctx.rotate(((t.skew ?? 0) * Math.PI) / 180);
  ctx.translate(-t.page.width / 2, -t.page.height / 2);
  const xs = [t.x];
  for (const w of t.cols) xs.push(xs[xs.length - 1]! + w);
  const ys = [t.y];
  for (const h of t.rows) ys.push(ys[ys.length - 1]! + h);
  ctx.strokeStyle = '#000000';
  ctx.fillStyle = '#000000';
  ctx.lineWidth = t.lineWidth ?? 2;
  for (const cell of t.cells) {
    const x0 = xs[cell.col]!, x1 = xs[cell.col + (cell.colSpan ?? 1)]!;
    const y0 = ys[cell.row]!, y1 = ys[cell.row + (cell.rowSpan ?? 1)]!;
    ctx.strokeRect(x0, y0, x1 - x0, y1 - y0);
    if (cell.blob) {
      const h = 16;
      ctx.fillRect(x0 + 10, (y0 + y1) / 2 - h / 2, cell.blob, h);
    }
  }
  return fromRgba(ctx.getImageData(0, 0, t.page.width, t.page.height).data, t.page.width, t.page.height);
}

/** An engine that reads a crop by the width of its ink: `readings` maps widths (±6 px) to results. */
export class FakeEngine implements OcrEngine {
  readonly version = 'fake';
  readonly calls: { width: number; height: number; numeric: boolean }[] = [];
  constructor(
    readonly name: EngineName,
    private readonly readings: { width: number; text: string; confidence: number }[],
  ) {}

  async recognize(image: GrayImage, opts: RecognizeOptions = {}): Promise<Recognition> {
    // the width of the ink in the crop (the layout leaves a margin around it)
    let x0 = image.width, x1 = -1;
    for (let y = 0; y < image.height; y++) {
      for (let x = 0; x < image.width; x++) {
        if (image.data[y * image.width + x]! < 128) { x0 = Math.min(x0, x); x1 = Math.max(x1, x); }
      }
    }
    const width = Math.max(0, x1 - x0 + 1);
    this.calls.push({ width, height: image.height, numeric: opts.numeric === true });
    const r = this.readings.find((x) => Math.abs(x.width - width) <= 6);
    return r ? { text: r.text, confidence: r.confidence } : { text: '?', confidence: 0 };
  }

  async close(): Promise<void> {}
}
