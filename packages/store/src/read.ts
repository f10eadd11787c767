// Read side of the analyst and auditor surfaces (services/api read routes, exports, the
// review page): documents, forms, indicators and anomalies, filtered and paged. Every
// filter is optional; text filters are exact except `q`, a case-insensitive substring
// (ILIKE) of the names. Each list comes with the total count of rows the filter matches.
import type { Db } from './db.ts';

export interface ReadFilter {
  documentId?: number;
  /** Exact file name. */
  documentName?: string;
  department?: string;
  year?: number;
  project?: string;
  /** forms.kind: project, department, target */
  kind?: string;
  level1?: string;
  level2?: string;
  rule?: string;
  severity?: string;
  /** The anomaly's latest review decision, or `unreviewed`. */
  review?: string;
  /** Substring of the names (document, project, indicator; an anomaly's indicator and message). */
  q?: string;
}

export interface PageRequest { limit: number; offset: number }
export interface Paged<T> { total: number; limit: number; offset: number; items: T[] }

export const REVIEW_STATES = ['unreviewed', 'confirmed', 'dismissed', 'corrected'] as const;

/** `%q%` for ILIKE, with the pattern characters of `q` taken literally. */
const contains = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** AND-ed conditions with numbered parameters; `?` in a condition stands for its value. */
class Where {
  readonly params: unknown[] = [];
  private readonly parts: string[] = [];

  add(cond: string, value: unknown): this {
    if (value === undefined || value === null || value === '') return this;
    this.params.push(value);
    this.parts.push(cond.replaceAll('?', `$${this.params.length}`));
    return this;
  }

  /** A condition without a parameter. */
  raw(cond: string | false | undefined): this {
    if (cond) this.parts.push(cond);
    return this;
  }

  /** The conditions whose value is given, AND-ed into one (for a subquery); `true` when none is. */
  all(conds: [string, unknown][]): string {
    const out: string[] = [];
    for (const [cond, value] of conds) {
      if (value === undefined || value === null || value === '') continue;
      this.params.push(value);
      out.push(cond.replaceAll('?', `$${this.params.length}`));
    }
    return out.length ? out.join(' AND ') : 'true';
  }

  get sql(): string {
    return this.parts.length ? `WHERE ${this.parts.join(' AND ')}` : '';
  }
}

