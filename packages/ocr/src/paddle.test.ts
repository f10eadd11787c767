// Short crops of a page read in shared inputs (paddle-rec.ts) read as they do alone.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blank, type GrayImage } from './image.ts';
import { correctReading } from './lexicon.ts';
import { PaddleEngine } from './paddle.ts';
import { packGroups } from './paddle-rec.ts';
import { decodeImage } from './raster.ts';

const crop = async (name: string) => {
  const [page] = await decodeImage(readFileSync(new URL(`../../../fixtures/scans/${name}`, import.meta.url)));
  return page!.image;
};
const copy = (img: GrayImage): GrayImage => ({ ...img, data: new Uint8Array(img.data) });

describe('packGroups', () => {
  it('puts consecutive short crops together while they fit in 320 columns, a long one alone', () => {
    // 60 × 30 px with its 2 px margin scaled to 48 high: 91 columns; two and a 32-column gap
    // take 246 of 320, a third would end at 337. 300 × 30: 430 columns, more than an input.
    const s = () => blank(60, 30);
    const [a, b, c, long, d, e] = [s(), s(), s(), blank(300, 30), s(), s()];
    expect(packGroups([a!, b!, c!, long!, d!, e!])).toEqual([[a, b], [c], [long], [d, e]]);
  });
});

describe('paddle engine, crops prepared together', () => {
  let engine: PaddleEngine;
  beforeAll(async () => { engine = await PaddleEngine.create({ workers: 1 }); });
  afterAll(async () => { await engine?.close(); });

  it('reads figures that share an input as it reads each alone; a mark lower than a line of text alone', async () => {
    // scaled to 48 high: amount 242 columns (alone), score 72 (two and a gap: 176); the dash
    // is 6 px high, below the 12 px of a line of text at 200 dpi
    const [amount, score, dash] = await Promise.all(['cell-amount.png', 'cell-score.png', 'cell-dash.png'].map(crop)) as [GrayImage, GrayImage, GrayImage];
    const score2 = copy(score);
    expect(packGroups([amount, score, score2, dash], 12)).toEqual([[amount], [score, score2], [dash]]);
    engine.prepare([amount, score, score2, dash], { dpi: 200 });
    const read = (crops: GrayImage[]) => Promise.all(crops.map((c, i) => engine.recognize(c, { numeric: i < 3 })));
    const together = await read([amount, score, score2, dash]);
    const alone = await read([amount, score, score2, dash].map(copy));
    expect(together.map((r) => r.text)).toEqual(alone.map((r) => r.text));
    expect([...together.slice(0, 3).map((r) => r.text), correctReading(together[3]!.text).text]).toEqual(['27433741.7', '8.7', '8.7', '—']);
    // character positions in each crop's own pixels, not the shared input's
    for (const r of together.slice(1, 3)) {
      expect(r.xs!.length).toBe(3);
      for (const x of r.xs!) expect(x).toBeGreaterThanOrEqual(0);
      for (const x of r.xs!) expect(x).toBeLessThanOrEqual(score.width);
    }
  });
});
