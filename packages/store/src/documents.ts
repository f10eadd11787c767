// Documents in service mode: the row is written at upload (`queued`), follows the worker
// through the stages (`running` + stage) and ends `done` — the extracted rows and the
// counts saved with it in one transaction — or `failed` with a typed code. The sha256 is
// the identity: uploading the same bytes again returns the existing row; a failed one is
// queued again (its `runs` goes up, so the new job gets an id of its own).
import type { Extraction, SourceDocument } from '@ziping/core';
import type { Db } from './db.ts';
import { saveLayout } from './layout.ts';
import { ocrColumns, saveRows, type Failure } from './save.ts';

export type DocumentStatus = 'queued' | 'running' | 'done' | 'failed';
export type DocumentStage = 'ingest' | 'reconstruct' | 'validate' | 'store';

export interface DocumentCounts { forms: number; indicators: number; tables: number; anomalies: number }

export interface DocumentRow {
  id: number;
  name: string;
  path: string;
  sha256: string | null;
  media_type: string | null;
  bytes: number | null;
  page_count: number | null;
  status: DocumentStatus;
  stage: DocumentStage | null;
  runs: number;
  error_code: string | null;
  error_message: string | null;
  counts: DocumentCounts;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  updated_at: Date;
}

/** An uploaded file whose bytes are stored at `path`. */
export interface Upload { name: string; path: string; sha256: string; mediaType: string | null; bytes: number }

export interface UploadResult {
  document: DocumentRow;
  /** A new row: these bytes were never seen. */
  created: boolean;
  /** An earlier failure of these bytes was queued again. */
  requeued: boolean;
}

// Counts are written when a document is done; rows stored by `ziping ingest` have none, so
// they are counted from the tables.
const SELECT_DOCUMENT = `SELECT d.id, d.name, d.path, d.sha256, d.media_type, d.bytes, d.page_count, d.status,
    d.stage, d.runs, d.error_code, d.error_message, d.created_at, d.started_at, d.finished_at, d.updated_at,
    jsonb_build_object(
      'forms', coalesce(d.form_count, (SELECT count(*) FROM forms f WHERE f.document_id = d.id)),
      'indicators', coalesce(d.indicator_count,
        (SELECT count(*) FROM indicators i JOIN forms f ON f.id = i.form_id WHERE f.document_id = d.id)),
      'tables', coalesce(d.table_count, (SELECT count(*) FROM budget_tables t WHERE t.document_id = d.id)),
      'anomalies', coalesce(d.anomaly_count, (SELECT count(*) FROM anomalies a WHERE a.document_id = d.id))
    ) AS counts
  FROM documents d`;

export async function getDocument(db: Db, id: number): Promise<DocumentRow | null> {
  const [row] = await db.query<DocumentRow>(`${SELECT_DOCUMENT} WHERE d.id = $1`, [id]);
  return row ?? null;
}

async function bySha(db: Db, sha256: string): Promise<DocumentRow> {
  const [row] = await db.query<DocumentRow>(`${SELECT_DOCUMENT} WHERE d.sha256 = $1`, [sha256]);
  return row;
}

/** The document these bytes already are, if any: a batch checks this before paying for an extraction. */
export async function findBySha256(db: Db, sha256: string): Promise<{ id: number; status: DocumentStatus; has_layout: boolean } | null> {
  const [row] = await db.query<{ id: number; status: DocumentStatus; has_layout: boolean }>(
    `SELECT d.id, d.status, EXISTS (SELECT 1 FROM document_layouts l WHERE l.document_id = d.id) AS has_layout
       FROM documents d WHERE d.sha256 = $1`,
    [sha256],
  );
  return row ?? null;
}

/** Records an upload as `queued`, or returns the document these bytes already are (queueing a failed one again). */
export async function recordUpload(db: Db, u: Upload): Promise<UploadResult> {
  return db.transaction(async (tx) => {
    const [created] = await tx.query<{ id: number }>(
      `INSERT INTO documents (name, path, sha256, media_type, bytes, status)
       VALUES ($1, $2, $3, $4, $5, 'queued') ON CONFLICT (sha256) DO NOTHING RETURNING id`,
      [u.name, u.path, u.sha256, u.mediaType, u.bytes],
    );
    if (created) return { document: await bySha(tx, u.sha256), created: true, requeued: false };
    const [again] = await tx.query<{ id: number }>(
      `UPDATE documents SET status = 'queued', name = $2, path = $3, media_type = $4, bytes = $5,
              runs = runs + 1, error_code = NULL, error_message = NULL, started_at = NULL, finished_at = NULL,
              updated_at = now()
        WHERE sha256 = $1 AND status = 'failed' RETURNING id`,
      [u.sha256, u.name, u.path, u.mediaType, u.bytes],
    );
    return { document: await bySha(tx, u.sha256), created: false, requeued: Boolean(again) };
  });
}

