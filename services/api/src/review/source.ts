// The source of a stored document, for the review and document pages: the layout ingest read,
// stored with the document (document_layouts), so the lines shown are the ones the extractor
// saw. The file is never read or ingested again here — OCR of a scan took minutes — only its
// bytes are sent as they are, for the browser's drawing of a PDF page.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { LayoutTable, StoredLayout } from '@ziping/core';
import { documentLayout, type Db, type DocumentRow } from '@ziping/store';
import { hasRefs } from './tables.ts';

export interface SourceLine {
  page: number;
  line: number;
  text: string;
  /** Union of the cells' boxes (PDF, OCR: points, top-left origin of the page as displayed); null in a text dump. */
  bbox: [number, number, number, number] | null;
}

export type Source =
  /** `tables`: the layout tables whose cells carry sheet or table refs (XLSX, CSV, DOCX, HTML); see tables.ts. */
  | { available: true; pages: number; lines: SourceLine[]; tables: LayoutTable[] }
  | { available: false; reason: string };

function union(boxes: [number, number, number, number][]): SourceLine['bbox'] {
  if (!boxes.length) return null;
  return [
    Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])),
    Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3])),
  ];
}

const sourceOf = (l: StoredLayout): Source => ({
  available: true,
  pages: l.pageCount,
  lines: l.lines.map((x) => ({ page: x.page, line: x.line, text: x.text, bbox: union(x.cells.flatMap((c) => (c.bbox ? [c.bbox] : []))) })),
  tables: l.blocks.filter((b): b is LayoutTable => b.kind === 'table' && hasRefs(b)),
});

/** Why a document has no source to show; the reasons name no file or path. */
function missing(d: DocumentRow): string {
  if (d.status === 'queued' || d.status === 'running') return `document ${d.id} is not read yet (${d.status}); its source is stored once it is`;
  if (d.status === 'failed') return `document ${d.id} could not be read (${d.error_code}), so it has no source`;
  return `document ${d.id} was stored before ziping kept sources with documents: ingest its file again (ziping ingest, or upload it) to store its source`;
}

/** The document's stored layout as the source view shows it. */
export async function readSource(db: Db, d: DocumentRow): Promise<Source> {
  const got = await documentLayout(db, d.id);
  if (got.status === 'stored') return sourceOf(got.layout);
  if (got.status === 'unknown-format') {
    return { available: false, reason: `the source of document ${d.id} is stored as ${got.format}, which this version does not read: ingest its file again` };
  }
  return { available: false, reason: missing(d) };
}

/** The stored bytes, when they still hash to the document's sha256 (relative paths, from `ziping ingest`, from the working directory). */
export async function storedBytes(d: DocumentRow): Promise<Buffer | null> {
  const buf = await readFile(resolve(d.path)).catch(() => null);
  if (!buf) return null;
  if (d.sha256 && createHash('sha256').update(buf).digest('hex') !== d.sha256) return null;
  return buf;
}
