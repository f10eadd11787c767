import { describe, expect, it } from 'vitest';
import type { LayoutBlock, LayoutCell, LayoutTable } from '@ziping/core';
import { interpretForms } from './interpret.ts';

// Tables of a layout dump (approximate positions) with the slips such dumps leave: cells split
// at a single space in doubt, key/value rows read as one wrapped row, header labels wrapped
// over lines, a block label wrapped down the first column.

let line = 0;
/**
 * A table, one string array per row, one entry per slot ('' for an empty slot). `~` before a
 * text marks a cell split from the one left of it at a single space in doubt; `\n` separates
 * the lines of a cell.
 */
const table = (rows: string[][]): LayoutTable => {
  const cells: LayoutCell[] = [];
  rows.forEach((r, row) => {
    line++;
    r.forEach((t, col) => {
      if (t === '') return;
      const raw = t.replace(/^~/, '');
      const n = raw.split('\n').length;
      const cell: LayoutCell = { row, col, rowSpan: 1, colSpan: 1, text: raw.replace(/\n/g, ''), raw, prov: n > 1 ? { page: 1, line, lineEnd: line + n - 1 } : { page: 1, line } };
      if (t.startsWith('~')) cell.looseLeft = true;
      cells.push(cell);
    });
    line += Math.max(0, ...r.map((t) => t.split('\n').length - 1));
  });
  return { kind: 'table', rows: rows.length, cols: Math.max(...rows.map((r) => r.length)), cells, prov: { page: 1, line: 1 }, approximate: true };
};
const title = (text: string): LayoutBlock => ({ kind: 'paragraph', text, raw: text, prov: { page: 1, line: ++line } });

const HEADER = ['一级指标', '三级指标', '年度指标值', '', '实际完成值', '', '分值', '得分'];

describe('layout dumps read by the interpreter', () => {
  it('joins cells split at a single space in doubt where the columns call for it', () => {
    const { forms } = interpretForms([
      title('项目支出绩效自评表'),
      table([
        HEADER,
        ['产出指标', '老年人健康管理人数', '≥2.1', '~万人', '2.26', '~万人', '6', '6'],
        ['', '抽检批次', '≥4800', '~批次', '5126 批次', '', '10', '10'],
        ['', '处置率', '100%', '', '100%', '', '8', '8'],
        ['', '总分', '', '', '', '', '24', '24'],
      ]),
    ]);
    expect(forms[0]!.indicators.map((i) => [i.name, i.target, i.actual, i.weight, i.score])).toEqual([
      ['老年人健康管理人数', '≥2.1 万人', '2.26 万人', 6, 6],
      ['抽检批次', '≥4800 批次', '5126 批次', 10, 10],
      ['处置率', '100%', '100%', 8, 8],
    ]);
  });

  it('splits key/value rows that were read as one row with two lines in each cell', () => {
    const { forms } = interpretForms([
      title('项目支出绩效自评表'),
      table([
        ['项目名称\n主管部门', '特困人员供养服务设施改造提升项目\n梧冈县民政局'],
        ['实施单位\n项目类型', '梧冈县社会福利中心\n一次性项目'],
      ]),
      table([HEADER, ['产出指标', '改造敬老院', '≥4所', '', '4所', '', '8', '8']]),
    ]);
    expect(forms[0]).toMatchObject({ project: '特困人员供养服务设施改造提升项目', department: '梧冈县民政局', implementer: '梧冈县社会福利中心' });
    expect(forms[0]!.prov.department!.line).toBe(forms[0]!.prov.project!.line + 1);
  });

  it('reads a funding header wrapped over three rows and a block label wrapped down its first column', () => {
    const { forms, findings } = interpretForms([
      title('项目支出绩效自评表'),
      table([
        ['', '', '年初预算数（万元）', '全年预算数（万', '全年执行数（万', '权重', '执行率', ''],
        ['', '', '', '元）', '元）', '（%）', '', '得分'],
        ['预算执行情', '', '', '', '', '', '', ''],
        ['况（20%）', '资金总额', '1,280.00', '1,426.50', '1,364.44', '20', '95.65%', '19.31'],
        ['', '其中：财政资金', '1,280.00', '1,386.50', '1,327.64', '—', '95.75%', '—'],
      ]),
      table([['一级指标', '三级指标', '年度指标值', '实际完成值', '（%）', '权重', '得分'], ['产出指标', '新增就业', '≥3200人', '3486人', '', '8', '8']]),
    ]);
    const f = forms[0]!;
    expect(f.funding.map((r) => [r.source, r.initial_budget, r.annual_budget, r.executed, r.weight, r.rate, r.score])).toEqual([
      ['资金总额', 1280, 1426.5, 1364.44, 20, 0.9565, 19.31],
      ['财政资金', 1280, 1386.5, 1327.64, null, 0.9575, null],
    ]);
    expect(f.amount_unit).toBe('万元');
    // a unit wrapped off its label is no label of its own
    expect(findings).toEqual([]);
    expect(f.indicators.map((i) => i.name)).toEqual(['新增就业']);
  });
});
