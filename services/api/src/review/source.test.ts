// The source view answers from the layout stored with a document, never from its file: a scan
// (PNG, read by OCR at upload) and a text dump uploaded through the API (inline, the worker's
// code path), then their files deleted — the source is still there, and no answer names a
// server path. On a fresh Postgres database of this file's own.
import { readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeOcr } from '@ziping/ingest';
import type { LayoutCell, LayoutTable, SourceDocument } from '@ziping/core';
import { documentLayout, getDocument, migrate, saveExtraction, saveFailure, type DocumentRow } from '@ziping/store';
import { useOpenDb } from '@ziping/store/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, postFiles, useServedApi } from '../testing.ts';
import { readSource, type SourceLine } from './source.ts';
import { tablesView } from './tables.ts';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const TOKEN = 'source-token-0123456789';

describe('the source view reads the stored layout', () => {
  const h = useServedApi({ host: '127.0.0.1', port: 0, token: TOKEN, maxFileBytes: 4 << 20, maxFiles: 4, publicReads: true }, 'ziping-source-');
  let scan: number;
  let text: number;

  beforeAll(async () => {
    const res = await postFiles(h.base, [
      { name: 'scan.png', bytes: await readFile(join(ROOT, 'fixtures/corpus/png/d02_luzhou_scjg_2023.png')), type: 'image/png' },
      { name: 'seed.txt', bytes: await readFile(join(ROOT, 'fixtures/seeds/000_ca0dcd0154b0e201.txt')) },
    ], TOKEN);
    expect(res.body.documents).toMatchObject([{ status: 'done' }, { status: 'done' }]);
    [scan, text] = res.body.documents.map((d: { id: number }) => d.id);
    // the uploaded bytes are gone: nothing below can have read them
    expect(await readdir(h.filesDir)).toHaveLength(2);
    await rm(h.filesDir, { recursive: true, force: true });
  });
  afterAll(() => closeOcr());

  it('gives a scan\'s OCR\'d lines with their boxes after its file is deleted', async () => {
    const { status, body } = await getJson(h.base, `/documents/${scan}/source?from=4&to=4`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ available: true, media_type: 'image/png', pages: 1, tables: [] });
    expect(body.lines).toHaveLength(1);
    const [l] = body.lines as SourceLine[];
    // the form's 主管部门 row, as the image prints it (the department as in fixtures/corpus/gold/d02_…json)
    expect(l!.text.split('\t').filter(Boolean).slice(0, 2)).toEqual(['主管部门', '鹭洲市市场监督管理局']);
    expect(l!.bbox).toHaveLength(4);
    expect(l!.bbox![0]).toBeLessThan(l!.bbox![2]);
    expect((await getJson(h.base, `/documents/${scan}/file`)).status).toBe(404);
    // the stored layout keeps the page's size, in the points of the boxes: every box lies on the page
    const stored = await documentLayout(h.db, scan);
    if (stored.status !== 'stored') throw new Error(stored.status);
    const [size] = stored.layout.pageSizes!;
    const boxes = stored.layout.lines.flatMap((x) => x.cells.flatMap((c) => (c.bbox ? [c.bbox] : [])));
    expect(boxes.length).toBeGreaterThan(20);
    for (const b of boxes) expect(b[2] <= size!.width && b[3] <= size!.height).toBe(true);
    expect(stored.layout.ocr!.readings!.length).toBeGreaterThan(20);
  });

  it('gives a text dump\'s lines after its file is deleted', async () => {
    const seed = (await readFile(join(ROOT, 'fixtures/seeds/000_ca0dcd0154b0e201.txt'), 'utf8')).split(/\r?\n/);
    const { body } = await getJson(h.base, `/documents/${text}/source?from=1&to=3`);
    expect(body.available).toBe(true);
    expect(body.lines.map((l: SourceLine) => [l.line, l.bbox])).toEqual([[1, null], [2, null], [3, null]]);
    expect(body.lines[0].text).toBe(seed[0]!.trim());
  });

  it('says to ingest again for a document stored before sources were kept, naming no path', async () => {
    const up = await postFiles(h.base, [{ name: 'old.txt', bytes: await readFile(join(ROOT, 'fixtures/seeds/001_ba783ae97283a765.txt')) }], TOKEN);
    const old: number = up.body.documents[0].id;
    await h.db.query('DELETE FROM document_layouts WHERE document_id = $1', [old]);
    const { body } = await getJson(h.base, `/documents/${old}/source`);
    expect(body).toMatchObject({ available: false, lines: [], tables: [] });
    expect(body.reason).toMatch(/stored before .* ingest its file again/);
    expect(body.reason).not.toContain(h.filesDir);
  });

  it('names no server path in any answer', async () => {
    const failed = await saveFailure(h.db, { name: 'gone.txt', path: '/srv/secret/in/gone.txt', sha256: null, bytes: null },
      { code: 'NOT_FOUND', message: '/srv/secret/in/gone.txt: no such file' });
    const d = (await getJson(h.base, `/documents/${failed.documentId}`)).body;
    expect(d.error).toEqual({ code: 'NOT_FOUND', message: 'gone.txt: no such file' });
    const urls = [
      '/documents', `/documents/${scan}`, `/documents/${scan}/source`, `/documents/${text}/source`, `/documents/${text}/reconstruction`,
      `/documents/${text}/anomalies`, `/documents/${failed.documentId}/source`, '/anomalies',
    ];
    for (const u of urls) {
      const body = JSON.stringify((await getJson(h.base, u)).body);
      expect(body, u).not.toContain(h.filesDir);
      expect(body, u).not.toContain('/srv/secret');
    }
  });
});

