import type { BBox, LayoutCell, LayoutTable } from '@ziping/core';
import { describe, expect, it } from 'vitest';
import { joinCutRow } from './pagecut.ts';

// three columns at x 0–100, 100–200, 200–400
const X: [number, number][] = [[0, 100], [100, 200], [200, 400]];
const cell = (page: number, row: number, col: number, text: string, rowSpan = 1, colSpan = 1): LayoutCell => {
  const bbox: BBox = [X[col]![0], row * 20, X[col + colSpan - 1]![1], (row + rowSpan) * 20];
  return { row, col, rowSpan, colSpan, text, raw: text, prov: { page, line: page * 100 + row, bbox } };
};
const table = (page: number, rows: number, cells: LayoutCell[]): LayoutTable => ({ kind: 'table', rows, cols: 3, cells, prov: { page, line: page * 100 } });
const texts = (t: LayoutTable) => t.cells.map((c) => `${c.row},${c.col} ${c.text}`);

describe('a row cut by a page break', () => {
  it('goes on the last row of the page before, column by column, and leaves the next page\'s table without it', () => {
    const above = table(3, 2, [cell(3, 0, 0, '满意度指标', 2), cell(3, 0, 1, '受灾群众满意度'), cell(3, 1, 1, '服务满意度'), cell(3, 1, 2, '部分群众对安置条件有意见；将完善配置标')]);
    const below = table(4, 2, [cell(4, 0, 2, '准。'), cell(4, 1, 0, '总分', 1, 2), cell(4, 1, 2, '89.46')]);
    const rest = joinCutRow(above, below);
    expect(texts(above)).toEqual(['0,0 满意度指标', '0,1 受灾群众满意度', '1,1 服务满意度', '1,2 部分群众对安置条件有意见；将完善配置标准。']);
    expect(rest).toMatchObject({ rows: 1, prov: { page: 4, line: 401 } });
    expect(texts(rest!)).toEqual(['0,0 总分', '0,2 89.46']);
  });

  it('joins a merged cell of the last row that spans into it', () => {
    const above = table(3, 2, [cell(3, 0, 0, '效益指标', 2), cell(3, 1, 2, '完成')]);
    const below = table(4, 1, [cell(4, 0, 0, '（续）')]);
    expect(joinCutRow(above, below)).toBeNull();
    expect(texts(above)).toEqual(['0,0 效益指标（续）', '1,2 完成']);
  });

  it('joins nothing when a piece has no cell above it or runs on over further rows', () => {
    const above = table(3, 1, [cell(3, 0, 0, '甲')]);
    const orphan = table(4, 2, [cell(4, 0, 2, '乙'), cell(4, 1, 0, '丙')]);
    expect(joinCutRow(above, orphan)).toBe(orphan);
    const tall = table(4, 2, [cell(4, 0, 0, '丁', 2)]);
    expect(joinCutRow(above, tall)).toBe(tall);
    expect(texts(above)).toEqual(['0,0 甲']);
  });
});
