// The large lists: forms, funding rows, indicators, anomalies, reviews. Each is read in the
// order of a key an index gives (indicators: form id, row; anomalies: id), a page starting
// after the key of the previous page's last row, so page 20,000 costs what page 1 costs; the
// derived figures are stored columns (migration 010), read, not computed, per row. `form` is
// the form's number in its document counted from 1, as on the review page.
import type { Db } from './db.ts';
import { COUNT_CAP, Where, contains, type PageRequest, type Paged, type ReadFilter } from './read.ts';

interface ListSql {
  /** FROM and JOINs the filter needs. */
  from: string;
  where: Where;
  /** Key columns, unique together, in the order of an index. */
  key: string[];
  /**
   * Columns equal to the first key column through a join (fo.id = i.form_id). The planner
   * carries equalities across a join, not `>`: without `fo.id >= …` too, a page deep in a
   * filtered list would walk the forms from the first.
   */
  lead?: string[];
  /** The columns of a row (over `from`). */
  select: string;
  /** Per-row work done on the page only: joins over the page `p`, and the columns they add. */
  outer?: { joins: string; select: string };
}

/** A cursor that is not one of this list's (another list's `next`): the client's mistake. */
export class CursorError extends Error {}

export interface ListOptions {
  /** false: no count (exports); total 0. */
  count?: boolean;
  /** Where counting stops (COUNT_CAP). */
  countCap?: number;
}