describe('the source view of a long document reads the parts a window needs', () => {
  const h = useOpenDb('postgres');
  // 2,500 lines: a sheet whose row r is line r + 1, its first column one cell merged over rows 0–1999, then a CSV-like table
  const n = 2500;
  const cell = (row: number, col: number, text: string, ref: string, rowSpan = 1): LayoutCell =>
    ({ row, col, rowSpan, colSpan: 1, text, raw: text, prov: { page: 1, line: row + 1, ref } });
  const sheet: LayoutTable = {
    kind: 'table', rows: n - 2, cols: 2, prov: { page: 1, line: 1, lineEnd: n - 2 },
    cells: [cell(0, 0, '合并', '表!A1', 2000), ...Array.from({ length: n - 2 }, (_, r) => cell(r, 1, `v${r}`, `表!B${r + 1}`))],
  };
  // a cell printed over lines 2245–2255, across the boundary of two parts (250 lines each)
  const tall: LayoutTable = { kind: 'table', rows: 1, cols: 1, prov: { page: 1, line: 2245, lineEnd: 2255 }, cells: [{ ...cell(0, 0, '高', 't9 r1 c1'), prov: { page: 1, line: 2245, lineEnd: 2255, ref: 't9 r1 c1' } }] };
  const tail: LayoutTable = { kind: 'table', rows: 1, cols: 1, prov: { page: 1, line: n }, cells: [{ ...cell(0, 0, '尾', 'A1'), prov: { page: 1, line: n, ref: 'A1' } }] };
  const doc: SourceDocument = {
    name: 'long.xlsx', path: '/srv/in/long.xlsx', mediaType: 'text/plain', sha256: 'f'.repeat(64), bytes: 1, pageCount: 1,
    lines: Array.from({ length: n }, (_, i) => ({ page: 1, line: i + 1, text: `第${i + 1}行`, cells: [{ text: `第${i + 1}行`, col: 0 }] })),
    blocks: [sheet, tall, { kind: 'paragraph', text: '注', raw: '注', prov: { page: 1, line: n - 1 } }, tail],
  };
  let row: DocumentRow;
  beforeAll(async () => {
    await migrate(h.db);
    const { documentId } = await saveExtraction(h.db, doc, { source: 'long.xlsx', forms: [], tables: [], anomalies: [] });
    row = (await getDocument(h.db, documentId))!;
  });

  it.each([
    ['a line in the middle part', { from: 1500, to: 1500, context: 3 }],
    ['lines across a part boundary', { from: 998, to: 1003, context: 5 }],
    ['context rows reaching into the next part', { from: 1990, to: 1990, context: 30 }],
    ['a whole table from a line of it', { from: 1200, to: 1200, context: Infinity }],
    ['the last line', { from: n, to: n, context: 2 }],
    ['a line of a cell printed over a part boundary', { from: 2253, to: 2253, context: 0 }],
  ])('%s: the same lines and tables as from the whole layout', async (_what, w) => {
    const s = await readSource(h.db, row, w);
    if (!s.available) throw new Error(s.reason);
    expect(s.lines.map((l) => l.line)).toEqual(doc.lines.filter((l) => l.line >= w.from && l.line <= w.to).map((l) => l.line));
    expect(tablesView(s.tables, w)).toEqual(tablesView([sheet, tall, tail], w));
  });

  it('reads only the part of a window far from the merged cell', async () => {
    const s = await readSource(h.db, row, { from: 2400, to: 2400, context: 3 });
    if (!s.available) throw new Error(s.reason);
    const lines = s.tables[0]!.cells.map((c) => c.prov.line);
    expect(Math.min(...lines)).toBe(2251); // the last part's cells only: lines 2251–2498 of the sheet
    expect(lines).toHaveLength(248);
  });

  it('keeps the merged cell over rows 0–1999 in a window of row 1500, its span clipped', async () => {
    const s = await readSource(h.db, row, { from: 1501, to: 1501, context: 0 });
    if (!s.available) throw new Error(s.reason);
    const [t] = tablesView(s.tables, { from: 1501, to: 1501, context: 0 }).tables;
    expect(t!.rows).toEqual([{ row: 1500, n: 1501, cells: [{ col: 0, text: '合并', rowSpan: 1, colSpan: 1, ref: '表!A1' }, { col: 1, text: 'v1500', rowSpan: 1, colSpan: 1, ref: '表!B1501' }] }]);
  });
});
