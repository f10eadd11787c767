// A document's layout stored with its extraction and read back, on both engines: the values
// checked are the ones written by hand below, not ones read from the store.
import type { Extraction, LayoutTable, SourceDocument } from '@ziping/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { completeDocument, recordUpload } from './documents.ts';
import { documentLayout, documentLayoutHead, layoutParts } from './layout.ts';
import { migrate } from './migrate.ts';
import { saveExtraction } from './save.ts';
import { ENGINES, useOpenDb } from './testing.ts';

const merged = { row: 0, col: 0, rowSpan: 2, colSpan: 1, text: '产出指标', raw: '产出\n指标', prov: { page: 2, line: 7, lineEnd: 8, bbox: [40.5, 100, 90.25, 140] } };
const cited = { row: 1, col: 2, rowSpan: 1, colSpan: 2, text: '≥95%', raw: '＞=95％', prov: { page: 2, line: 8, bbox: [200, 120, 310.5, 140] } };
const table: LayoutTable = {
  kind: 'table', rows: 2, cols: 4, prov: { page: 2, line: 7, lineEnd: 8, bbox: [40, 100, 311, 140] },
  cells: [merged, { row: 0, col: 1, rowSpan: 1, colSpan: 3, text: '数量指标', raw: '数量指标', prov: { page: 2, line: 7 } }, cited],
} as LayoutTable;

const scan = (sha256: string): SourceDocument => ({
  name: 'scan.pdf', path: '/srv/ziping/files/secret-dir/scan.pdf', mediaType: 'application/pdf', sha256, bytes: 999, pageCount: 2,
  pageSizes: [{ page: 1, width: 594.96, height: 841.92 }, { page: 2, width: 841.92, height: 594.96 }],
  lines: [
    { page: 1, line: 1, text: '项目支出绩效自评表', cells: [{ text: '项目支出绩效自评表', col: 0, bbox: [10, 10, 200, 30] }] },
    { page: 2, line: 7, text: '产出指标\t数量指标', cells: [{ text: '产出指标', col: 0, bbox: [40.5, 100, 90.25, 140] }, { text: '数量指标', col: 1 }] },
    { page: 2, line: 8, text: '\t≥95%', cells: [{ text: '', col: 1 }, { text: '≥95%', col: 2, bbox: [200, 120, 310.5, 140] }] },
  ],
  blocks: [{ kind: 'paragraph', text: '项目支出绩效自评表', raw: '项目支出绩效自评表', prov: { page: 1, line: 1 } }, table],
  unreadablePages: [],
  ocr: {
    engine: 'paddle', version: '3.0', pages: [2],
    notes: [{ rule: 'PARSE', kind: 'LOW_CONFIDENCE', page: 2, line: 8, col: 2, bbox: [200, 120, 310.5, 140], text: '≥95%', confidence: 0.41, message: 'low' }],
    readings: [{ page: 2, line: 7, col: 0, confidence: 0.98 }, { page: 2, line: 8, col: 2, confidence: 0.41 }],
  },
});
const none: Extraction = { source: 'scan.pdf', forms: [], tables: [], anomalies: [] };

