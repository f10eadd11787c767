// Office and web sources end to end over HTTP, on a fresh Postgres database of this file's
// own: an XLSX, a CSV, a DOCX and an HTML page uploaded (inline, no queue), their anomalies'
// evidence carrying the cell it was read from, and the source endpoint sending the table that
// holds that cell — what the review page draws.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { getJson, postFiles, useServedApi } from '../testing.ts';
import type { SourceCell, SourceTable } from './tables.ts';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const TOKEN = 'office-token-0123456789';
const FILES = {
  xlsx: 'xlsx/d01_fenglin_slj_2022.xlsx', csv: 'csv/d01_fenglin_slj_2022.csv',
  docx: 'docx/d02_luzhou_scjg_2023.docx', html: 'html/d02_luzhou_scjg_2023.html',
};
/** How each format names the cell a value was read from, and the table that holds it. */
const REF = { xlsx: /^附件2-\d!\$?[A-J]\d+$/, csv: /^[A-J]\d+$/, docx: /^t1 r\d+ c\d+$/, html: /^t1 r\d+ c\d+$/ };
const NAME = { xlsx: /^附件2-\d$/, csv: /^table \d$/, docx: /^table 1$/, html: /^table 1$/ };

interface Evidence { field: string; value: string | null; line: number | null; ref: string | null }

const cellsOf = (t: SourceTable): SourceCell[] => t.rows.flatMap((r) => r.cells);

describe('review of office and web sources', () => {
  // reads open (API_PUBLIC_READS): keys are auth.test.ts's subject
  const h = useServedApi({ host: '127.0.0.1', port: 0, token: TOKEN, publicReads: true, maxFileBytes: 1 << 20, maxFiles: 8 }, 'ziping-office-');
  const ids = new Map<string, number>();

  beforeAll(async () => {
    const parts = await Promise.all(Object.values(FILES).map(async (f) => ({
      name: f.split('/')[1]!, bytes: await readFile(join(ROOT, 'fixtures/corpus', f)),
    })));
    const res = await postFiles(h.base, parts, TOKEN);
    expect(res.status).toBe(200);
    for (const [i, kind] of Object.keys(FILES).entries()) {
      expect(res.body.documents[i], kind).toMatchObject({ status: 'done' });
      ids.set(kind, res.body.documents[i].id);
    }
  });

  it.each(Object.keys(FILES) as (keyof typeof FILES)[])('%s: the evidence names its cell and the source sends the table holding it', async (kind) => {
    const id = ids.get(kind)!;
    const { body } = await getJson(h.base, `/documents/${id}/anomalies`);
    const cited = (body.anomalies as { id: number; evidence: Evidence[] }[])
      .flatMap((a) => a.evidence.map((e) => ({ anomaly: a.id, ...e })))
      .filter((e) => e.ref !== null);
    expect(cited.length).toBeGreaterThan(0);
    for (const e of cited) expect(e.ref).toMatch(REF[kind]);
    const stored = await h.db.query<{ n: number }>('SELECT count(*) AS n FROM anomaly_evidence e JOIN anomalies a ON a.id = e.anomaly_id WHERE a.document_id = $1 AND e.ref IS NOT NULL', [id]);
    expect(stored[0]!.n).toBe(cited.length);

    // the review page's anomaly endpoint gives the same cell
    const e = cited.find((x) => x.value !== null && x.line !== null)!;
    const detail = (await getJson(h.base, `/anomalies/${e.anomaly}`)).body;
    expect(detail.evidence).toContainEqual(expect.objectContaining({ field: e.field, ref: e.ref, line: e.line }));

    const src = (await getJson(h.base, `/documents/${id}/source?from=${e.line! - 3}&to=${e.line! + 3}&context_rows=10`)).body;
    expect(src).toMatchObject({ available: true, tables_omitted: 0 });
    const holding = (src.tables as SourceTable[]).filter((t) => cellsOf(t).some((c) => c.ref === e.ref));
    expect(holding).toHaveLength(1);
    const [t] = holding;
    expect(t!.name).toMatch(NAME[kind]);
    if (kind === 'xlsx') {
      expect(t!.name).toBe(e.ref!.split('!')[0]);
      expect(t!.range).toMatch(new RegExp(`^${t!.name}!A\\d+:J\\d+$`));
    }
    const c = cellsOf(t!).find((x) => x.ref === e.ref)!;
    expect(c.text).not.toBe('');
    // a window of rows around the cited one, each row laid out over every column
    expect(t!.rows.length).toBeGreaterThan(7);
    expect(t!.rows.length).toBeLessThan(t!.row_count + 1);
    for (const r of t!.rows) expect(r.cells.every((x) => x.col < t!.col_count && x.rowSpan >= 1 && x.colSpan >= 1)).toBe(true);
  });

  it('sends every table of a workbook without a window, and refuses a bad context_rows', async () => {
    const id = ids.get('xlsx')!;
    const src = (await getJson(h.base, `/documents/${id}/source`)).body;
    expect(src.tables.map((t: SourceTable) => [t.name, t.truncated, t.rows.length === t.row_count])).toEqual([
      ['附件2-1', false, true], ['附件2-2', false, true], ['附件2-3', false, true],
    ]);
    // merged cells come once, with their spans
    expect(cellsOf(src.tables[0]).some((c: SourceCell) => c.rowSpan > 1)).toBe(true);
    expect(cellsOf(src.tables[0]).some((c: SourceCell) => c.colSpan > 1)).toBe(true);
    expect((await getJson(h.base, `/documents/${id}/source?context_rows=-1`)).body.error.code).toBe('BAD_QUERY');
    // a text dump has no cells to point at: lines only
    const seed = await postFiles(h.base, [{ name: 'seed.txt', bytes: await readFile(join(ROOT, 'fixtures/seeds/000_ca0dcd0154b0e201.txt')) }], TOKEN);
    const text = (await getJson(h.base, `/documents/${seed.body.documents[0].id}/source?from=1&to=5`)).body;
    expect(text).toMatchObject({ available: true, tables: [], tables_omitted: 0 });
    expect(text.lines).toHaveLength(5);
  });
});
