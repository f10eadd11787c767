// Image inputs and PDF pages become grey page images with a resolution and a unit.
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { encodeGray, imagePdf } from './codec.ts';
import { ocrPage } from './ocr.ts';
import { decodeImage, rasterizePdf } from './raster.ts';
import { drawTable, FakeEngine } from './testing.ts';

const png = readFileSync(new URL('../../../fixtures/scans/cell-label.png', import.meta.url));

/** Before pdfjs is loaded (raster.ts loads it at the first PDF). */
const NATIVE_PUSH = Array.prototype.push;

describe('image inputs', () => {
  it('decodes PNG, JPEG and TIFF to the same grey page', async () => {
    const [p] = await decodeImage(png);
    expect(p!.image.width).toBe(151);
    // no resolution recorded: guessed as an A4-wide scan would give, clamped to 200 dpi
    expect(p!.dpi).toBe(200);
    expect(p!.unit).toBeCloseTo(72 / 200);
    const jpeg = await decodeImage(await sharp(png).jpeg({ quality: 95 }).toBuffer());
    const tiff = await decodeImage(await sharp(png).tiff().toBuffer());
    for (const [q] of [jpeg, tiff]) {
      expect([q!.image.width, q!.image.height]).toEqual([p!.image.width, p!.image.height]);
      let diff = 0;
      for (let i = 0; i < p!.image.data.length; i++) diff += Math.abs(p!.image.data[i]! - q!.image.data[i]!);
      expect(diff / p!.image.data.length).toBeLessThan(12); // JPEG loses some of the scan noise
    }
  });

  it('takes the resolution a file records', async () => {
    const [p] = await decodeImage(await sharp(png).withMetadata({ density: 300 }).png().toBuffer());
    expect(p!.dpi).toBe(300);
    expect(p!.unit).toBeCloseTo(72 / 300);
  });
});

describe('image-only PDF pages', () => {
  it('renders a scanned page and maps cell boxes to PDF points', async () => {
    const table = drawTable({
      cols: [150, 150], rows: [60, 60], x: 40, y: 40, page: { width: 420, height: 220 },
      cells: [{ row: 0, col: 0, blob: 50 }, { row: 0, col: 1 }, { row: 1, col: 0 }, { row: 1, col: 1, blob: 50 }],
    });
    // 420 × 220 px at 200 dpi = 151.2 × 79.2 pt
    const pdf = imagePdf([{ jpeg: await encodeGray(table, 'jpeg', 90), width: 420, height: 220, wPt: 151.2, hPt: 79.2 }]);
    const [page] = await rasterizePdf(new Uint8Array(pdf), { dpi: 200 });
    expect(page!.image.width).toBe(420);
    expect(page!.unit).toBeCloseTo(0.36);
    const r = await ocrPage(page!, new FakeEngine('paddle', [{ width: 50, text: '5', confidence: 0.99 }]));
    expect(r.lines.map((l) => l.cells.map((c) => c.text))).toEqual([['5', ''], ['', '5']]);
    const [x0, y0] = r.lines[1]!.cells[1]!.bbox!;
    expect(x0).toBeGreaterThan(190 * 0.36);
    expect(y0).toBeGreaterThan(100 * 0.36);
    expect(r.warnings).toEqual([]);
  });

  it('reads the committed scan fixture as an image-only PDF, and leaves Array.prototype.push as it was', async () => {
    const scan = new Uint8Array(readFileSync(new URL('../../../fixtures/scans/000_ca0dcd0154b0e201.pdf', import.meta.url)));
    const [page] = await rasterizePdf(scan, { dpi: 50, pages: [1] });
    expect(page!.page).toBe(1);
    // A4 at 50 dpi
    expect(Math.abs(page!.image.width - 413)).toBeLessThanOrEqual(1);
    expect(Math.abs(page!.image.height - 585)).toBeLessThanOrEqual(1);
    expect(Array.prototype.push).toBe(NATIVE_PUSH); // pdfjs's legacy build replaces it; the renderer puts it back
  });
});

describe('text-layer pages and OCR pages in one document', () => {
  it('keeps page order, numbers lines through the document and moves the warnings along', async () => {
    const { mergeOcr } = await import('./document.ts');
    const line = (page: number, n: number, text: string) => ({ page, line: n, text, cells: [{ text, col: 0 }] });
    const merged = mergeOcr([line(1, 1, 'a'), line(1, 2, 'b'), line(2, 3, '\uFFFD'), line(3, 4, 'd')], {
      lines: [line(2, 1, 'scan 1'), line(2, 2, 'scan 2')],
      blocks: [],
      cells: [],
      warnings: [{ rule: 'PARSE', kind: 'LOW_CONFIDENCE', page: 2, line: 2, col: 0, bbox: [0, 0, 1, 1], text: 'scan 2', confidence: 0.2, message: 'm' }],
      pages: [{ page: 2, width: 1, height: 1, dpi: 200, skewDegrees: 0, tables: [] }],
      engine: { name: 'paddle', version: 'v' },
    });
    expect(merged.lines.map((l) => `${l.page}:${l.line} ${l.text}`)).toEqual(['1:1 a', '1:2 b', '2:3 scan 1', '2:4 scan 2', '3:5 d']);
    expect(merged.warnings[0]!.line).toBe(4);
  });
});
