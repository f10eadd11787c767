// A document's layout (core's StoredLayout), stored with it by the transaction that stores
// its extraction (migration 008). Stored in parts so that a window of a large document (the
// review page's few lines of a 20,000-row sheet) is read without decoding the whole: the head
// (everything but the lines and the table cells, plus an index of the parts) and parts of up
// to PART_LINES lines, each with the table cells printed on its lines — all gzipped JSON.
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { LAYOUT_FORMAT, storedLayout, type LayoutCell, type SourceDocument, type StoredLayout, type TextLine } from '@ziping/core';
import type { Db } from './db.ts';

const zip = promisify(gzip);
const unzip = promisify(gunzip);
const PART_LINES = 250;

/**
 * A part: its lines `first`–`last`, the last line its cells reach (`reach`: a cell printed over
 * several lines is stored with its first), and per table block the rows its cells cover:
 * [block, first row, last row reached].
 */
export interface PartIndex { first: number; last: number; reach: number; rows: [number, number, number][] }
/**
 * The layout without lines and table cells (tables keep rows, cols, prov), where its parts are,
 * and which table blocks have cells with a ref (a sheet or table cell: what the review page draws).
 */
export interface LayoutHead { layout: StoredLayout; parts: PartIndex[]; refTables: number[] }
/** Lines, and table cells as [block, position among the table's cells, cell]. */
interface Part { lines: TextLine[]; cells: [number, number, LayoutCell][] }

export type LayoutLookup =
  | { status: 'stored'; head: LayoutHead }
  /** No layout: the document is not extracted (yet), or was stored before layouts were kept. */
  | { status: 'missing' }
  /** A layout in a shape this version does not read. */
  | { status: 'unknown-format'; format: string };

function split(l: StoredLayout): { head: LayoutHead; parts: Part[] } {
  const lastLine = l.lines.at(-1)?.line ?? 1;
  const n = Math.max(1, Math.ceil(lastLine / PART_LINES));
  const parts: Part[] = Array.from({ length: n }, () => ({ lines: [], cells: [] }));
  const at = (line: number) => Math.min(n - 1, Math.max(0, Math.floor((line - 1) / PART_LINES)));
  for (const line of l.lines) parts[at(line.line)]!.lines.push(line);
  const index: PartIndex[] = parts.map((_, k) => ({ first: k * PART_LINES + 1, last: (k + 1) * PART_LINES, reach: (k + 1) * PART_LINES, rows: [] }));
  const refTables: number[] = [];
  const blocks = l.blocks.map((b, i) => {
    if (b.kind !== 'table') return b;
    if (b.cells.some((c) => c.prov.ref)) refTables.push(i);
    const span = new Map<number, [number, number]>();
    b.cells.forEach((c, k) => {
      const p = at(c.prov.line);
      parts[p]!.cells.push([i, k, c]);
      index[p]!.reach = Math.max(index[p]!.reach, c.prov.lineEnd ?? c.prov.line);
      const s = span.get(p);
      span.set(p, s ? [Math.min(s[0], c.row), Math.max(s[1], c.row + c.rowSpan - 1)] : [c.row, c.row + c.rowSpan - 1]);
    });
    for (const [p, [r0, r1]] of span) index[p]!.rows.push([i, r0, r1]);
    return { ...b, cells: [] };
  });
  return { head: { layout: { ...l, lines: [], blocks }, parts: index, refTables }, parts };
}

/** The layout with the lines and cells of the given parts (all parts: the whole layout). */
function joinParts(head: LayoutHead, parts: Part[]): StoredLayout {
  const cells = new Map<number, [number, LayoutCell][]>();
  for (const p of parts) for (const [b, k, c] of p.cells) (cells.get(b) ?? cells.set(b, []).get(b)!).push([k, c]);
  const blocks = head.layout.blocks.map((b, i) => {
    if (b.kind !== 'table') return b;
    return { ...b, cells: (cells.get(i) ?? []).sort((x, y) => x[0] - y[0]).map(([, c]) => c) };
  });
  return { ...head.layout, lines: parts.flatMap((p) => p.lines), blocks };
}

const pack = async (v: unknown) => zip(JSON.stringify(v));
const unpack = async <T>(b: Buffer): Promise<T> => JSON.parse((await unzip(b)).toString('utf8')) as T;

/**
 * Stores the document's layout under its row, inside the transaction that stores its extraction.
 * A layout already stored stays (false): the same bytes were read before.
 */
export async function saveLayout(tx: Db, documentId: number, doc: SourceDocument): Promise<boolean> {
  const { head, parts } = split(storedLayout(doc));
  // The head and all its parts in one statement (one parameter a part, far below save.ts's
  // MAX_PARAMS); the parts go in only where the head did. They are packed before that is
  // known: a layout already stored is rare, as `ziping ingest` asks before extracting.
  const rows = await tx.query(
    `WITH head AS (
       INSERT INTO document_layouts (document_id, format, layout) VALUES ($1, $2, $3)
       ON CONFLICT (document_id) DO NOTHING RETURNING document_id)
     INSERT INTO document_layout_parts (document_id, part, data)
     SELECT head.document_id, p.part, p.data FROM head,
       (VALUES ${parts.map((_, k) => `(${k}, $${k + 4}::bytea)`).join(', ')}) AS p (part, data)
     RETURNING part`,
    [documentId, LAYOUT_FORMAT, ...(await Promise.all([head, ...parts].map(pack)))],
  );
  return rows.length > 0;
}

/** The head of a document's layout: its tables' shapes and the index of its parts. */
export async function documentLayoutHead(db: Db, documentId: number): Promise<LayoutLookup> {
  const [row] = await db.query<{ format: string; layout: Buffer }>(
    'SELECT format, layout FROM document_layouts WHERE document_id = $1', [documentId],
  );
  if (!row) return { status: 'missing' };
  if (row.format !== LAYOUT_FORMAT) return { status: 'unknown-format', format: row.format };
  return { status: 'stored', head: await unpack<LayoutHead>(row.layout) };
}

/** The layout with the lines and table cells of the parts numbered (all of them when `which` is omitted). */
export async function layoutParts(db: Db, documentId: number, head: LayoutHead, which?: number[]): Promise<StoredLayout> {
  const rows = await db.query<{ data: Buffer }>(
    `SELECT data FROM document_layout_parts WHERE document_id = $1 AND ($2::int[] IS NULL OR part = ANY($2::int[])) ORDER BY part`,
    [documentId, which ?? null],
  );
  return joinParts(head, await Promise.all(rows.map((r) => unpack<Part>(r.data))));
}

/** The whole layout of a document, as stored. */
export async function documentLayout(db: Db, documentId: number): Promise<{ status: 'stored'; layout: StoredLayout } | Exclude<LayoutLookup, { status: 'stored' }>> {
  const got = await documentLayoutHead(db, documentId);
  if (got.status !== 'stored') return got;
  return { status: 'stored', layout: await layoutParts(db, documentId, got.head) };
}
