import { describe, expect, it } from 'vitest';
import type { LayoutTable } from '@ziping/core';
import { isBoxgrid, readBoxgrid } from './boxgrid.ts';

// CJK characters take two display columns; so does the ambiguous-width `≥` here (a CJK-locale producer).
const DOC = [
  '         自评表',
  '+--------+------+--------+',
  '| 名称   | 甲项目        |',
  '+--------+------+--------+',
  '| 资金   | 年初 | 全年   |',
  '|        +------+--------+',
  '|        | 10   | ≥95%  |',
  '+--------+------+--------+',
  '| 说明很 | 第一段文字    |',
  '| 长     | 要换行        |',
  '+--------+------+--------+',
  '',
  '填表人：',
].join('\n');

describe('isBoxgrid', () => {
  it('needs border lines and walled text lines', () => {
    expect(isBoxgrid(DOC)).toBe(true);
    expect(isBoxgrid('| a | b |\n|---|---|\n| 1 | 2 |\n')).toBe(false);
    expect(isBoxgrid('a+b\n+1\n')).toBe(false);
  });
});

describe('readBoxgrid', () => {
  const blocks = readBoxgrid(DOC);
  const t = blocks.find((b): b is LayoutTable => b.kind === 'table')!;
  const cell = (row: number, col: number) => t.cells.find((c) => c.row === row && c.col === col);

  it('reads the grid: rows between borders, columns between + positions; titles trimmed', () => {
    expect(blocks.map((b) => (b.kind === 'table' ? `table ${b.rows}x${b.cols}` : b.raw))).toEqual(['自评表', 'table 4x3', '填表人：']);
    expect(t.prov).toEqual({ page: 1, line: 2, lineEnd: 11 });
  });

  it('a box over two columns is one cell with colSpan', () => {
    expect(cell(0, 1)).toMatchObject({ text: '甲项目', colSpan: 2, rowSpan: 1, prov: { line: 3 } });
  });

  it('a box over two rows (no rule under it in the mixed border line) is one cell with rowSpan', () => {
    expect(cell(1, 0)).toMatchObject({ text: '资金', rowSpan: 2, colSpan: 1 });
    expect(cell(2, 0)).toBeUndefined();
    expect(cell(2, 1)).toMatchObject({ text: '10', prov: { line: 7 } });
  });

  it('counts wide characters double, so cells after them stay in their column', () => {
    expect(cell(2, 2)!.text).toBe('≥95%');
    expect(cell(1, 2)!.text).toBe('全年');
  });

  it('joins text wrapped inside a box', () => {
    expect(cell(3, 0)).toMatchObject({ text: '说明很长', raw: '说明很\n长', prov: { line: 9, lineEnd: 10 } });
    expect(cell(3, 1)).toMatchObject({ text: '第一段文字要换行', colSpan: 2 });
  });

  it('reads ASCII grids with one-column characters as well', () => {
    const ascii = ['+-----+-----+', '| a   | b   |', '+-----+-----+', '| 1.5       |', '+-----------+'].join('\n');
    const g = readBoxgrid(ascii)[0] as LayoutTable;
    expect(g.cells.map((c) => `${c.text}@${c.row},${c.col}x${c.colSpan}`)).toEqual(['a@0,0x1', 'b@0,1x1', '1.5@1,0x2']);
  });
});
