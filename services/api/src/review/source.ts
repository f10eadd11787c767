// The source of a stored document, for the review and document pages: the layout ingest read,
// stored with the document (document_layouts), so the lines shown are the ones the extractor
// saw. The file is never read or ingested again here — OCR of a scan took minutes — only its
// bytes are sent as they are, for the browser's drawing of a PDF page. Of a large document
// only the stored parts a window needs are read (see packages/store/src/layout.ts).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { LayoutTable, PageSize } from '@ziping/core';
import { documentLayoutHead, layoutParts, type Db, type DocumentRow, type LayoutHead } from '@ziping/store';
import { TABLE_LIMITS, type RowWindow } from './tables.ts';

export interface SourceLine {
  page: number;
  line: number;
  text: string;
  /** Union of the cells' boxes (PDF, OCR: points, top-left origin of the page as displayed); null in a text dump. */
  bbox: [number, number, number, number] | null;
}

export type Source =
  /**
   * `lines`: those in the window; `tables`: the layout tables whose cells carry sheet or table
   * refs (XLSX, CSV, DOCX, HTML), in order, each with at least the cells the window's rows need
   * (see tables.ts).
   */
  | { available: true; pages: number; pageSizes: PageSize[]; lines: SourceLine[]; tables: LayoutTable[] }
  | { available: false; reason: string };

function union(boxes: [number, number, number, number][]): SourceLine['bbox'] {
  if (!boxes.length) return null;
  return [
    Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])),
    Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3])),
  ];
}

/** Why a document has no source to show; the reasons name no file or path. */
function missing(d: DocumentRow): string {
  if (d.status === 'queued' || d.status === 'running') return `document ${d.id} is not read yet (${d.status}); its source is stored once it is`;
  if (d.status === 'failed') return `document ${d.id} could not be read (${d.error_code}), so it has no source`;
  return `document ${d.id} was stored before ziping kept sources with documents: ingest its file again (ziping ingest, or upload it) to store its source`;
}

const overlaps = (a0: number, a1: number, b0: number, b1: number) => a0 <= b1 && b0 <= a1;

/**
 * The parts a window needs: those with its lines, then those with the rows of each ref table
 * the window's rows draw (the rows hit, `context` rows on each side, within the row cap).
 */
async function windowOf(db: Db, id: number, head: LayoutHead, w: RowWindow) {
  const want = new Set(head.parts.flatMap((p, k) => (overlaps(p.first, p.reach, w.from, w.to) ? [k] : [])));
  const first = await layoutParts(db, id, head, [...want]);
  const lineParts = want.size;
  for (const i of head.refTables) {
    let h0 = Infinity, h1 = -Infinity; // rows hit (a sheet's cells run to hundreds of thousands: no spread)
    for (const c of (first.blocks[i] as LayoutTable).cells) {
      if (overlaps(c.prov.line, c.prov.lineEnd ?? c.prov.line, w.from, w.to)) { h0 = Math.min(h0, c.row); h1 = Math.max(h1, c.row); }
    }
    if (h0 > h1) continue;
    // tablesView sends at most TABLE_LIMITS.rows rows, from the first hit on: none further away
    const reach = Math.min(w.context, TABLE_LIMITS.rows);
    h1 = Math.min(h1, h0 + TABLE_LIMITS.rows - 1);
    head.parts.forEach((p, k) => {
      if (p.rows.some(([b, r0, r1]) => b === i && overlaps(r0, r1, h0 - reach, h1 + reach))) want.add(k);
    });
  }
  return want.size === lineParts ? first : layoutParts(db, id, head, [...want].sort((a, b) => a - b));
}

/** The document's stored layout as the source view shows it, read as far as the window needs. */
export async function readSource(db: Db, d: DocumentRow, w: RowWindow): Promise<Source> {
  const got = await documentLayoutHead(db, d.id);
  if (got.status === 'unknown-format') {
    return { available: false, reason: `the source of document ${d.id} is stored as ${got.format}, which this version does not read: ingest its file again` };
  }
  if (got.status === 'missing') return { available: false, reason: missing(d) };
  const { head } = got;
  const l = await windowOf(db, d.id, head, w);
  return {
    available: true,
    pages: l.pageCount,
    // the space of every bbox on a page: what an image of the page is scaled from
    pageSizes: head.layout.pageSizes ?? [],
    lines: l.lines.filter((x) => x.line >= w.from && x.line <= w.to)
      .map((x) => ({ page: x.page, line: x.line, text: x.text, bbox: union(x.cells.flatMap((c) => (c.bbox ? [c.bbox] : []))) })),
    tables: head.refTables.map((i) => l.blocks[i] as LayoutTable),
  };
}

/** The stored bytes, when they still hash to the document's sha256 (relative paths, from `ziping ingest`, from the working directory). */
export async function storedBytes(d: DocumentRow): Promise<Buffer | null> {
  const buf = await readFile(resolve(d.path)).catch(() => null);
  if (!buf) return null;
  if (d.sha256 && createHash('sha256').update(buf).digest('hex') !== d.sha256) return null;
  return buf;
}
