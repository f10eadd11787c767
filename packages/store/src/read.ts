// Read side of the analyst and auditor surfaces (services/api read routes, exports, the
// review page): the filter, the documents list (few rows: offset paging, exact total), one
// document reconstructed. The large lists (forms, funding, indicators, anomalies, reviews)
// page by key: lists.ts. Every filter is optional; text filters are exact except `q`, a
// case-insensitive substring (ILIKE) of the names, which no index serves.
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

export interface PageRequest {
  limit: number;
  offset?: number;
  /** The key of the last row of the previous page (`next` of that page); keyset lists only. */
  after?: number[];
}
export interface Paged<T> {
  /** Rows the filter matches, counted up to COUNT_CAP; `totalExact` false: at least that many. */
  total: number;
  totalExact: boolean;
  limit: number;
  offset: number;
  /** The key of this page's last row when more rows follow (keyset lists), else null. */
  next: number[] | null;
  items: T[];
}

/** Counting a million matches costs more than the page itself: counts stop here. */
export const COUNT_CAP = 1000;

export const REVIEW_STATES = ['unreviewed', 'confirmed', 'dismissed', 'corrected'] as const;

/** `%q%` for ILIKE, with the pattern characters of `q` taken literally. */
export const contains = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** AND-ed conditions with numbered parameters; `?` in a condition stands for its value. */
export class Where {
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

export async function paged<T>(db: Db, from: string, w: Where, select: string, order: string, page?: PageRequest): Promise<Paged<T>> {
  const [{ total }] = await db.query<{ total: number }>(`SELECT count(*) AS total ${from} ${w.sql}`, w.params);
  const limit = page?.limit ?? null;
  const offset = page?.offset ?? 0;
  const n = w.params.length;
  const items = await db.query<T>(
    `SELECT ${select} ${from} ${w.sql} ORDER BY ${order} LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...w.params, limit, offset],
  );
  return { total, totalExact: true, limit: limit ?? total, offset, next: null, items };
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

/** The ids of the documents with this exact file name, oldest first (`document=<name>` resolves through it). */
export async function documentsNamed(db: Db, name: string): Promise<number[]> {
  return (await db.query<{ id: number }>('SELECT id FROM documents WHERE name = $1 ORDER BY id', [name])).map((r) => r.id);
}
