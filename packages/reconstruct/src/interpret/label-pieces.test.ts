import { describe, expect, it } from 'vitest';
import type { LayoutCell } from '@ziping/core';
import type { Column } from './indicator-header.ts';
import type { Levels } from './indicators.ts';
import { joinPieces } from './label-pieces.ts';
import type { Row } from './rows.ts';

const COLUMNS: Column[] = [
  { field: 'level1', from: 0, to: 0, path: ['一级指标'] },
  { field: 'level2', from: 1, to: 1, path: ['二级指标'] },
  { field: 'name', from: 2, to: 2, path: ['三级指标'] },
  { field: 'weight', from: 3, to: 3, path: ['分值'] },
];
const cell = (r: number, col: number, raw: string, line: number, lineEnd?: number): LayoutCell =>
  ({ row: r, col, rowSpan: 1, colSpan: 1, text: raw.replace(/\n/g, ''), raw, prov: lineEnd ? { page: 1, line, lineEnd } : { page: 1, line } });
const rowOf = (r: number, cells: LayoutCell[]): Row =>
  ({ block: 0, r, paragraph: false, approximate: true, slots: [0, 1, 2, 3].map((k) => cells.find((c) => c.col === k) ?? null) });
const fresh = (): Levels => ({ level1: null, level2: null, cell1: null, cell2: null });

describe('joinPieces', () => {
  it('joins a level label wrapped onto the next row', () => {
    const levels = fresh();
    const first = [cell(0, 1, '服务对象满意', 10), cell(0, 2, '传承人满意度', 10), cell(0, 3, '8', 10)];
    expect(joinPieces(rowOf(0, first), first, COLUMNS, levels).map((c) => c.text)).toEqual(['服务对象满意', '传承人满意度', '8']);
    const second = [cell(1, 1, '度指标', 11), cell(1, 2, '参与群众满意度', 11), cell(1, 3, '6', 11)];
    const out = joinPieces(rowOf(1, second), second, COLUMNS, levels);
    expect(out[0]).toMatchObject({ text: '服务对象满意度指标', col: 1, prov: { page: 1, line: 10, lineEnd: 11 } });
  });

  it('splits a label joined to the first piece of the next one, and joins that piece below', () => {
    const levels = fresh();
    const first = [cell(0, 1, '社会效益指标\n可持续影响指', 10, 11), cell(0, 2, '信息公开', 11), cell(0, 3, '8', 11)];
    const out = joinPieces(rowOf(0, first), first, COLUMNS, levels);
    expect(out.map((c) => c.text)).toEqual(['社会效益指标', '信息公开', '8']);
    expect(out[0]!.prov).toEqual({ page: 1, line: 10 });
    const second = [cell(1, 1, '标', 12), cell(1, 2, '风险管控体系', 12), cell(1, 3, '8', 12)];
    expect(joinPieces(rowOf(1, second), second, COLUMNS, levels)[0]).toMatchObject({ text: '可持续影响指标', prov: { line: 11, lineEnd: 12 } });
  });

  it('lets a piece wait over a line holding only the other level, and keeps other text as it is', () => {
    const levels = fresh();
    const rows = [
      [cell(0, 1, '服务对象满意度', 10), cell(0, 2, '住院患者满意度', 10)],
      [cell(1, 0, '满意度指标', 11)],
      [cell(2, 1, '指标', 12), cell(2, 2, '医务人员满意度', 12)],
    ];
    const out = rows.map((cs, r) => joinPieces(rowOf(r, cs), cs, COLUMNS, levels));
    expect(out[2]![0]).toMatchObject({ text: '服务对象满意度指标', prov: { line: 10, lineEnd: 12 } });
    // a name wrapped over lines in the name column is no piece of a label
    const name = [cell(3, 2, '数量指标\n完成情况', 13, 14)];
    expect(joinPieces(rowOf(3, name), name, COLUMNS, levels)).toEqual(name);
  });

  it('keeps a name printed under a centred label in its column as the name of a row that has no other', () => {
    const levels = fresh();
    // the label on a line of its own, centred in its block; the row's name on its own line below
    const cells = [cell(1, 0, '满意度指标', 45), cell(1, 1, '服务对象满意度指标\n基层医务人员满意度', 45, 46), cell(1, 2, '≥85%', 46), cell(1, 3, '4', 46)];
    const out = joinPieces(rowOf(1, cells), cells, COLUMNS, levels);
    expect(out.map((c) => c.text)).toEqual(['满意度指标', '服务对象满意度指标', '基层医务人员满意度', '≥85%', '4']);
    expect(out[1]!.prov).toEqual({ page: 1, line: 45 });
    expect(out[2]!.prov).toEqual({ page: 1, line: 46 });
    expect(levels.pieces!.map((c) => c.text)).not.toContain('基层医务人员满意度');
  });
});
