// The tables of a document as the review page draws them: the layout tables whose cells carry
// a sheet or table ref (XLSX, CSV, DOCX, HTML), each cut to a window of rows and a budget of
// cells, so that a cited cell of a 100,000-row sheet still comes in a small response.
import type { LayoutCell, LayoutTable } from '@ziping/core';

export interface SourceCell {
  col: number;
  text: string;
  rowSpan: number;
  colSpan: number;
  /** `附件1-2!C7`, `C7` (CSV), `t2 r3 c4` (DOCX, HTML); null for an empty slot. */
  ref: string | null;
}

export interface SourceRow {
  /** 0-based row of the table. */
  row: number;
  /** The row's number as the source counts it (sheet row, CSV record, table row); null if unknown. */
  n: number | null;
  /** The cells starting in this row, in column order, empty slots filled; a merged cell reaching in from above the window starts in the window's first row, its span clipped. */
  cells: SourceCell[];
}

export interface SourceTable {
  /** The sheet's name (XLSX), else `table N` (N as in the `tN` of DOCX/HTML refs, else the table's order). */
  name: string;
  /** The table's own ref where the reader gives one (XLSX: `附件1-2!A4:J26`). */
  range: string | null;
  row_count: number;
  col_count: number;
  rows: SourceRow[];
  /** Rows, columns or text were left out: the window, the caps. */
  truncated: boolean;
}

export interface TablesView {
  tables: SourceTable[];
  /** Tables in the window left out because the response's cell budget was spent. */
  tables_omitted: number;
}

export interface TableLimits { rows: number; cols: number; cells: number; totalCells: number; text: number }
export const TABLE_LIMITS: TableLimits = { rows: 400, cols: 200, cells: 8_000, totalCells: 20_000, text: 1_000 };

/** Which rows to send: tables with a cell on lines from..to, those rows and `context` rows on each side. */
export interface RowWindow { from: number; to: number; context: number }

const SHEET_REF = /^(.+)!\$?[A-Z]{1,3}\$?\d+$/;
const TABLE_REF = /^t(\d+) r(\d+) c\d+$/;
const ADDRESS_ROW = /(?:^|!)\$?[A-Z]{1,3}\$?(\d+)$/;

function nameOf(t: LayoutTable, order: number): string {
  const ref = t.cells.find((c) => c.prov.ref)?.prov.ref ?? '';
  const sheet = SHEET_REF.exec(ref);
  if (sheet) return sheet[1]!;
  const table = TABLE_REF.exec(ref);
  return `table ${table ? table[1] : order}`;
}

/** The number of the row a cell's ref names (`C7` → 7, `t2 r3 c4` → 3). */
function rowNumber(ref: string | undefined): number | null {
  if (!ref) return null;
  const m = TABLE_REF.exec(ref) ?? ADDRESS_ROW.exec(ref);
  return m ? Number(m[m.length - 1]) : null; // the row is the last group of either pattern
}

/** The first and last row with a cell on lines from..to; null when none is. */
function hitRows(t: LayoutTable, w: RowWindow): [number, number] | null {
  let a = Infinity, b = -Infinity;
  for (const c of t.cells) {
    if (c.prov.line > w.to || (c.prov.lineEnd ?? c.prov.line) < w.from) continue;
    a = Math.min(a, c.row);
    b = Math.max(b, c.row);
  }
  return a <= b ? [a, b] : null;
}

/** Rows hit first (from the top of the hit), then `context` rows on each side in turn, up to `max` rows. */
function rowRange(t: LayoutTable, [h0, h1]: [number, number], context: number, max: number): [number, number] {
  let r0 = h0, r1 = Math.min(h1, h0 + max - 1);
  for (let k = 0; k < context && r1 - r0 + 1 < max; k++) {
    const before = r0, after = r1;
    if (r0 > 0) r0--;
    if (r1 < t.rows - 1 && r1 - r0 + 1 < max) r1++;
    if (r0 === before && r1 === after) break;
  }
  return [r0, r1];
}

function rowsOf(t: LayoutTable, r0: number, r1: number, cols: number, lim: TableLimits): { rows: SourceRow[]; cut: boolean } {
  let cut = cols < t.cols;
  const starts = new Map<number, LayoutCell>(); // by slot r * cols + c, window rows only
  const taken = new Set<number>();
  for (const c of t.cells) {
    if (c.row > r1 || c.row + c.rowSpan - 1 < r0 || c.col >= cols) continue;
    const top = Math.max(c.row, r0);
    starts.set(top * cols + c.col, c);
    for (let r = top; r <= Math.min(r1, c.row + c.rowSpan - 1); r++) {
      for (let k = c.col; k < Math.min(cols, c.col + c.colSpan); k++) taken.add(r * cols + k);
    }
  }
  const rows: SourceRow[] = [];
  for (let r = r0; r <= r1; r++) {
    const cells: SourceCell[] = [];
    let n: number | null = null;
    for (let k = 0; k < cols; k++) {
      const c = starts.get(r * cols + k);
      if (c) {
        const top = Math.max(c.row, r0);
        let text = c.text;
        if (text.length > lim.text) { text = `${text.slice(0, lim.text)}…`; cut = true; }
        cells.push({
          col: k, text, rowSpan: Math.min(r1, c.row + c.rowSpan - 1) - top + 1, colSpan: Math.min(cols - k, c.colSpan),
          ref: c.prov.ref ?? null,
        });
        if (c.row === r) n ??= rowNumber(c.prov.ref);
      } else if (!taken.has(r * cols + k)) {
        cells.push({ col: k, text: '', rowSpan: 1, colSpan: 1, ref: null });
      }
    }
    const prev = rows.at(-1)?.n;
    rows.push({ row: r, n: n ?? (prev == null ? null : prev + 1), cells });
  }
  return { rows, cut };
}

/**
 * Of the tables with refs (all of a document's, in order: a CSV table is named by its place
 * among them; each with at least the cells the window's rows need), those that meet the
 * window, each cut to its rows and the limits.
 */
export function tablesView(tables: LayoutTable[], w: RowWindow, lim: TableLimits = TABLE_LIMITS): TablesView {
  const out: SourceTable[] = [];
  let budget = lim.totalCells;
  let omitted = 0;
  tables.forEach((t, i) => {
    const hit = hitRows(t, w);
    if (!hit) return;
    const cols = Math.min(t.cols, lim.cols);
    const maxRows = Math.min(lim.rows, Math.floor(Math.min(lim.cells, budget) / Math.max(1, cols)));
    if (maxRows < 1) { omitted++; return; }
    const [r0, r1] = rowRange(t, hit, w.context, maxRows);
    const { rows, cut } = rowsOf(t, r0, r1, cols, lim);
    budget -= rows.reduce((s, r) => s + r.cells.length, 0);
    out.push({
      name: nameOf(t, i + 1), range: t.prov.ref ?? null, row_count: t.rows, col_count: t.cols,
      rows, truncated: cut || r0 > 0 || r1 < t.rows - 1,
    });
  });
  return { tables: out, tables_omitted: omitted };
}
