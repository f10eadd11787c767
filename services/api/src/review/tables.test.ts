import type { LayoutCell, LayoutTable } from '@ziping/core';
import { describe, expect, it } from 'vitest';
import { tablesView, TABLE_LIMITS } from './tables.ts';

const ALL = { from: 1, to: Number.MAX_SAFE_INTEGER, context: Infinity };
const LINE0 = 10; // row r of a table is on line LINE0 + r

function cell(row: number, col: number, text: string, ref: string | undefined, rowSpan = 1, colSpan = 1): LayoutCell {
  return { row, col, rowSpan, colSpan, text, raw: text, prov: { page: 1, line: LINE0 + row, ...(ref ? { ref } : {}) } };
}

/**
 * A sheet table starting at sheet row 3: a title across all columns, a level label merged
 * over rows 1–4, a 3×5 body with one empty slot (3, 2), a total row.
 */
function sheetTable(sheet = '附件1-2'): LayoutTable {
  const addr = (r: number, c: number) => `${sheet}!${'ABCD'[c]}${r + 3}`;
  const cells = [cell(0, 0, '项目支出绩效自评表', addr(0, 0), 1, 4), cell(1, 0, '产出指标', addr(1, 0), 4)];
  for (let r = 1; r <= 5; r++) {
    for (let c = 1; c <= 3; c++) if (!(r === 3 && c === 2)) cells.push(cell(r, c, `${r}-${c}`, addr(r, c)));
  }
  cells.push(cell(5, 0, '合计', addr(5, 0)));
  cells.sort((a, b) => a.row - b.row || a.col - b.col);
  return { kind: 'table', rows: 6, cols: 4, cells, prov: { page: 1, line: LINE0, lineEnd: LINE0 + 5, ref: `${sheet}!A3:D8` } };
}

const texts = (row: { cells: { text: string }[] }) => row.cells.map((c) => c.text);

describe('tablesView', () => {
  it('sends a whole table: merged cells once with their spans, empty slots filled, rows numbered as the sheet numbers them', () => {
    const { tables, tables_omitted } = tablesView([sheetTable()], ALL);
    expect(tables_omitted).toBe(0);
    expect(tables).toHaveLength(1);
    const [t] = tables;
    expect(t).toMatchObject({ name: '附件1-2', range: '附件1-2!A3:D8', row_count: 6, col_count: 4, truncated: false });
    expect(t!.rows.map((r) => r.n)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(t!.rows[0]!.cells).toEqual([{ col: 0, text: '项目支出绩效自评表', rowSpan: 1, colSpan: 4, ref: '附件1-2!A3' }]);
    expect(t!.rows[1]!.cells[0]).toEqual({ col: 0, text: '产出指标', rowSpan: 4, colSpan: 1, ref: '附件1-2!A4' });
    expect(texts(t!.rows[2]!)).toEqual(['2-1', '2-2', '2-3']); // column 0 is under the merge
    expect(t!.rows[3]!.cells).toEqual([
      { col: 1, text: '3-1', rowSpan: 1, colSpan: 1, ref: '附件1-2!B6' },
      { col: 2, text: '', rowSpan: 1, colSpan: 1, ref: null },
      { col: 3, text: '3-3', rowSpan: 1, colSpan: 1, ref: '附件1-2!D6' },
    ]);
    expect(texts(t!.rows[5]!)).toEqual(['合计', '5-1', '5-2', '5-3']);
  });

  it('cuts a window of rows around the lines asked for; a merge from above starts in its first row, clipped', () => {
    const { tables } = tablesView([sheetTable()], { from: LINE0 + 3, to: LINE0 + 3, context: 1 });
    const [t] = tables;
    expect(t!.rows.map((r) => r.row)).toEqual([2, 3, 4]);
    expect(t!.truncated).toBe(true);
    expect(t!.rows[0]!.cells[0]).toEqual({ col: 0, text: '产出指标', rowSpan: 3, colSpan: 1, ref: '附件1-2!A4' });
    expect(t!.rows[0]!.n).toBe(5);
    // a table with no cell on those lines is not sent
    expect(tablesView([sheetTable()], { from: 1, to: LINE0 - 1, context: 5 }).tables).toEqual([]);
  });

  it('keeps to the caps and says what it left out', () => {
    const lim = { ...TABLE_LIMITS, rows: 2, text: 3 };
    const [t] = tablesView([sheetTable()], { from: LINE0 + 4, to: LINE0 + 4, context: 5 }, lim).tables;
    expect(t!.rows).toHaveLength(2);
    expect(t!.truncated).toBe(true);
    expect(tablesView([sheetTable()], ALL, lim).tables[0]!.rows[0]!.cells[0]!.text).toBe('项目支…');
    // the first table sends 18 cells; what is left of the response's budget cuts the second
    const two = [sheetTable('甲'), sheetTable('乙')];
    const cut = tablesView(two, ALL, { ...TABLE_LIMITS, totalCells: 24 });
    expect(cut.tables.map((x) => [x.name, x.rows.length, x.truncated])).toEqual([['甲', 6, false], ['乙', 1, true]]);
    const wide: LayoutTable = {
      kind: 'table', rows: 1, cols: 8, prov: { page: 1, line: 1 }, cells: Array.from({ length: 8 }, (_, c) => cell(0, c, '宽', `t1 r1 c${c + 1}`)),
    };
    const none = tablesView([sheetTable('甲'), wide], ALL, { ...TABLE_LIMITS, totalCells: 24 }); // 6 cells left: not one row of 8
    expect(none.tables.map((x) => x.name)).toEqual(['甲']);
    expect(none.tables_omitted).toBe(1);
    const narrow = tablesView([sheetTable()], ALL, { ...TABLE_LIMITS, cols: 2 }).tables[0]!;
    expect(narrow.truncated).toBe(true);
    expect(narrow.rows[0]!.cells).toEqual([{ col: 0, text: '项目支出绩效自评表', rowSpan: 1, colSpan: 2, ref: '附件1-2!A3' }]);
  });

  it('names DOCX/HTML tables by their ref, CSV tables by their order, and skips tables without refs', () => {
    const docx: LayoutTable = { kind: 'table', rows: 1, cols: 2, prov: { page: 1, line: 1 }, cells: [cell(0, 0, '甲', 't2 r1 c1'), cell(0, 1, '乙', 't2 r1 c2')] };
    const pdf: LayoutTable = { kind: 'table', rows: 1, cols: 1, prov: { page: 1, line: 1 }, cells: [cell(0, 0, '丙', undefined)] };
    const csv: LayoutTable = { kind: 'table', rows: 1, cols: 1, prov: { page: 1, line: 1 }, cells: [cell(0, 0, '丁', 'C7')] };
    const { tables } = tablesView([pdf, docx, csv].filter((t) => t.cells.some((c) => c.prov.ref)), ALL);
    expect(tables.map((t) => [t.name, t.range, t.rows[0]!.n])).toEqual([['table 2', null, 1], ['table 2', null, 7]]);
  });
});
