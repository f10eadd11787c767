// Exports: one table per entity, the same columns in CSV and XLSX, every row the filters
// match, streamed a page at a time (a million rows never sit in memory at once).
// Values are written as stored. In XLSX every text is a string cell (t="s"), which Excel
// shows and never evaluates, so `=12个月` stays `=12个月`. CSV has no cell types: it is
// written verbatim (for pandas, R, COPY); `formulas=escape` prefixes an apostrophe to text
// Excel would run as a formula (OWASP's defence, which changes those values).
import { PassThrough, Readable } from 'node:stream';
import type { AnomalyListRow, FormListRow, FundingListRow, IndicatorListRow, ReviewListRow } from '@ziping/store';
import ExcelJS from 'exceljs';

export interface Table<T> { name: string; columns: readonly string[]; cells(row: T): unknown[] }

const table = <T>(name: string, columns: readonly (keyof T & string)[]): Table<T> =>
  ({ name, columns, cells: (r) => columns.map((c) => r[c]) });

export const INDICATOR_COLUMNS: readonly (keyof IndicatorListRow & string)[] = [
  'document', 'form', 'year', 'department', 'project', 'kind', 'level1', 'level2', 'name',
  'target', 'target_op', 'target_value', 'target_unit', 'actual', 'actual_value', 'actual_unit', 'achievement',
  'weight', 'score', 'lost_points', 'deviation', 'page', 'line', 'id', 'document_id',
];

export const TABLES = {
  indicators: table<IndicatorListRow>('indicators', INDICATOR_COLUMNS),
  forms: table<FormListRow>('forms', [
    'document', 'form', 'kind', 'attachment', 'title', 'year', 'department', 'project', 'implementer', 'fragment',
    'amount_unit', 'executed_yuan', 'annual_budget_yuan', 'execution_rate', 'budget_score', 'indicator_count',
    'indicator_score', 'recomputed_total', 'printed_total', 'printed_grade', 'grade_for_total', 'anomaly_count',
    'page', 'line', 'id', 'document_id',
  ]),
  funding: table<FundingListRow>('funding', [
    'document', 'form', 'row', 'year', 'department', 'project', 'kind', 'source', 'amount_unit',
    'initial_budget', 'annual_budget', 'executed', 'balance',
    'initial_budget_yuan', 'annual_budget_yuan', 'executed_yuan', 'balance_yuan',
    'weight', 'printed_rate', 'recomputed_rate', 'score', 'page', 'line', 'id', 'document_id',
  ]),
  anomalies: anomalyTable(),
  reviews: table<ReviewListRow>('reviews', [
    'anomaly_id', 'document', 'form', 'project', 'rule', 'severity', 'indicator', 'message',
    'decision', 'reviewer', 'reason', 'corrected_value', 'created_at', 'latest', 'id', 'document_id',
  ]),
};
export type Entity = keyof typeof TABLES;

/** Evidence as one cell: `field=value (p3 l12-14 附件1!C7)`, one per line. */
function evidenceText(a: AnomalyListRow): string {
  return a.evidence.map((e) => {
    const at = [e.page != null && `p${e.page}`, e.line != null && `l${e.line}${e.line_end != null && e.line_end !== e.line ? `-${e.line_end}` : ''}`, e.ref]
      .filter(Boolean).join(' ');
    return `${e.field}=${e.value ?? ''}${at ? ` (${at})` : ''}`;
  }).join('\n');
}

function anomalyTable(): Table<AnomalyListRow> {
  const plain = ['document', 'form', 'year', 'department', 'project', 'table_title', 'rule', 'severity', 'indicator',
    'expected', 'found', 'message'] as const;
  return {
    name: 'anomalies',
    columns: [...plain, 'evidence', 'review', 'reviewer', 'review_reason', 'corrected_value', 'reviewed_at', 'review_count', 'id', 'document_id'],
    cells: (a) => [
      ...plain.map((c) => a[c]), evidenceText(a), a.review?.decision ?? 'unreviewed', a.review?.reviewer, a.review?.reason,
      a.review?.corrected_value, a.review?.created_at, a.review_count, a.id, a.document_id,
    ],
  };
}

/**
 * A text cell Excel would run as a formula (=, +, @, a tab or CR first; a minus before
 * anything but a number) gets a leading apostrophe. Only with `formulas=escape`.
 */
export function defuse(s: string): string {
  if (/^[=+@\t\r]/.test(s) || (s.startsWith('-') && s !== '-' && !/^-\d+(\.\d+)?%?$/.test(s))) return `'${s}`;
  return s;
}

function csvCell(v: unknown, escape: boolean): string {
  if (v === null || v === undefined) return '';
  const s = v instanceof Date ? v.toISOString() : typeof v === 'string' ? (escape ? defuse(v) : v) : typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** UTF-8 with a byte-order mark (Excel then reads the Chinese right), CRLF line ends (RFC 4180). */
export function csvStream<T>(t: Table<T>, rows: AsyncIterable<T>, escape = false): Readable {
  return Readable.from((async function* () {
    yield `\uFEFF${t.columns.join(',')}\r\n`;
    let chunk = '';
    for await (const r of rows) {
      chunk += `${t.cells(r).map((v) => csvCell(v, escape)).join(',')}\r\n`;
      if (chunk.length > 1 << 16) { yield chunk; chunk = ''; }
    }
    if (chunk) yield chunk;
  })());
}

export function xlsxStream<T>(t: Table<T>, rows: AsyncIterable<T>): Readable {
  const out = new PassThrough();
  // shared strings: every text is a t="s" cell (the writer's default, t="str", is a formula's result)
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true, useStyles: true });
  wb.creator = 'ziping';
  const ws = wb.addWorksheet(t.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = t.columns.map((c) => ({ key: c, width: ['name', 'project', 'message', 'evidence', 'title'].includes(c) ? 40 : 12 }));
  (async () => {
    const head = ws.addRow([...t.columns]);
    head.font = { bold: true };
    head.commit();
    for await (const r of rows) ws.addRow(t.cells(r).map((v) => (v === undefined ? null : v))).commit();
    ws.commit();
    await wb.commit();
  })().catch((e: Error) => out.destroy(e));
  return out;
}
