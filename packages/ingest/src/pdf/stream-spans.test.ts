// Borderless tables: spans from geometry alone (a header label centred over the labels below
// it; labels beside a two-row header span both rows), rows set as tightly as wrapped lines.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { groupLines, type Run } from './layout.ts';
import { streamElements } from './stream.ts';

const SIZE = 9;
const width = (str: string) => SIZE * [...str].reduce((w, ch) => w + (/[\x20-\x7e]/.test(ch) ? 0.5 : 1), 0);
const left = (str: string, x0: number, top: number): Run => ({ str, x0, x1: x0 + width(str), top, bottom: top + SIZE, size: SIZE });
const centre = (str: string, c: number, top: number): Run => left(str, c - width(str) / 2, top);

describe('a borderless table with a two-row header', () => {
  // columns: 一级 @94, 三级 @202, 方向 c360, 值 c405, 单位 c458, 实际 c512, 分值 c554, 得分 c592
  const header = [
    centre('年度指标值', 408, 246),
    centre('一级指标', 112, 253.6), centre('三级指标', 250, 253.6), centre('实际值', 512, 253.6), centre('分值', 554, 253.6), centre('得分', 592, 253.6),
    centre('指标方向', 360, 260.3), centre('指标值', 405, 260.3), centre('计量单位', 458, 260.3),
  ];
  const row = (top: number, name: string, target: string, unit: string, actual: string, first?: string): Run[] => [
    ...(first ? [centre(first, 112, top)] : []),
    left(name, 202, top), centre('正向', 360, top), centre(target, 405, top), centre(unit, 458, top), centre(actual, 512, top), centre('6', 554, top), centre('6', 592, top),
  ];
  // the last two rows 12.7 pt apart (1.4 font sizes): as close as the lines of a wrapped cell
  const runs = [...header, ...row(275, '新增监测站点', '6', '个', '6', '产出指标'), ...row(289.3, '空气质量优良天数比率', '85', '%', '86.6'), ...row(302, '信访投诉办结率', '100', '%', '100')];

  it('gives the upper label the columns of the labels under it, and the labels beside both rows both rows', () => {
    const els = streamElements(groupLines(runs));
    expect(els.map((e) => e.kind)).toEqual(['table']);
    const t = els[0]!;
    if (t.kind !== 'table') throw new Error('not a table');
    const spans = t.rows.map((r) => r.cells.filter((c) => c.text !== '').map((c) => `${c.col}${c.rowSpan ? `r${c.rowSpan}` : ''}${c.colSpan ? `c${c.colSpan}` : ''}:${c.text}`));
    expect(spans.slice(0, 2)).toEqual([
      ['0r2:一级指标', '1r2:三级指标', '2c3:年度指标值', '5r2:实际值', '6r2:分值', '7r2:得分'],
      ['2:指标方向', '3:指标值', '4:计量单位'],
    ]);
  });

  it('keeps rows set as tightly as wrapped lines apart when each has its own figures', () => {
    const t = streamElements(groupLines(runs))[0]!;
    if (t.kind !== 'table') throw new Error('not a table');
    expect(t.rows.slice(2).map((r) => r.cells.map((c) => c.text))).toEqual([
      ['产出指标', '新增监测站点', '正向', '6', '个', '6', '6', '6'],
      ['', '空气质量优良天数比率', '正向', '85', '%', '86.6', '6', '6'],
      ['', '信访投诉办结率', '正向', '100', '%', '100', '6', '6'],
    ]);
  });
});

describe('the stream reader', () => {
  it('knows no form vocabulary: no Chinese in its code, comments aside', () => {
    for (const file of ['stream.ts', 'stream-columns.ts', 'stream-table.ts']) {
      const code = readFileSync(new URL(file, import.meta.url), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
      expect(code.match(/\p{Script=Han}+/gu), file).toBeNull();
    }
  });
});
