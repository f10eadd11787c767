import { describe, expect, it } from 'vitest';
import type { LayoutTable } from '@ziping/core';
import { isMarkdown, readMarkdown } from './markdown.ts';

const DOC = [
  '# 项目支出绩效自评表',
  '',
  '| 项目名称 | 甲项目 | 甲项目 | 甲项目 |',
  '|---|:---:|---|---|',
  '| 一级指标 | 三级指标 | 分值 | 得分 |',
  '| 产出指标 | 完成率 | 6 | 6 |',
  '| 产出指标 | 质量<br>达标率 | — | — |',
  '| 效益指标 | 提高 | 提高 | 5 |',
  '| 备注 | a \\| b |  | 4 |',
  '| - | - | - | - |',
  '',
  '说明文字',
].join('\n');

describe('isMarkdown', () => {
  it('needs a pipe row followed by a separator row, or three bare pipe rows in a run', () => {
    expect(isMarkdown(DOC)).toBe(true);
    expect(isMarkdown('| a | b |\n| c | d |\n')).toBe(false);
    expect(isMarkdown('| a | b |\n| c | d |\n| e | f |\n')).toBe(true);
    expect(isMarkdown('| a | b |\n| c | d |\n\n| e | f |\n')).toBe(false);
    expect(isMarkdown('|注|\n|注|\n|注|\n')).toBe(false);
    expect(isMarkdown('标题\n---\n正文\n')).toBe(false);
  });

  it('reads bare pipe rows as a table', () => {
    const [p, t] = readMarkdown('标题\n| 一级指标 | 分值 |\n| 产出指标 | 6 |\n| 效益指标 | 4 |\n');
    expect(p).toMatchObject({ kind: 'paragraph', text: '标题' });
    expect(t).toMatchObject({ kind: 'table', rows: 3, cols: 2 });
    expect((t as LayoutTable).cells.find((c) => c.row === 2 && c.col === 1)).toMatchObject({ text: '4' });
  });
});

describe('readMarkdown', () => {
  const blocks = readMarkdown(DOC);
  const t = blocks.find((b): b is LayoutTable => b.kind === 'table')!;
  const cell = (row: number, col: number) => t.cells.find((c) => c.row === row && c.col === col);

  it('reads paragraphs around the table, heading marks dropped', () => {
    expect(blocks.map((b) => (b.kind === 'table' ? 'table' : b.text))).toEqual(['项目支出绩效自评表', 'table', '说明文字']);
    expect(blocks[0]!.prov).toEqual({ page: 1, line: 1 });
  });

  it('skips the separator row and numbers rows by physical line', () => {
    expect([t.rows, t.cols]).toEqual([7, 4]);
    expect(cell(6, 0)).toMatchObject({ text: '-', colSpan: 1 });
    expect(cell(1, 0)).toMatchObject({ text: '一级指标', prov: { line: 5 } });
  });

  it('merges a text repeated in adjacent slots of a row into one cell with a colSpan', () => {
    expect(cell(0, 1)).toMatchObject({ text: '甲项目', colSpan: 3 });
    expect(cell(0, 2)).toBeUndefined();
    expect(cell(4, 1)).toMatchObject({ text: '提高', colSpan: 2 });
  });

  it('never merges repeated figures or dashes, nor vertical repeats', () => {
    expect(cell(2, 2)).toMatchObject({ text: '6', colSpan: 1 });
    expect(cell(2, 3)).toMatchObject({ text: '6', colSpan: 1 });
    expect(cell(3, 3)).toMatchObject({ text: '—', colSpan: 1 });
    expect(cell(3, 0)).toMatchObject({ text: '产出指标', rowSpan: 1 });
  });

  it('joins <br> line breaks, unescapes pipes, omits empty cells', () => {
    expect(cell(3, 1)).toMatchObject({ text: '质量达标率', raw: '质量\n达标率' });
    expect(cell(5, 1)!.text).toBe('a | b');
    expect(cell(5, 2)).toBeUndefined();
  });
});
