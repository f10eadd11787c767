// Read side used by the CLI and the tests.
import type { Db } from './db.ts';

export interface Counts {
  documents: number;
  failed: number;
  forms: number;
  fundingRows: number;
  indicators: number;
  tables: number;
  budgetRows: number;
  anomalies: number;
  evidence: number;
}

export async function counts(db: Db): Promise<Counts> {
  const [c] = await db.query<Counts>(`SELECT
    (SELECT count(*) FROM documents WHERE status = 'done')   AS documents,
    (SELECT count(*) FROM documents WHERE status = 'failed') AS failed,
    (SELECT count(*) FROM forms)            AS forms,
    (SELECT count(*) FROM funding_rows)     AS "fundingRows",
    (SELECT count(*) FROM indicators)       AS indicators,
    (SELECT count(*) FROM budget_tables)    AS tables,
    (SELECT count(*) FROM budget_rows)      AS "budgetRows",
    (SELECT count(*) FROM anomalies)        AS anomalies,
    (SELECT count(*) FROM anomaly_evidence) AS evidence`);
  return c;
}

export interface FailedDocument { name: string; path: string; error_code: string; error_message: string }

export function failedDocuments(db: Db): Promise<FailedDocument[]> {
  return db.query<FailedDocument>(
    `SELECT name, path, error_code, error_message FROM documents WHERE status = 'failed' ORDER BY path COLLATE "C"`,
  );
}

export interface EvidenceRow {
  field: string; value: string | null; page: number | null; line: number | null; line_end: number | null;
  /** The sheet or table cell (`附件1-2!C7`, `t2 r3 c4`) where the source has cells. */
  ref: string | null;
}
export interface AnomalyRow {
  id: number;
  document: string;
  /** The form's number in its document, from 1 (as on the review page). */
  form: number | null;
  project: string | null;
  rule: string;
  severity: 'error' | 'warning';
  indicator: string | null;
  expected: string | null;
  found: string | null;
  message: string;
  evidence: EvidenceRow[];
}
export interface AnomalyFilter { document?: string; rule?: string; severity?: string }

/** Anomalies with the source lines they cite; `document` matches the file name or path. */
export function listAnomalies(db: Db, f: AnomalyFilter = {}): Promise<AnomalyRow[]> {
  return db.query<AnomalyRow>(
    `SELECT a.id, d.name AS document, fo.ordinal + 1 AS form, fo.project, a.rule, a.severity, a.indicator,
            a.expected, a.found, a.message,
            coalesce(jsonb_agg(jsonb_build_object('field', e.field, 'value', e.value, 'page', e.page,
                       'line', e.line, 'line_end', e.line_end, 'ref', e.ref) ORDER BY e.ordinal)
                     FILTER (WHERE e.id IS NOT NULL), '[]'::jsonb) AS evidence
       FROM anomalies a
       JOIN documents d ON d.id = a.document_id
       LEFT JOIN forms fo ON fo.id = a.form_id
       LEFT JOIN anomaly_evidence e ON e.anomaly_id = a.id
      WHERE ($1::text IS NULL OR d.name = $1 OR d.path = $1)
        AND ($2::text IS NULL OR a.rule = $2)
        AND ($3::text IS NULL OR a.severity = $3)
      GROUP BY a.id, d.name, fo.ordinal, fo.project
      ORDER BY d.name COLLATE "C", a.ordinal`,
    [f.document ?? null, f.rule ?? null, f.severity ?? null],
  );
}
