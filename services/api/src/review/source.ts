// The source of a stored document, for the review and document pages: its file (from
// documents.path) read again by the ingest stage, so the lines shown are the ones the
// extractor saw. A file that is gone, or whose bytes no longer hash to documents.sha256,
// is reported as unavailable — never shown in place of the original.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { LayoutTable } from '@ziping/core';
import { ingestFile } from '@ziping/ingest';
import type { DocumentRow } from '@ziping/store';
import { hasRefs } from './tables.ts';

export interface SourceLine {
  page: number;
  line: number;
  text: string;
  /** Union of the cells' boxes (PDF: points, top-left origin of the page as displayed); null in a text dump. */
  bbox: [number, number, number, number] | null;
}

export type Source =
  /** `tables`: the layout tables whose cells carry sheet or table refs (XLSX, CSV, DOCX, HTML); see tables.ts. */
  | { available: true; pages: number; lines: SourceLine[]; tables: LayoutTable[] }
  | { available: false; reason: string };

const CACHE_SIZE = 8;

function union(boxes: [number, number, number, number][]): SourceLine['bbox'] {
  if (!boxes.length) return null;
  return [
    Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])),
    Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3])),
  ];
}

/** Where the bytes are: documents.path, relative paths (CLI ingest) from the working directory. */
export const filePath = (d: DocumentRow) => resolve(d.path);

async function readSource(d: DocumentRow): Promise<Source> {
  let doc;
  try {
    doc = await ingestFile(filePath(d));
  } catch (e) {
    return { available: false, reason: `the file ${d.path} cannot be read again (${(e as Error).message})` };
  }
  if (d.sha256 && doc.sha256 !== d.sha256) {
    return { available: false, reason: `the file ${d.path} has changed since it was ingested` };
  }
  const lines = doc.lines.map((l) => ({
    page: l.page, line: l.line, text: l.text, bbox: union(l.cells.flatMap((c) => (c.bbox ? [c.bbox] : []))),
  }));
  const tables = doc.blocks.filter((b): b is LayoutTable => b.kind === 'table' && hasRefs(b));
  return { available: true, pages: doc.pageCount, lines, tables };
}

/** Reads documents again on demand, keeping the last few (by id and sha256). */
export class SourceCache {
  private readonly entries = new Map<string, Promise<Source>>();

  async get(d: DocumentRow): Promise<Source> {
    // the file's size and time are in the key: a file changed on disk is read (and checked) again
    const st = await stat(filePath(d)).catch(() => null);
    const key = `${d.id}:${d.sha256}:${d.path}:${st?.size}:${st?.mtimeMs}`;
    let hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key); // most recently used goes last
    } else {
      hit = readSource(d);
      // an unavailable file is tried again next time (it may be restored)
      hit.then((s) => { if (!s.available) this.entries.delete(key); }, () => this.entries.delete(key));
    }
    this.entries.set(key, hit);
    while (this.entries.size > CACHE_SIZE) this.entries.delete(this.entries.keys().next().value as string);
    return hit;
  }
}

/** The stored bytes, when they still hash to the document's sha256. */
export async function storedBytes(d: DocumentRow): Promise<Buffer | null> {
  const buf = await readFile(filePath(d)).catch(() => null);
  if (!buf) return null;
  if (d.sha256 && createHash('sha256').update(buf).digest('hex') !== d.sha256) return null;
  return buf;
}
