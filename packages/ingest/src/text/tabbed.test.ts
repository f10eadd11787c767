import { describe, expect, it } from 'vitest';
import type { LayoutBlock, LayoutTable } from '@ziping/core';
import { linePages, readTabbed, splitRecords } from './tabbed.ts';

const tables = (b: LayoutBlock[]) => b.filter((x): x is LayoutTable => x.kind === 'table');
const at = (t: LayoutTable, row: number, col: number) => t.cells.find((c) => c.row === row && c.col === col);

describe('readTabbed', () => {
  it('reads a tab dump: one slot per field, empty fields omitted, lines outside as paragraphs', () => {
    const blocks = readTabbed(['附件 1', '', '项目名称\t医疗保障\t\t金额\t100.00', '\t合计\t5\t\t4', '', '说明'].join('\n'));
    expect(blocks.map((b) => b.kind)).toEqual(['paragraph', 'table', 'paragraph']);
    const [t] = tables(blocks);
    expect([t!.rows, t!.cols, t!.cells.length]).toEqual([2, 5, 7]);
    expect(at(t!, 0, 3)).toMatchObject({ text: '金额', prov: { page: 1, line: 3 } });
    expect(at(t!, 1, 4)).toMatchObject({ text: '4', prov: { line: 4 } });
    expect(at(t!, 0, 2)).toBeUndefined();
  });

  it('keeps a table across one blank line when rows go on, splits it at two', () => {
    const one = readTabbed('a\tb\tc\n\n\td\te\n');
    expect(tables(one)).toHaveLength(1);
    expect(tables(one)[0]!.rows).toBe(2);
    expect(tables(readTabbed('a\tb\tc\n\n\n\td\te\n'))).toHaveLength(2);
  });

  it('keeps a full-width label row inside a table, but a trailing one-field row is a paragraph', () => {
    const blocks = readTabbed('a\tb\tc\n分项\t\t\nd\te\tf\n签字：\t\t\n');
    expect(blocks.map((b) => b.kind)).toEqual(['table', 'paragraph']);
    expect(tables(blocks)[0]!.rows).toBe(3);
    expect(blocks[1]).toMatchObject({ text: '签字：', prov: { line: 4 } });
  });

  it('starts a table at a one-field row whose field is not in the first column (a label, not a title)', () => {
    const blocks = readTabbed('标题\t\t\n\t\t其他\t\n\t甲\t乙\t丙\n');
    expect(blocks.map((b) => b.kind)).toEqual(['paragraph', 'table']);
    expect(at(tables(blocks)[0]!, 0, 2)!.text).toBe('其他');
  });

  it('reads a Word plain-text export: BOM, CRLF, form feeds as pages, rows of different widths', () => {
    const text = '\uFEFF标题\r\n项目名称\t甲\t主管部门\t乙\r\n合计\t100\t95\r\n\r\n\f\r\n标题\r\n项目名称\t丙\t主管部门\t丁\r\n';
    const blocks = readTabbed(text);
    expect(blocks.map((b) => `${b.kind}@${b.prov.page}:${b.prov.line}`)).toEqual(['paragraph@1:1', 'table@1:2', 'paragraph@2:6', 'table@2:7']);
    expect(at(tables(blocks)[0]!, 1, 2)!.text).toBe('95');
  });

  it('joins a row Word broke over two lines at a cell with two paragraphs', () => {
    const text = ['a\tb\tc\td', '1\t第一段', '第二段\t3\t4', '5\t6\t7\t8'].join('\n');
    const [t] = tables(readTabbed(text));
    expect(t!.rows).toBe(3);
    expect(at(t!, 1, 1)).toMatchObject({ text: '第一段第二段', raw: '第一段\n第二段', prov: { line: 2, lineEnd: 3 } });
    expect(at(t!, 1, 3)!.text).toBe('4');
  });

  it('keeps a key/value row apart from the wider row under it', () => {
    const text = ['标题', '项目名称\t\t某项目', '主管部门\t\t某局\t\t实施单位\t\t某所', '资金\t\t\t年初\t\t全年\t\t执行\t分值'].join('\n');
    const [t] = tables(readTabbed(text));
    expect(t!.rows).toBe(3);
    expect(at(t!, 0, 2)!.text).toBe('某项目');
  });

  it('reads a quoted spreadsheet field holding tabs and line breaks as one cell', () => {
    const [t] = tables(readTabbed('名称\t"第一行\n第二行\t续"\t9\n下\t一\t行\n'));
    expect(t!.rows).toBe(2);
    expect(at(t!, 0, 1)).toMatchObject({ text: '第一行第二行 续', prov: { line: 1, lineEnd: 2 } });
    expect(at(t!, 0, 2)).toMatchObject({ text: '9', prov: { line: 2 } });
    expect(at(t!, 1, 0)!.prov.line).toBe(3);
  });
});

describe('splitRecords', () => {
  it('takes a quote that does not close a field as text', () => {
    const [r] = splitRecords(['"互联网+"服务\t2'], '\t');
    expect(r!.fields.map((f) => f.raw)).toEqual(['"互联网+"服务', '2']);
  });
  it('unescapes doubled quotes', () => {
    expect(splitRecords(['"a ""b""",c'], ',')[0]!.fields.map((f) => f.raw)).toEqual(['a "b"', 'c']);
  });
});

describe('linePages', () => {
  it('puts the text after a form feed on the next page', () => {
    expect(linePages(['a', '\fb', 'c\f', 'd'])).toEqual([1, 2, 2, 3]);
  });
});
