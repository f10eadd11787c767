import { describe, expect, it } from 'vitest';
import { tableGrid, type LayoutBlock, type LayoutTable } from '@ziping/core';
import { readLayout } from './layout.ts';
import { charWidth, segments, tokenize, type PLine } from './layout-lines.ts';
import { splitSoft, spacesScripts } from './layout-soft.ts';

const lines = (text: string[]): PLine[] => text.map((l, i) => ({ line: i + 1, page: 1, segs: segments(tokenize(l, charWidth), i + 1) }));
const texts = (ls: PLine[]) => ls.map((l) => l.segs.map((g) => `${g.text}${g.loose ? '~' : ''}`));
const tables = (b: LayoutBlock[]) => b.filter((x): x is LayoutTable => x.kind === 'table');
const paras = (b: LayoutBlock[]) => b.flatMap((x) => (x.kind === 'paragraph' ? [x.text] : []));

// a Word export prints a space wherever CJK and Latin script meet
const WORD = [
  '  指标名称          年度目标值      实际完成值      分值    得分',
  '  抽检批次          ≥4800 批次   5126 批次        10    10',
  '  快速检测批次        ≥36000 批次 38450 批次        8     8',
  '  65 岁以上管理人数    ≥2.1 万人    2.26 万人        6     6',
  '  任务完成率         ≥98%       96.5%          8     7.88    次延至次年 1 月完成',
];

describe('spacesScripts', () => {
  it('tells a text that spaces CJK from Latin script from one that does not', () => {
    expect(spacesScripts(WORD)).toBe(true);
    expect(spacesScripts(['  抽检批次   ≥4800批次   5126批次   10', '  完工时间   2022年12月底前   2022年12月15日'])).toBe(false);
  });
});

describe('splitSoft', () => {
  it('splits a change of script in a spaced text only at a value lined up with values, and marks it loose', () => {
    const ls = lines(WORD);
    splitSoft(ls, true);
    const t = texts(ls);
    // 38450 starts where 5126 starts: a gap, though only in doubt; the units split off with it
    expect(t[2]).toEqual(['快速检测批次', '≥36000', '批次~', '38450~', '批次~', '8', '8']);
    // a number inside a name or a sentence is no value in a column of values
    expect(t[3]![0]).toBe('65 岁以上管理人数');
    expect(t[4]!.at(-1)).toBe('次延至次年 1 月完成');
  });

  it('splits a text ending in a figure from the figure after it, for certain', () => {
    const ls = lines(['  死亡人数   较上年下降 较上年下降18.2% 10     10']);
    splitSoft(ls, false);
    expect(texts(ls)[0]).toEqual(['死亡人数', '较上年下降 较上年下降18.2%', '10', '10']);
  });
});

describe('readLayout in a spaced text', () => {
  it('leaves lines split only in doubt (a centred title and year) out of the table below', () => {
    const blocks = readLayout([
      '附件 1',
      '                       部门整体支出绩效自评表',
      '                             （2021 年度）',
      '  部门名称       桐溪县卫生健康局',
      '                  年初预算数     全年预算数     分值',
      '  年度资金总额    48,650.00      53,286.40      10',
      '  其中：财政拨款  46,850.00      51,126.40      —',
    ].join('\n'));
    expect(paras(blocks)).toEqual(['附件 1', '部门整体支出绩效自评表', '（2021 年度）']);
  });

  it('marks a cell split off at a single space in doubt as looseLeft', () => {
    const [t] = tables(readLayout(WORD.join('\n')));
    const grid = tableGrid(t!);
    const unit = t!.cells.find((c) => c.text === '批次' && c.row === 2)!;
    expect(unit.looseLeft).toBe(true);
    expect(grid[2]![unit.col - 1]!.text).toBe('≥36000');
    expect(t!.cells.find((c) => c.text === '快速检测批次')!.looseLeft).toBeUndefined();
  });
});
