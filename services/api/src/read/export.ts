// The indicators export: one table, the same columns in CSV and XLSX.
import type { IndicatorListRow } from '@ziping/store';
import ExcelJS from 'exceljs';

type Column = keyof IndicatorListRow;

/** Header row = these names, in this order. */
export const INDICATOR_COLUMNS: readonly Column[] = [
  'document', 'form', 'year', 'department', 'project', 'kind', 'level1', 'level2', 'name',
  'target', 'target_op', 'target_value', 'target_unit', 'actual', 'actual_value', 'actual_unit', 'achievement',
  'weight', 'score', 'lost_points', 'deviation', 'page', 'line', 'id',
];

/**
 * A text cell Excel would run as a formula (=, +, @, a tab or CR first; a minus before
 * anything but a number) gets a leading apostrophe. The data comes from uploaded files.
 */
export function defuse(s: string): string {
  if (/^[=+@\t\r]/.test(s) || (s.startsWith('-') && s !== '-' && !/^-\d+(\.\d+)?%?$/.test(s))) return `'${s}`;
  return s;
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? defuse(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** UTF-8 with a byte-order mark (Excel then reads the Chinese right), CRLF line ends (RFC 4180). */
export function indicatorsCsv(rows: IndicatorListRow[]): string {
  const lines = [INDICATOR_COLUMNS.join(',')];
  for (const r of rows) lines.push(INDICATOR_COLUMNS.map((c) => csvCell(r[c])).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export async function indicatorsXlsx(rows: IndicatorListRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'ziping';
  const ws = wb.addWorksheet('indicators', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = INDICATOR_COLUMNS.map((c) => ({ header: c, key: c, width: c === 'name' || c === 'project' || c === 'deviation' ? 40 : 12 }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(Object.fromEntries(INDICATOR_COLUMNS.map((c) => [c, r[c] ?? null])));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