describe.each(ENGINES)('document layouts on %s', (engine) => {
  const h = useOpenDb(engine);
  beforeAll(() => migrate(h.db));

  it('stores the layout with the extraction and reads the same layout back', async () => {
    const { status, documentId } = await saveExtraction(h.db, scan('a'.repeat(64)), none);
    expect(status).toBe('stored');
    const got = await documentLayout(h.db, documentId);
    if (got.status !== 'stored') throw new Error(`no layout: ${got.status}`);
    const l = got.layout;
    expect(l.format).toBe('layout/v1');
    expect(l.pageCount).toBe(2);
    expect(l.pageSizes).toEqual([{ page: 1, width: 594.96, height: 841.92 }, { page: 2, width: 841.92, height: 594.96 }]);
    // the file's identity stays on the documents row; its path is in no layout
    expect(l).not.toHaveProperty('path');
    expect(JSON.stringify(l)).not.toContain('secret-dir');
    const t = l.blocks[1] as LayoutTable;
    expect(t.cells.find((c) => c.row === 1 && c.col === 2)).toEqual({
      row: 1, col: 2, rowSpan: 1, colSpan: 2, text: '≥95%', raw: '＞=95％', prov: { page: 2, line: 8, bbox: [200, 120, 310.5, 140] },
    });
    expect(t.cells[0]).toMatchObject({ rowSpan: 2, raw: '产出\n指标', prov: { lineEnd: 8, bbox: [40.5, 100, 90.25, 140] } });
    expect(l.lines[1]!.cells[0]!.bbox).toEqual([40.5, 100, 90.25, 140]);
    expect(l.lines[2]!.text).toBe('\t≥95%');
    expect(l.ocr!.readings).toEqual([{ page: 2, line: 7, col: 0, confidence: 0.98 }, { page: 2, line: 8, col: 2, confidence: 0.41 }]);
    expect(l.ocr!.notes[0]!.confidence).toBe(0.41);
    const [row] = await h.db.query<{ format: string; gz: boolean }>(
      `SELECT format, substring(layout from 1 for 2) = '\\x1f8b'::bytea AS gz FROM document_layouts WHERE document_id = $1`, [documentId]);
    expect(row).toEqual({ format: 'layout/v1', gz: true }); // gzip's magic number
  });

  it('stores the layout of a document stored before layouts were kept when its bytes come again, and only then', async () => {
    const { documentId } = await saveExtraction(h.db, scan('b'.repeat(64)), none);
    await h.db.query('DELETE FROM document_layouts WHERE document_id = $1', [documentId]);
    expect(await documentLayout(h.db, documentId)).toEqual({ status: 'missing' });
    const again = await saveExtraction(h.db, scan('b'.repeat(64)), none);
    expect(again).toEqual({ status: 'duplicate', documentId });
    expect((await documentLayout(h.db, documentId)).status).toBe('stored');
  });

  it('stores the layout when a worker completes an uploaded document, and drops it with the document', async () => {
    const up = await recordUpload(h.db, { name: 'scan.pdf', path: '/files/c', sha256: 'c'.repeat(64), mediaType: 'application/pdf', bytes: 999 });
    const id = up.document.id;
    expect(await documentLayout(h.db, id)).toEqual({ status: 'missing' });
    expect(await completeDocument(h.db, id, scan('c'.repeat(64)), none)).toBe(true);
    const got = await documentLayout(h.db, id);
    expect(got.status === 'stored' && (got.layout.blocks[1] as LayoutTable).cells[0]!.text).toBe('产出指标');
    await h.db.query('DELETE FROM documents WHERE id = $1', [id]);
    expect(await h.db.query('SELECT 1 FROM document_layouts WHERE document_id = $1', [id])).toEqual([]);
  });

  it('stores a long document in parts, reads it back whole and a part alone', async () => {
    // 2,500 lines; a table whose row r is printed on line r + 1, its first cell spanning rows 0–1999
    const n = 2500;
    const lines = Array.from({ length: n }, (_, i) => ({ page: 1 + Math.floor(i / 50), line: i + 1, text: `第${i + 1}行`, cells: [{ text: `第${i + 1}行`, col: 0 }] }));
    const cells = [
      { row: 0, col: 0, rowSpan: 2000, colSpan: 1, text: '合并', raw: '合并', prov: { page: 1, line: 1, ref: 'A1' } },
      ...Array.from({ length: n - 1 }, (_, r) => ({ row: r, col: 1, rowSpan: 1, colSpan: 1, text: `v${r}`, raw: `v${r}`, prov: { page: 1, line: r + 1, ref: `B${r + 1}` } })),
    ];
    const long: SourceDocument = {
      ...scan('e'.repeat(64)), pageCount: 50, lines, ocr: undefined,
      blocks: [{ kind: 'table', rows: n - 1, cols: 2, cells, prov: { page: 1, line: 1, lineEnd: n - 1 } }, { kind: 'paragraph', text: '完', raw: '完', prov: { page: 50, line: n } }],
    };
    const { documentId } = await saveExtraction(h.db, long, none);
    const [{ parts }] = await h.db.query<{ parts: number }>('SELECT count(*) AS parts FROM document_layout_parts WHERE document_id = $1', [documentId]);
    expect(parts).toBe(10); // 250 lines a part
    const whole = await documentLayout(h.db, documentId);
    expect(whole).toEqual({ status: 'stored', layout: { format: 'layout/v1', pageCount: 50, pageSizes: long.pageSizes, lines, blocks: long.blocks, unreadablePages: [] } });
    const head = await documentLayoutHead(h.db, documentId);
    if (head.status !== 'stored') throw new Error(head.status);
    // the merged cell's rows in the first part; rows 250–499 on lines 251–500; the last rows in the last
    const index = head.head.parts.map((p) => [p.first, p.last, p.rows]);
    expect(head.head.parts[0]!.reach).toBe(250); // the merged cell is printed on line 1 alone
    expect([index[0], index[1], index[9]]).toEqual([[1, 250, [[0, 0, 1999]]], [251, 500, [[0, 250, 499]]], [2251, 2500, [[0, 2250, 2498]]]]);
    const mid = await layoutParts(h.db, documentId, head.head, [4]);
    expect(mid.lines.map((l) => l.line)).toEqual(Array.from({ length: 250 }, (_, i) => 1001 + i));
    const t = mid.blocks[0] as LayoutTable;
    expect(t.rows).toBe(n - 1);
    expect(t.cells.map((c) => c.text)).toEqual(Array.from({ length: 250 }, (_, i) => `v${1000 + i}`));
    expect(mid.blocks[1]).toEqual(long.blocks[1]);
  });

  it('names a layout in a shape it does not read', async () => {
    const { documentId } = await saveExtraction(h.db, scan('d'.repeat(64)), none);
    await h.db.query(`UPDATE document_layouts SET format = 'layout/v0' WHERE document_id = $1`, [documentId]);
    expect(await documentLayout(h.db, documentId)).toEqual({ status: 'unknown-format', format: 'layout/v0' });
  });
});
