// A document's layout (core's StoredLayout), stored with it by the transaction that stores
// its extraction (migration 008), as the gzip of its JSON. Read whole by the source view;
// never queried into, so bytes rather than jsonb (smaller on disk and on the wire).
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { LAYOUT_FORMAT, storedLayout, type SourceDocument, type StoredLayout } from '@ziping/core';
import type { Db } from './db.ts';

const zip = promisify(gzip);
const unzip = promisify(gunzip);

export type LayoutLookup =
  | { status: 'stored'; layout: StoredLayout }
  /** No layout: the document is not extracted (yet), or was stored before layouts were kept. */
  | { status: 'missing' }
  /** A layout in a shape this version does not read. */
  | { status: 'unknown-format'; format: string };

/**
 * Stores the document's layout under its row, inside the transaction that stores its extraction.
 * A layout already stored stays (false): the same bytes were read before.
 */
export async function saveLayout(tx: Db, documentId: number, doc: SourceDocument): Promise<boolean> {
  const bytes = await zip(JSON.stringify(storedLayout(doc)));
  const rows = await tx.query(
    `INSERT INTO document_layouts (document_id, format, layout) VALUES ($1, $2, $3)
     ON CONFLICT (document_id) DO NOTHING RETURNING document_id`,
    [documentId, LAYOUT_FORMAT, bytes],
  );
  return rows.length > 0;
}

export async function documentLayout(db: Db, documentId: number): Promise<LayoutLookup> {
  const [row] = await db.query<{ format: string; layout: Buffer }>(
    'SELECT format, layout FROM document_layouts WHERE document_id = $1', [documentId],
  );
  if (!row) return { status: 'missing' };
  if (row.format !== LAYOUT_FORMAT) return { status: 'unknown-format', format: row.format };
  return { status: 'stored', layout: JSON.parse((await unzip(row.layout)).toString('utf8')) as StoredLayout };
}
