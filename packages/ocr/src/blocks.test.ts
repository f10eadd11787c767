// OCR'd pages as layout blocks: a ruled table's merged cells once with their grid spans,
// provenance in the page's lines, and the blocks of text-layer and OCR'd pages merged in order.
import { describe, expect, it } from 'vitest';
import type { LayoutBlock, LayoutTable } from '@ziping/core';
import { mergeOcr, type OcrDocument } from './document.ts';
import { ocrPage } from './ocr.ts';
import { drawTable, FakeEngine, type SyntheticTable } from './testing.ts';

// 4 columns × 3 rows; (0,0) spans two rows, (0,1) two columns, (2,1) three columns; (1,2) and (2,0) empty
const TABLE: SyntheticTable = {
  cols: [120, 200, 100, 100], rows: [50, 50, 50], x: 60, y: 80, page: { width: 700, height: 320 },
  cells: [
    { row: 0, col: 0, rowSpan: 2, blob: 40 }, { row: 0, col: 1, colSpan: 2, blob: 80 }, { row: 0, col: 3, blob: 30 },
    { row: 1, col: 1, blob: 60 }, { row: 1, col: 2 }, { row: 1, col: 3, blob: 30 },
    { row: 2, col: 0 }, { row: 2, col: 1, colSpan: 3, blob: 100 },
  ],
};

describe('OCR blocks', () => {
  it('gives a ruled table once, merged cells with their spans and boxes, normalised text with the reading kept', async () => {
    const engine = new FakeEngine('paddle', [
      { width: 40, text: '一级指标', confidence: 0.95 }, { width: 80, text: '项目名称', confidence: 0.9 },
      { width: 30, text: '１２．５', confidence: 0.97 }, { width: 60, text: '看不清', confidence: 0.3 }, { width: 100, text: '合计', confidence: 0.99 },
    ]);
    const r = await ocrPage({ page: 2, image: drawTable(TABLE), dpi: 200, unit: 72 / 200 }, engine);
    expect(r.blocks).toHaveLength(1);
    const t = r.blocks[0] as LayoutTable;
    expect(t).toMatchObject({ kind: 'table', rows: 3, cols: 4, prov: { page: 2, line: 1, lineEnd: 3 } });
    expect(t.cells.map((c) => `${c.row},${c.col} ${c.rowSpan}x${c.colSpan} ${c.text}`)).toEqual([
      '0,0 2x1 一级指标', '0,1 1x2 项目名称', '0,3 1x1 12.5', '1,1 1x1 看不清', '1,3 1x1 12.5', '2,1 1x3 合计',
    ]);
    const merged = t.cells[0]!;
    expect(merged.prov).toMatchObject({ page: 2, line: 1, lineEnd: 2 });
    expect(merged.prov.bbox![3] - merged.prov.bbox![1]).toBeGreaterThan(90 * 0.36); // two rows high, in points
    expect(t.cells[2]!.raw).toBe('１２．５');
    expect(r.lines[0]!.cells[3]!.text).toBe('12.5'); // lines are normalised too
  });

  it('merges the blocks of text-layer pages and OCR pages in page order, provenance renumbered with the lines', () => {
    const line = (page: number, n: number, text: string) => ({ page, line: n, text, cells: [{ text, col: 0 }] });
    const para = (page: number, n: number, text: string): LayoutBlock => ({ kind: 'paragraph', text, raw: text, prov: { page, line: n } });
    const scanned: LayoutTable = { kind: 'table', rows: 2, cols: 1, prov: { page: 2, line: 1, lineEnd: 2 }, cells: [{ row: 0, col: 0, rowSpan: 2, colSpan: 1, text: 's', raw: 's', prov: { page: 2, line: 1, lineEnd: 2 } }] };
    const ocr: OcrDocument = {
      lines: [line(2, 1, 's'), line(2, 2, '')], blocks: [scanned], cells: [], warnings: [],
      pages: [{ page: 2, width: 1, height: 1, dpi: 200, skewDegrees: 0, tables: [] }], engine: { name: 'paddle', version: 'v' },
    };
    const merged = mergeOcr([line(1, 1, 'a'), line(2, 2, 'junk'), line(3, 3, 'c')], ocr, [para(1, 1, 'a'), para(2, 2, 'junk'), para(3, 3, 'c')]);
    expect(merged.lines.map((l) => `${l.page}:${l.line} ${l.text}`)).toEqual(['1:1 a', '2:2 s', '2:3 ', '3:4 c']);
    expect(merged.blocks.map((b) => `${b.kind} ${b.prov.page}:${b.prov.line}-${b.prov.lineEnd ?? ''}`)).toEqual(['paragraph 1:1-', 'table 2:2-3', 'paragraph 3:4-']);
    expect((merged.blocks[1] as LayoutTable).cells[0]!.prov).toEqual({ page: 2, line: 2, lineEnd: 3 });
  });
});