async function paged<T>(db: Db, from: string, w: Where, select: string, order: string, page?: PageRequest): Promise<Paged<T>> {
  const [{ total }] = await db.query<{ total: number }>(`SELECT count(*) AS total ${from} ${w.sql}`, w.params);
  const limit = page?.limit ?? null;
  const offset = page?.offset ?? 0;
  const n = w.params.length;
  const items = await db.query<T>(
    `SELECT ${select} ${from} ${w.sql} ORDER BY ${order} LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...w.params, limit, offset],
  );
  return { total, limit: limit ?? total, offset, items };
}

// ── documents ───────────────────────────────────────────────────────────────────────────

export interface DocumentListRow {
  id: number; name: string; media_type: string | null; pages: number | null; status: string;
  error_code: string | null; created_at: Date;
  forms: number; indicators: number; tables: number; anomalies: number; unreviewed: number;
}

const formOf = (f: ReadFilter) =>
  f.department !== undefined || f.year !== undefined || f.project !== undefined || f.kind !== undefined;

export function listDocuments(db: Db, f: ReadFilter = {}, page?: PageRequest): Promise<Paged<DocumentListRow>> {
  const w = new Where()
    .add('d.id = ?', f.documentId)
    .add('d.name = ?', f.documentName)
    .add(`d.name ILIKE ?`, f.q === undefined ? undefined : contains(f.q));
  if (formOf(f)) {
    w.raw(`EXISTS (SELECT 1 FROM forms x WHERE x.document_id = d.id AND ${w.all([
      ['x.department = ?', f.department], ['x.year = ?', f.year], ['x.project = ?', f.project], ['x.kind = ?', f.kind],
    ])})`);
  }
  if (f.rule !== undefined || f.severity !== undefined) {
    w.raw(`EXISTS (SELECT 1 FROM anomalies x WHERE x.document_id = d.id AND ${w.all([
      ['x.rule = ?', f.rule], ['x.severity = ?', f.severity],
    ])})`);
  }
  return paged<DocumentListRow>(
    db, 'FROM documents d', w,
    `d.id, d.name, d.media_type, d.page_count AS pages, d.status, d.error_code, d.created_at,
     (SELECT count(*) FROM forms x WHERE x.document_id = d.id) AS forms,
     (SELECT count(*) FROM indicators i JOIN forms x ON x.id = i.form_id WHERE x.document_id = d.id) AS indicators,
     (SELECT count(*) FROM budget_tables t WHERE t.document_id = d.id) AS tables,
     (SELECT count(*) FROM anomalies a WHERE a.document_id = d.id) AS anomalies,
     (SELECT count(*) FROM anomalies a WHERE a.document_id = d.id
        AND NOT EXISTS (SELECT 1 FROM anomaly_reviews r WHERE r.anomaly_id = a.id)) AS unreviewed`,
    'd.name COLLATE "C", d.id', page,
  );
}

// ── forms ───────────────────────────────────────────────────────────────────────────────

export interface FormListRow {
  id: number; document_id: number; document: string; ordinal: number; kind: string; attachment: string | null;
  title: string | null; year: number | null; project: string | null; department: string | null;
  implementer: string | null; fragment: boolean; amount_unit: string | null;
  executed_yuan: number | null; annual_budget_yuan: number | null; execution_rate: number | null;
  budget_score: number | null; indicator_count: number; indicator_score: number | null;
  recomputed_total: number | null; printed_total: number | null; printed_grade: string | null;
  grade_for_total: string | null; anomaly_count: number; page: number | null; line: number | null;
}

/** `documentId` filters the column `docId`: an anomaly of a budget table has no form. */
function formWhere(f: ReadFilter, form: string, doc: string, docId = `${form}.document_id`): Where {
  return new Where()
    .add(`${docId} = ?`, f.documentId)
    .add(`${doc}.name = ?`, f.documentName)
    .add(`${form}.department = ?`, f.department)
    .add(`${form}.year = ?`, f.year)
    .add(`${form}.project = ?`, f.project)
    .add(`${form}.kind = ?`, f.kind);
}

export function listForms(db: Db, f: ReadFilter = {}, page?: PageRequest): Promise<Paged<FormListRow>> {
  const w = formWhere(f, 'fo', 'd').add(
    `(fo.project ILIKE ? OR fo.title ILIKE ? OR d.name ILIKE ?)`, f.q === undefined ? undefined : contains(f.q),
  );
  return paged<FormListRow>(
    db,
    `FROM forms fo JOIN documents d ON d.id = fo.document_id JOIN form_facts ff ON ff.form_id = fo.id`,
    w,
    `fo.id, fo.document_id, d.name AS document, fo.ordinal, fo.kind, fo.attachment, fo.title, fo.year, fo.project,
     fo.department, fo.implementer, fo.fragment, fo.amount_unit, ff.executed_yuan, ff.annual_budget_yuan,
     ff.execution_rate, fo.budget_score, ff.indicator_count, ff.indicator_score, ff.recomputed_total,
     ff.printed_total, ff.printed_grade, ff.grade_for_total, ff.anomaly_count, fo.page, fo.line`,
    'd.name COLLATE "C", fo.document_id, fo.ordinal', page,
  );
}

// ── indicators ──────────────────────────────────────────────────────────────────────────

export interface IndicatorListRow {
  id: number; form_id: number; document_id: number; document: string; form: number;
  year: number | null; department: string | null; project: string | null; kind: string;
  level1: string | null; level2: string | null; name: string;
  target: string | null; target_op: string | null; target_value: number | null; target_unit: string | null;
  actual: string | null; actual_value: number | null; actual_unit: string | null; achievement: number | null;
  weight: number | null; score: number | null; lost_points: number | null; deviation: string | null;
  page: number | null; line: number | null; line_end: number | null;
}

function indicatorWhere(f: ReadFilter): Where {
  return formWhere(f, 'fo', 'd')
    .add('i.level1 = ?', f.level1)
    .add('i.level2 = ?', f.level2)
    .add('i.name ILIKE ?', f.q === undefined ? undefined : contains(f.q));
}

const INDICATOR_FROM = `FROM indicators i
  JOIN forms fo ON fo.id = i.form_id
  JOIN documents d ON d.id = fo.document_id
  JOIN indicator_facts v ON v.indicator_id = i.id`;

const INDICATOR_SELECT = `i.id, i.form_id, fo.document_id, d.name AS document, fo.ordinal AS form,
  fo.year, fo.department, fo.project, fo.kind, i.level1, i.level2, i.name,
  i.target, i.target_op, i.target_value, i.target_unit, v.actual, v.actual_value, v.actual_unit, v.achievement,
  i.weight, i.score, v.lost_points, i.deviation, i.page, i.line, i.line_end`;

const INDICATOR_ORDER = 'd.name COLLATE "C", fo.document_id, fo.ordinal, i.ordinal';

/** Without `page`: every matching row (exports). */
export function listIndicators(db: Db, f: ReadFilter = {}, page?: PageRequest): Promise<Paged<IndicatorListRow>> {
  return paged<IndicatorListRow>(db, INDICATOR_FROM, indicatorWhere(f), INDICATOR_SELECT, INDICATOR_ORDER, page);
}

// ── anomalies ───────────────────────────────────────────────────────────────────────────

export interface EvidenceDetail {
  field: string; value: string | null; page: number | null; line: number | null; line_end: number | null;
  bbox: number[] | null;
  /** The sheet or table cell (`附件1-2!C7`, `t2 r3 c4`) where the source has cells. */
  ref: string | null;
}

export interface ReviewState {
  id: number; decision: string; reviewer: string; reason: string | null; corrected_value: string | null;
  created_at: string;
}

export interface AnomalyListRow {
  id: number; document_id: number; document: string; media_type: string | null; ordinal: number;
  form_id: number | null; form: number | null; year: number | null; department: string | null; project: string | null;
  table_id: number | null; table_title: string | null;
  rule: string; severity: 'error' | 'warning'; indicator: string | null;
  expected: string | null; expected_num: number | null; found: string | null; found_num: number | null;
  message: string; evidence: EvidenceDetail[];
  /** The latest review, null when never reviewed. */
  review: ReviewState | null;
  review_count: number;
}

const ANOMALY_FROM = `FROM anomalies a
  JOIN documents d ON d.id = a.document_id
  LEFT JOIN forms fo ON fo.id = a.form_id
  LEFT JOIN budget_tables bt ON bt.id = a.table_id
  LEFT JOIN anomaly_review_state s ON s.anomaly_id = a.id`;

const ANOMALY_SELECT = `a.id, a.document_id, d.name AS document, d.media_type, a.ordinal,
  a.form_id, fo.ordinal AS form, fo.year, fo.department, fo.project, a.table_id, bt.title AS table_title,
  a.rule, a.severity, a.indicator, a.expected, a.expected_num, a.found, a.found_num, a.message,
  (SELECT coalesce(jsonb_agg(jsonb_build_object('field', e.field, 'value', e.value, 'page', e.page, 'line', e.line,
            'line_end', e.line_end, 'bbox', to_jsonb(e.bbox), 'ref', e.ref) ORDER BY e.ordinal), '[]'::jsonb)
     FROM anomaly_evidence e WHERE e.anomaly_id = a.id) AS evidence,
  CASE WHEN s.review_id IS NULL THEN NULL ELSE jsonb_build_object('id', s.review_id, 'decision', s.decision,
    'reviewer', s.reviewer, 'reason', s.reason, 'corrected_value', s.corrected_value, 'created_at', s.created_at) END AS review,
  coalesce(s.review_count, 0) AS review_count`;

export function anomalyWhere(f: ReadFilter): Where {
  return formWhere(f, 'fo', 'd', 'a.document_id')
    .add('a.rule = ?', f.rule)
    .add('a.severity = ?', f.severity)
    .raw(f.review === 'unreviewed' && 's.review_id IS NULL')
    .add('s.decision = ?', f.review === 'unreviewed' ? undefined : f.review)
    .add(`(a.message ILIKE ? OR a.indicator ILIKE ? OR fo.project ILIKE ? OR d.name ILIKE ?)`,
      f.q === undefined ? undefined : contains(f.q));
}

export function listAnomalyDetails(db: Db, f: ReadFilter = {}, page?: PageRequest): Promise<Paged<AnomalyListRow>> {
  return paged<AnomalyListRow>(db, ANOMALY_FROM, anomalyWhere(f), ANOMALY_SELECT, 'd.name COLLATE "C", a.document_id, a.ordinal', page);
}

export async function anomalyDetail(db: Db, id: number): Promise<AnomalyListRow | null> {
  const [row] = await db.query<AnomalyListRow>(`SELECT ${ANOMALY_SELECT} ${ANOMALY_FROM} WHERE a.id = $1`, [id]);
  return row ?? null;
}

export interface AnomalyCounts {
  total: number;
  rules: { rule: string; severity: string; count: number }[];
  severities: { severity: string; count: number }[];
  documents: { id: number; name: string; count: number }[];
  reviews: { state: string; count: number }[];
}

/** Counts per rule, severity, document and review state; each under the filter without its own dimension. */
export async function anomalyCounts(db: Db, f: ReadFilter = {}): Promise<AnomalyCounts> {
  const count = <T>(drop: (keyof ReadFilter)[], cols = '', group = '', order = group) => {
    const w = anomalyWhere({ ...f, ...Object.fromEntries(drop.map((k) => [k, undefined])) });
    const by = group ? ` GROUP BY ${group} ORDER BY ${order}` : '';
    return db.query<T>(`SELECT ${cols ? `${cols}, ` : ''}count(*) AS count ${ANOMALY_FROM} ${w.sql}${by}`, w.params);
  };
  const [rules, severities, documents, reviews, [all]] = await Promise.all([
    count<AnomalyCounts['rules'][number]>(['rule', 'severity'], 'a.rule, a.severity', 'a.rule, a.severity'),
    count<AnomalyCounts['severities'][number]>(['severity'], 'a.severity', 'a.severity'),
    count<AnomalyCounts['documents'][number]>(['documentId', 'documentName'], 'd.id, d.name', 'd.id, d.name', 'd.name COLLATE "C", d.id'),
    count<AnomalyCounts['reviews'][number]>(['review'], `coalesce(s.decision, 'unreviewed') AS state`, '1'),
    count<{ count: number }>([]),
  ]);
  return { total: all.count, rules, severities, documents, reviews };
}

// ── one document, reconstructed ────────────────────────────────────────────────────────

export interface ReconstructedForm {
  id: number; ordinal: number; kind: string; attachment: string | null; title: string | null; year: number | null;
  project: string | null; department: string | null; implementer: string | null; amount_unit: string | null;
  budget_score: number | null; total_score: number | null; grade: string | null; fragment: boolean;
  page: number | null; line: number | null; line_end: number | null;
  funding: {
    id: number; source: string; initial_budget: number | null; annual_budget: number | null; executed: number | null;
    balance: number | null; weight: number | null; rate: number | null; score: number | null;
    page: number | null; line: number | null; line_end: number | null;
  }[];
  indicators: {
    id: number; level1: string | null; level2: string | null; name: string; target_initial: string | null;
    target: string | null; actual: string | null; weight: number | null; score: number | null; deviation: string | null;
    page: number | null; line: number | null; line_end: number | null;
  }[];
}

export interface ReconstructedTable {
  id: number; ordinal: number; title: string; code: string | null; entity: string | null; amount_unit: string | null;
  columns: unknown[]; page: number | null; line: number | null; line_end: number | null;
  rows: { code: string | null; label: string; values: unknown[]; page: number | null; line: number | null; line_end: number | null }[];
}

/** The forms (funding block, indicator rows with their levels) and budget tables of one document, in order. */
export async function documentReconstruction(db: Db, documentId: number): Promise<{ forms: ReconstructedForm[]; tables: ReconstructedTable[] }> {
  const forms = await db.query<ReconstructedForm>(
    `SELECT f.id, f.ordinal, f.kind, f.attachment, f.title, f.year, f.project, f.department, f.implementer,
            f.amount_unit, f.budget_score, f.total_score, f.grade, f.fragment, f.page, f.line, f.line_end,
            (SELECT coalesce(jsonb_agg(jsonb_build_object('id', r.id, 'source', r.source,
                      'initial_budget', r.initial_budget, 'annual_budget', r.annual_budget, 'executed', r.executed,
                      'balance', r.balance, 'weight', r.weight, 'rate', r.rate, 'score', r.score,
                      'page', r.page, 'line', r.line, 'line_end', r.line_end) ORDER BY r.ordinal), '[]'::jsonb)
               FROM funding_rows r WHERE r.form_id = f.id) AS funding,
            (SELECT coalesce(jsonb_agg(jsonb_build_object('id', i.id, 'level1', i.level1, 'level2', i.level2,
                      'name', i.name, 'target_initial', i.target_initial, 'target', i.target, 'actual', i.actual,
                      'weight', i.weight, 'score', i.score, 'deviation', i.deviation,
                      'page', i.page, 'line', i.line, 'line_end', i.line_end) ORDER BY i.ordinal), '[]'::jsonb)
               FROM indicators i WHERE i.form_id = f.id) AS indicators
       FROM forms f WHERE f.document_id = $1 ORDER BY f.ordinal`,
    [documentId],
  );
  const tables = await db.query<ReconstructedTable>(
    `SELECT t.id, t.ordinal, t.title, t.code, t.entity, t.amount_unit, t.columns, t.page, t.line, t.line_end,
            (SELECT coalesce(jsonb_agg(jsonb_build_object('code', r.code, 'label', r.label, 'values', r."values",
                      'page', r.page, 'line', r.line, 'line_end', r.line_end) ORDER BY r.ordinal), '[]'::jsonb)
               FROM budget_rows r WHERE r.table_id = t.id) AS rows
       FROM budget_tables t WHERE t.document_id = $1 ORDER BY t.ordinal`,
    [documentId],
  );
  return { forms, tables };
}