/**
 * Marks the document `running` in `stage`. False when it is no longer waiting for work
 * (done or failed already, e.g. a job delivered again after it finished): skip it then.
 */
export async function markRunning(db: Db, id: number, stage: DocumentStage): Promise<boolean> {
  const rows = await db.query(
    `UPDATE documents SET status = 'running', stage = $2, started_at = coalesce(started_at, now()), updated_at = now()
      WHERE id = $1 AND status IN ('queued', 'running') RETURNING id`,
    [id, stage],
  );
  return rows.length > 0;
}

/** Back to `queued` after a failure that will be retried. */
export async function markQueued(db: Db, id: number): Promise<void> {
  await db.query(
    `UPDATE documents SET status = 'queued', stage = NULL, updated_at = now() WHERE id = $1 AND status = 'running'`,
    [id],
  );
}

/**
 * Saves the extraction into the document row: its layout, the extracted rows, the counts and
 * status `done`, in one transaction. False (and nothing written) when it was not waiting for work.
 */
export async function completeDocument(db: Db, id: number, doc: SourceDocument, x: Extraction): Promise<boolean> {
  return db.transaction(async (tx) => {
    // The row first: the update locks it and tells whether the document still waits for work.
    const done = await tx.query(
      `UPDATE documents SET status = 'done', stage = NULL, media_type = $2, page_count = $3,
              form_count = $4, indicator_count = $5, table_count = $6, anomaly_count = $7,
              ocr_engine = $8, ocr_pages = $9::jsonb, year = $10, finished_at = now(), updated_at = now()
        WHERE id = $1 AND status IN ('queued', 'running') RETURNING id`,
      [id, doc.mediaType, doc.pageCount, x.forms.length, x.forms.reduce((n, f) => n + f.indicators.length, 0),
        x.tables.length, x.anomalies.length, ...ocrColumns(doc), x.year ?? null],
    );
    if (done.length === 0) return false;
    await saveLayout(tx, id, doc);
    await saveRows(tx, id, x);
    return true;
  });
}

/** Marks the document `failed` with a typed code; a no-op once it is done or failed already. */
export async function failDocument(db: Db, id: number, err: Failure): Promise<void> {
  await db.query(
    `UPDATE documents SET status = 'failed', stage = NULL, error_code = $2, error_message = $3,
            finished_at = now(), updated_at = now()
      WHERE id = $1 AND status IN ('queued', 'running')`,
    [id, err.code, err.message],
  );
}

export interface DocumentForm {
  id: number; ordinal: number; kind: string; title: string | null; year: number | null; project: string | null;
  department: string | null; amount_unit: string | null; total_score: number | null; grade: string | null;
  page: number | null; line: number | null; indicators: number; funding_rows: number;
}

export function documentForms(db: Db, documentId: number): Promise<DocumentForm[]> {
  return db.query<DocumentForm>(
    `SELECT f.id, f.ordinal, f.kind, f.title, f.year, f.project, f.department, f.amount_unit, f.total_score, f.grade,
            f.page, f.line,
            (SELECT count(*) FROM indicators i WHERE i.form_id = f.id) AS indicators,
            (SELECT count(*) FROM funding_rows r WHERE r.form_id = f.id) AS funding_rows
       FROM forms f WHERE f.document_id = $1 ORDER BY f.ordinal`,
    [documentId],
  );
}

export interface DocumentAnomaly {
  id: number; ordinal: number; form: number | null; rule: string; severity: 'error' | 'warning';
  indicator: string | null; expected: string | null; found: string | null; message: string;
  evidence: { field: string; value: string | null; page: number | null; line: number | null; line_end: number | null; ref: string | null }[];
}

export function documentAnomalies(db: Db, documentId: number): Promise<DocumentAnomaly[]> {
  return db.query<DocumentAnomaly>(
    `SELECT a.id, a.ordinal, fo.ordinal AS form, a.rule, a.severity, a.indicator, a.expected, a.found, a.message,
            coalesce(jsonb_agg(jsonb_build_object('field', e.field, 'value', e.value, 'page', e.page,
                       'line', e.line, 'line_end', e.line_end, 'ref', e.ref) ORDER BY e.ordinal)
                     FILTER (WHERE e.id IS NOT NULL), '[]'::jsonb) AS evidence
       FROM anomalies a
       LEFT JOIN forms fo ON fo.id = a.form_id
       LEFT JOIN anomaly_evidence e ON e.anomaly_id = a.id
      WHERE a.document_id = $1
      GROUP BY a.id, fo.ordinal
      ORDER BY a.ordinal`,
    [documentId],
  );
}
