import { createCanvas } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { fromRgba } from './image.ts';
import { ocrPage } from './ocr.ts';
import { FakeEngine } from './testing.ts';

/** One ruled cell holding two lines of "text" (blobs 16 px tall), `first` and `second` px wide. */
const cellOfTwoLines = (first: number, second: number) => {
  const c = createCanvas(400, 200);
  const ctx = c.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, 400, 200);
  ctx.strokeStyle = '#000';
  ctx.lineWidth = 2;
  ctx.strokeRect(40, 40, 300, 100);
  ctx.fillStyle = '#000';
  ctx.fillRect(60, 60, first, 16);
  ctx.fillRect(60, 90, second, 16);
  return fromRgba(ctx.getImageData(0, 0, 400, 200).data, 400, 200);
};

describe('a cell read line by line', () => {
  it('takes a lone closing bracket for what closes the bracket the cell opened, however unsure the recogniser', async () => {
    const engine = new FakeEngine('paddle', [{ width: 60, text: '（元', confidence: 0.97 }, { width: 10, text: ')', confidence: 0.4 }]);
    const r = await ocrPage({ page: 1, image: cellOfTwoLines(60, 10), dpi: 200, unit: 1 }, engine);
    expect(r.cells.map((c) => [c.text, c.confidence])).toEqual([['（元）', 0.97]]);
    expect(r.warnings).toEqual([]);
  });

  it('still reports an unsure bracket that closes nothing', async () => {
    const engine = new FakeEngine('paddle', [{ width: 60, text: '合计', confidence: 0.97 }, { width: 10, text: ')', confidence: 0.4 }]);
    const r = await ocrPage({ page: 1, image: cellOfTwoLines(60, 10), dpi: 200, unit: 1 }, engine);
    expect(r.warnings.map((w) => [w.kind, w.text])).toEqual([['LOW_CONFIDENCE', '合计)']]);
  });
});
