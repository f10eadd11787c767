// Writes one document, its layout and everything extracted from it in one transaction: a
// document is either fully stored or not at all. Identity is the content hash, so re-ingesting
// the same bytes (under any name) is reported as a duplicate and writes nothing — but the
// layout of a document stored before layouts were kept (migration 008).
import { FormSchema, FundingRowSchema, IndicatorSchema } from '@ziping/core';
import type { AnomalyX, Evidence, Extraction, SourceDocument } from '@ziping/core';
import type { Db } from './db.ts';
import { saveLayout } from './layout.ts';
import { spanOf, spanOfMap } from './prov.ts';
import { parseTarget } from './target.ts';

export type SaveStatus = 'stored' | 'duplicate' | 'failed';
export interface SaveResult { status: SaveStatus; documentId: number }

/** What is known of a file that could not be extracted; sha256/bytes are null when it could not be read. */
export interface FailedFile { name: string; path: string; sha256: string | null; bytes: number | null }
export interface Failure { code: string; message: string }

/** A jsonb parameter: serialised here and cast in SQL, the same on both engines. */
class Json { constructor(readonly value: unknown) {} }
const json = (v: unknown) => new Json(v);

// Postgres takes up to 65,535 parameters a statement, but PGlite's protocol parser reads the
// count as a signed 16-bit number (RangeError past 32,767): stay under that on both engines.
const MAX_PARAMS = 32767;

/**
 * Inserts rows (all with the same columns) in multi-row INSERTs, a handful of statements per
 * document instead of one per row. Returns the ids in the order of `rows`, matched by each
 * row's `key` columns rather than trusting the order of RETURNING.
 */
