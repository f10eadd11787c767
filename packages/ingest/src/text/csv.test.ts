import { describe, expect, it } from 'vitest';
import type { LayoutTable } from '@ziping/core';
import { isCsv, readCsv } from './csv.ts';

const FORM = [
  '\uFEFF附件1,,,,',
  '自评表,,,,',
  '项目名称,甲项目,,,',
  '资金,年初,全年,执行,得分',
  ',总额,"1,200.00",1100,9.5',
  '目标,"第一行',
  '第二行",,实际,',
  '合计,,,100,99',
  '填表人：张三,,,,',
  ',,,,',
  ',,,,',
  '附件2,,,,',
  '项目名称,乙项目,,,',
  '资金,年初,全年,执行,得分',
].join('\r\n');

describe('isCsv', () => {
  it('accepts rows with the same number of fields', () => {
    expect(isCsv(FORM)).toBe(true);
    expect(isCsv('名称,金额\n"甲,乙",3\n丙,4\n')).toBe(true);
  });
  it('rejects prose with commas, tab dumps and single-column text', () => {
    expect(isCsv('今年, 我们完成了任务, 取得了成绩。\n明年, 继续努力。\n总之, 很好, 非常好, 对, 是的。\n')).toBe(false);
    expect(isCsv('a,b\tc\td\ne,f\tg\th\n1,2\t3\t4\n')).toBe(false);
    expect(isCsv('一\n二\n三\n')).toBe(false);
  });
});

describe('readCsv', () => {
  const blocks = readCsv(FORM);
  const tables = blocks.filter((b): b is LayoutTable => b.kind === 'table');
  const cell = (t: LayoutTable, row: number, col: number) => t.cells.find((c) => c.row === row && c.col === col);

  it('one-field rows are paragraphs, runs of rows with two or more fields are tables', () => {
    expect(blocks.map((b) => (b.kind === 'table' ? `table ${b.rows}x${b.cols}` : b.text))).toEqual([
      '附件1', '自评表', 'table 5x5', '填表人：张三', '附件2', 'table 2x5',
    ]);
  });

  it('reads quoted fields: commas inside, multi-line cells with their first and last line', () => {
    const t = tables[0]!;
    expect(cell(t, 2, 2)).toMatchObject({ text: '1,200.00', prov: { line: 5 } });
    expect(cell(t, 3, 1)).toMatchObject({ text: '第一行第二行', raw: '第一行\n第二行', prov: { page: 1, line: 6, lineEnd: 7 } });
    expect(cell(t, 3, 3)).toMatchObject({ text: '实际', prov: { line: 7 } });
    expect(cell(t, 4, 3)).toMatchObject({ text: '100', prov: { line: 8 } });
    expect(cell(t, 2, 0)).toBeUndefined();
  });

  it('gives each table cell the address a spreadsheet shows (a multi-line record is one row)', () => {
    const [t, u] = tables;
    expect(cell(t!, 0, 0)!.prov.ref).toBe('A3');
    expect(cell(t!, 2, 2)!.prov.ref).toBe('C5');
    expect(cell(t!, 3, 1)!.prov.ref).toBe('B6');
    expect(cell(t!, 4, 3)!.prov.ref).toBe('D7');
    expect(cell(u!, 1, 4)!.prov.ref).toBe('E13');
  });

  it('numbers lines like the document lines (a multi-line record takes two)', () => {
    expect(blocks[4]).toMatchObject({ text: '附件2', prov: { line: 12 } });
  });
});