async function keyset<T>(db: Db, l: ListSql, page: PageRequest | undefined, opt: ListOptions = {}): Promise<Paged<T>> {
  const w = l.where;
  if (page?.after && page.after.length !== l.key.length) throw new CursorError(`this list's cursor has ${l.key.length} values, not ${page.after.length}`);
  const cap = opt.countCap ?? COUNT_CAP;
  let total = 0;
  let totalExact = true;
  if (opt.count !== false) {
    const [{ n }] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM (SELECT 1 ${l.from} ${w.sql} LIMIT ${cap + 1}) c`, w.params);
    totalExact = n <= cap;
    total = Math.min(n, cap);
  }
  const limit = page?.limit ?? 1000;
  const offset = page?.offset ?? 0;
  const params = [...w.params];
  let cond = w.sql;
  if (page?.after) {
    const ph = page.after.map((v) => { params.push(v); return `$${params.length}`; });
    // a row comparison over the index columns: an index condition, not a filter
    cond = `${cond ? `${cond} AND` : 'WHERE'} (${l.key.join(', ')}) > (${ph.join(', ')})`;
    for (const c of l.lead ?? []) cond += ` AND ${c} >= ${ph[0]}`;
  }
  const keys = l.key.map((k, i) => `${k} AS _k${i}`).join(', ');
  const order = l.key.map((_, i) => `_k${i}`).join(', ');
  const rowsSql = `SELECT ${l.select}, ${keys} ${l.from} ${cond}`;
  // Few matches (the count says so): read them all and sort, rather than let the planner walk
  // the key's index hoping to meet 50 of them early — with filters that rarely hold together,
  // that walk reads the whole index. OFFSET 0 keeps the subquery planned for all its rows.
  const selective = w.sql !== '' && opt.count !== false && totalExact;
  const inner = selective
    ? `SELECT * FROM (${rowsSql} OFFSET 0) m ORDER BY ${order} LIMIT ${limit + 1} OFFSET ${offset}`
    : `${rowsSql} ORDER BY ${order} LIMIT ${limit + 1} OFFSET ${offset}`;
  const sql = l.outer ? `SELECT p.*, ${l.outer.select} FROM (${inner}) p ${l.outer.joins} ORDER BY ${order.replace(/_k/g, 'p._k')}` : inner;
  const rows = await db.query<Record<string, unknown>>(sql, params);
  const more = rows.length > limit;
  if (more) rows.pop();
  const last = rows.at(-1);
  const next = more && last ? l.key.map((_, i) => last[`_k${i}`] as number) : null;
  for (const r of rows) for (let i = 0; i < l.key.length; i++) delete r[`_k${i}`];
  return { total, totalExact, limit, offset, next, items: rows as T[] };
}

/** Every row the filter matches, a page of `batch` at a time, in list order (exports). */
export async function* everyRow<T>(list: (page: PageRequest) => Promise<Paged<T>>, batch = 2000): AsyncGenerator<T> {
  let after: number[] | undefined;
  for (;;) {
    const p = await list({ limit: batch, after });
    yield* p.items;
    if (!p.next) return;
    after = p.next;
  }
}

/** `documentId` filters the column `docId`: an anomaly of a budget table has no form. */
function formWhere(f: ReadFilter, docId = 'fo.document_id'): Where {
  return new Where()
    .add(`${docId} = ?`, f.documentId)
    .add('d.name = ?', f.documentName)
    .add('fo.department = ?', f.department)
    .add('fo.year = ?', f.year)
    .add('fo.project = ?', f.project)
    .add('fo.kind = ?', f.kind);
}

const q = (f: ReadFilter) => (f.q === undefined ? undefined : contains(f.q));

/** A table of rows under a form (`alias` as the row), keyed by form and row number. */
const formRows = (table: string, alias: string): Pick<ListSql, 'from' | 'key' | 'lead'> => ({
  from: `FROM ${table} ${alias} JOIN forms fo ON fo.id = ${alias}.form_id JOIN documents d ON d.id = fo.document_id`,
  key: [`${alias}.form_id`, `${alias}.ordinal`],
  lead: ['fo.id'],
});

// ── forms ───────────────────────────────────────────────────────────────────────────────

export interface FormListRow {
  id: number; document_id: number; document: string; form: number; kind: string; attachment: string | null;
  title: string | null; year: number | null; project: string | null; department: string | null;
  implementer: string | null; fragment: boolean; amount_unit: string | null;
  executed_yuan: number | null; annual_budget_yuan: number | null; execution_rate: number | null;
  budget_score: number | null; indicator_count: number; indicator_score: number | null;
  recomputed_total: number | null; printed_total: number | null; printed_grade: string | null;
  grade_for_total: string | null; anomaly_count: number; page: number | null; line: number | null;
}

// what form_facts computes, for the forms of one page only
const FORM_OUTER = {
  joins: `LEFT JOIN LATERAL (SELECT count(*) AS indicator_count, sum(i.score) AS indicator_score
                              FROM indicators i WHERE i.form_id = p.id) s ON true
          LEFT JOIN LATERAL (SELECT r.executed_yuan, r.annual_budget_yuan, r.recomputed_rate
                              FROM funding_rows r WHERE r.form_id = p.id ORDER BY r.ordinal LIMIT 1) t ON true`,
  select: `t.executed_yuan, t.annual_budget_yuan, t.recomputed_rate AS execution_rate, s.indicator_count, s.indicator_score,
           p.budget_score + s.indicator_score AS recomputed_total,
           (SELECT count(*) FROM anomalies a WHERE a.form_id = p.id) AS anomaly_count`,
};

export function listForms(db: Db, f: ReadFilter = {}, page?: PageRequest, opt?: ListOptions): Promise<Paged<FormListRow>> {
  return keyset<FormListRow>(db, {
    from: 'FROM forms fo JOIN documents d ON d.id = fo.document_id',
    where: formWhere(f).add('(fo.project ILIKE ? OR fo.title ILIKE ? OR d.name ILIKE ?)', q(f)),
    key: ['fo.id'],
    select: `fo.id, fo.document_id, d.name AS document, fo.ordinal + 1 AS form, fo.kind, fo.attachment, fo.title, fo.year,
      fo.project, fo.department, fo.implementer, fo.fragment, fo.amount_unit, fo.budget_score,
      fo.total_score AS printed_total, fo.grade AS printed_grade,
      CASE WHEN fo.total_score IS NULL THEN NULL WHEN fo.total_score >= 90 THEN '优' WHEN fo.total_score >= 80 THEN '良'
           WHEN fo.total_score >= 60 THEN '中' ELSE '差' END AS grade_for_total, fo.page, fo.line`,
    outer: FORM_OUTER,
  }, page, opt);
}

// ── funding rows ────────────────────────────────────────────────────────────────────────

export interface FundingListRow {
  id: number; form_id: number; document_id: number; document: string; form: number; row: number;
  year: number | null; department: string | null; project: string | null; kind: string;
  source: string; amount_unit: string | null;
  initial_budget: number | null; annual_budget: number | null; executed: number | null; balance: number | null;
  initial_budget_yuan: number | null; annual_budget_yuan: number | null; executed_yuan: number | null; balance_yuan: number | null;
  weight: number | null; printed_rate: number | null; recomputed_rate: number | null; score: number | null;
  page: number | null; line: number | null; line_end: number | null;
}

export function listFunding(db: Db, f: ReadFilter = {}, page?: PageRequest, opt?: ListOptions): Promise<Paged<FundingListRow>> {
  return keyset<FundingListRow>(db, {
    ...formRows('funding_rows', 'r'),
    where: formWhere(f).add('(r.source ILIKE ? OR fo.project ILIKE ? OR d.name ILIKE ?)', q(f)),
    select: `r.id, r.form_id, fo.document_id, d.name AS document, fo.ordinal + 1 AS form, r.ordinal + 1 AS row,
      fo.year, fo.department, fo.project, fo.kind, r.source, r.amount_unit,
      r.initial_budget, r.annual_budget, r.executed, r.balance,
      r.initial_budget_yuan, r.annual_budget_yuan, r.executed_yuan, r.balance_yuan,
      r.weight, r.rate AS printed_rate, r.recomputed_rate, r.score, r.page, r.line, r.line_end`,
  }, page, opt);
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

/** Without `page`: the first 1,000 rows (exports walk with everyRow). */
export function listIndicators(db: Db, f: ReadFilter = {}, page?: PageRequest, opt?: ListOptions): Promise<Paged<IndicatorListRow>> {
  return keyset<IndicatorListRow>(db, {
    ...formRows('indicators', 'i'),
    where: formWhere(f).add('i.level1 = ?', f.level1).add('i.level2 = ?', f.level2).add('i.name ILIKE ?', q(f)),
    select: `i.id, i.form_id, fo.document_id, d.name AS document, fo.ordinal + 1 AS form,
      fo.year, fo.department, fo.project, fo.kind, i.level1, i.level2, i.name,
      i.target, i.target_op, i.target_value, i.target_unit, i.actual, i.actual_value, i.actual_unit, i.achievement,
      i.weight, i.score, i.lost_points, i.deviation, i.page, i.line, i.line_end`,
  }, page, opt);
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

// what anomalyWhere filters on, joined to an anomaly `a`
const ANOMALY_JOINS = `JOIN documents d ON d.id = a.document_id
  LEFT JOIN forms fo ON fo.id = a.form_id
  LEFT JOIN anomaly_latest_review lr ON lr.anomaly_id = a.id`;

export const ANOMALY_FROM = `FROM anomalies a ${ANOMALY_JOINS}`;

const ANOMALY_SELECT = `a.id, a.document_id, d.name AS document, d.media_type, a.ordinal,
  a.form_id, fo.ordinal + 1 AS form, fo.year, fo.department, fo.project, a.table_id,
  a.rule, a.severity, a.indicator, a.expected, a.expected_num, a.found, a.found_num, a.message, lr.review_id`;

// evidence, table title and latest review: looked up for the rows of the page only
const ANOMALY_OUTER = {
  joins: `LEFT JOIN budget_tables bt ON bt.id = p.table_id
          LEFT JOIN anomaly_reviews s ON s.id = p.review_id`,
  select: `bt.title AS table_title,
    (SELECT coalesce(jsonb_agg(jsonb_build_object('field', e.field, 'value', e.value, 'page', e.page, 'line', e.line,
              'line_end', e.line_end, 'bbox', to_jsonb(e.bbox), 'ref', e.ref) ORDER BY e.ordinal), '[]'::jsonb)
       FROM anomaly_evidence e WHERE e.anomaly_id = p.id) AS evidence,
    CASE WHEN s.id IS NULL THEN NULL ELSE jsonb_build_object('id', s.id, 'decision', s.decision,
      'reviewer', s.reviewer, 'reason', s.reason, 'corrected_value', s.corrected_value, 'created_at', s.created_at) END AS review,
    (SELECT count(*) FROM anomaly_reviews c WHERE c.anomaly_id = p.id) AS review_count`,
};

export function anomalyWhere(f: ReadFilter): Where {
  return formWhere(f, 'a.document_id')
    .add('a.rule = ?', f.rule)
    .add('a.severity = ?', f.severity)
    .raw(f.review === 'unreviewed' && 'lr.anomaly_id IS NULL')
    .add('lr.decision = ?', f.review === 'unreviewed' ? undefined : f.review)
    .add('(a.message ILIKE ? OR a.indicator ILIKE ? OR fo.project ILIKE ? OR d.name ILIKE ?)', q(f));
}

const stripReviewId = <T>(p: Paged<T>): Paged<T> => {
  for (const r of p.items) delete (r as { review_id?: unknown }).review_id;
  return p;
};

export async function listAnomalyDetails(db: Db, f: ReadFilter = {}, page?: PageRequest, opt?: ListOptions): Promise<Paged<AnomalyListRow>> {
  return stripReviewId(await keyset<AnomalyListRow>(db, {
    from: ANOMALY_FROM, where: anomalyWhere(f), key: ['a.id'], select: ANOMALY_SELECT, outer: ANOMALY_OUTER,
  }, page, opt));
}

export async function anomalyDetail(db: Db, id: number): Promise<AnomalyListRow | null> {
  const p = await listAnomalyDetails(db, {}, { limit: 1, after: [id - 1] }, { count: false });
  return p.items[0]?.id === id ? p.items[0] : null;
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
    count<AnomalyCounts['reviews'][number]>(['review'], `coalesce(lr.decision, 'unreviewed') AS state`, '1'),
    count<{ count: number }>([]),
  ]);
  return { total: all.count, rules, severities, documents, reviews };
}

// ── reviews ─────────────────────────────────────────────────────────────────────────────

export interface ReviewListRow {
  id: number; anomaly_id: number; document_id: number; document: string; form: number | null;
  project: string | null; rule: string; severity: string; indicator: string | null; message: string;
  decision: string; reviewer: string; reason: string | null; corrected_value: string | null; created_at: Date;
  /** Whether this is the anomaly's latest decision (its current state). */
  latest: boolean;
}

/** Every decision (the history), oldest first, of the anomalies the filter matches. */
export function listReviews(db: Db, f: ReadFilter = {}, page?: PageRequest, opt?: ListOptions): Promise<Paged<ReviewListRow>> {
  return keyset<ReviewListRow>(db, {
    from: `FROM anomaly_reviews r JOIN anomalies a ON a.id = r.anomaly_id ${ANOMALY_JOINS}`,
    where: anomalyWhere(f),
    key: ['r.id'],
    select: `r.id, r.anomaly_id, a.document_id, d.name AS document, fo.ordinal + 1 AS form, fo.project,
      a.rule, a.severity, a.indicator, a.message, r.decision, r.reviewer, r.reason, r.corrected_value, r.created_at,
      r.id = lr.review_id AS latest`,
  }, page, opt);
}