async function insertMany(tx: Db, table: string, rows: Record<string, unknown>[], key?: string[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const cols = Object.keys(rows[0]!);
  const per = Math.floor(MAX_PARAMS / cols.length);
  const byKey = new Map<string, number>();
  const keyOf = (r: Record<string, unknown>) => JSON.stringify(key!.map((k) => r[k]));
  for (let at = 0; at < rows.length; at += per) {
    const chunk = rows.slice(at, at + per);
    const params: unknown[] = [];
    const values = chunk.map((row) => `(${cols.map((c) => {
      const v = row[c];
      params.push(v instanceof Json ? JSON.stringify(v.value) : v);
      return v instanceof Json ? `$${params.length}::jsonb` : `$${params.length}`;
    }).join(', ')})`);
    const returning = key ? ` RETURNING id, ${key.map((k) => `"${k}"`).join(', ')}` : '';
    const got = await tx.query<Record<string, unknown> & { id: number }>(
      `INSERT INTO ${table} (${cols.map((c) => `"${c}"`).join(', ')}) VALUES ${values.join(', ')}${returning}`, params,
    );
    if (key) for (const r of got) byKey.set(keyOf(r), r.id);
  }
  return key ? rows.map((r) => byKey.get(keyOf(r))!) : [];
}

// Columns are named after the interchange fields; picking by schema keeps stray runtime
// properties of a stage result out of the INSERT.
const pick = (o: object, keys: string[]) =>
  Object.fromEntries(keys.map((k) => [k, (o as Record<string, unknown>)[k] ?? null]));
const FORM_FIELDS = Object.keys(FormSchema.shape).filter((k) => k !== 'funding' && k !== 'indicators');
const FUNDING_FIELDS = Object.keys(FundingRowSchema.shape);
const INDICATOR_FIELDS = Object.keys(IndicatorSchema.shape);

const asText = (v: number | string | null) => (v == null ? null : String(v));
const asNum = (v: number | string | null) => (typeof v === 'number' ? v : null);

export async function saveExtraction(db: Db, doc: SourceDocument, x: Extraction): Promise<SaveResult> {
  return db.transaction(async (tx) => {
    // An earlier failed attempt at the same bytes gives way to this one.
    await tx.query(`DELETE FROM documents WHERE sha256 = $1 AND status = 'failed'`, [doc.sha256]);
    const [created] = await tx.query<{ id: number }>(
      `INSERT INTO documents (name, path, sha256, media_type, bytes, page_count, status, ocr_engine, ocr_pages, year)
       VALUES ($1, $2, $3, $4, $5, $6, 'done', $7, $8::jsonb, $9) ON CONFLICT (sha256) DO NOTHING RETURNING id`,
      [doc.name, doc.path, doc.sha256, doc.mediaType, doc.bytes, doc.pageCount, ...ocrColumns(doc), x.year ?? null],
    );
    if (!created) {
      const [had] = await tx.query<{ id: number; status: string }>('SELECT id, status FROM documents WHERE sha256 = $1', [doc.sha256]);
      if (had.status === 'done') await saveLayout(tx, had.id, doc);
      return { status: 'duplicate', documentId: had.id };
    }
    await saveLayout(tx, created.id, doc);
    await saveRows(tx, created.id, x);
    return { status: 'stored', documentId: created.id };
  });
}

/**
 * Inserts everything extracted under an existing document row; call it inside the caller's
 * transaction. One INSERT per table (more only past the parameter limit): parents first, their
 * ids (matched by ordinal) linking the children.
 */
export async function saveRows(tx: Db, documentId: number, x: Extraction): Promise<void> {
  const formIds = await insertMany(tx, 'forms', x.forms.map((f, ordinal) => ({
    document_id: documentId, ordinal, ...pick(f, FORM_FIELDS), ...spanOfMap(f.prov, 'form'), prov: json(f.prov ?? {}),
  })), ['ordinal']);
  await insertMany(tx, 'funding_rows', x.forms.flatMap((f, k) => f.funding.map((r, i) => ({
    form_id: formIds[k], ordinal: i, ...pick(r, FUNDING_FIELDS), amount_unit: f.amount_unit,
    ...spanOfMap(r.prov), prov: json(r.prov ?? {}),
  }))));
  await insertMany(tx, 'indicators', x.forms.flatMap((f, k) => f.indicators.map((ind, i) => {
    const t = parseTarget(ind.target);
    return {
      form_id: formIds[k], ordinal: i, ...pick(ind, INDICATOR_FIELDS),
      target_op: t.op, target_value: t.value, target_unit: t.unit, target_approx: t.approx,
      ...spanOfMap(ind.prov), prov: json(ind.prov ?? {}),
    };
  })));
  const tableIds = await insertMany(tx, 'budget_tables', x.tables.map((t, ordinal) => ({
    document_id: documentId, ordinal, title: t.title, code: t.code, entity: t.entity, amount_unit: t.amount_unit,
    columns: json(t.columns), ...spanOfMap(t.prov, 'table'), prov: json(t.prov ?? {}),
  })), ['ordinal']);
  await insertMany(tx, 'budget_rows', x.tables.flatMap((t, k) => t.rows.map((r, i) => ({
    table_id: tableIds[k], ordinal: i, code: r.code, label: r.label, values: json(r.values), ...spanOf(r.prov),
  }))));
  const anomalyIds = await insertMany(tx, 'anomalies', x.anomalies.map((a, ordinal) => anomalyRow(documentId, ordinal, a, formIds, tableIds)), ['ordinal']);
  await insertMany(tx, 'anomaly_evidence', x.anomalies.flatMap((a, k) => (a.evidence ?? []).map((e, i) => evidenceRow(anomalyIds[k]!, i, e))));
}

async function idOf(tx: Db, sha256: string): Promise<number> {
  const [r] = await tx.query<{ id: number }>('SELECT id FROM documents WHERE sha256 = $1', [sha256]);
  return r.id;
}

const anomalyRow = (documentId: number, ordinal: number, a: AnomalyX, formIds: number[], tableIds: number[]) => ({
  document_id: documentId, ordinal,
  form_id: a.form == null ? null : (formIds[a.form] ?? null),
  table_id: a.table == null ? null : (tableIds[a.table] ?? null),
  rule: a.rule, severity: a.severity, indicator: a.indicator,
  expected: asText(a.expected), expected_num: asNum(a.expected),
  found: asText(a.found), found_num: asNum(a.found), message: a.message,
});

const evidenceRow = (anomalyId: number, ordinal: number, e: Evidence) => ({
  anomaly_id: anomalyId, ordinal, field: e.field, value: asText(e.value), value_num: asNum(e.value), ...spanOf(e.prov),
  ref: e.prov?.ref ?? null,
});

/** Records a file that could not be extracted. A retry of the same file replaces its earlier failure. */
export async function saveFailure(db: Db, file: FailedFile, err: Failure): Promise<SaveResult> {
  return db.transaction(async (tx) => {
    if (file.sha256 == null) {
      await tx.query(`DELETE FROM documents WHERE sha256 IS NULL AND path = $1 AND status = 'failed'`, [file.path]);
    }
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO documents (name, path, sha256, bytes, status, error_code, error_message)
       VALUES ($1, $2, $3, $4, 'failed', $5, $6)
       ON CONFLICT (sha256) DO UPDATE SET name = $1, path = $2, error_code = $5, error_message = $6
         WHERE documents.status = 'failed'
       RETURNING id`,
      [file.name, file.path, file.sha256, file.bytes, err.code, err.message],
    );
    // No row: these bytes are already stored successfully under some name.
    if (!row) return { status: 'duplicate', documentId: await idOf(tx, file.sha256 as string) };
    return { status: 'failed', documentId: row.id };
  });
}

/** `ocr_engine`, `ocr_pages` of a document: which recogniser read which pages, if any. */
export const ocrColumns = (doc: SourceDocument): [string | null, string | null] =>
  doc.ocr ? [`${doc.ocr.engine} ${doc.ocr.version}`, JSON.stringify(doc.ocr.pages)] : [null, null];
