import { describe, expect, it } from 'vitest';
import { tableGrid, type LayoutBlock, type LayoutTable } from '@ziping/core';
import { readLayout } from './layout.ts';

const tables = (b: LayoutBlock[]) => b.filter((x): x is LayoutTable => x.kind === 'table');
const row = (t: LayoutTable, r: number) => tableGrid(t)[r]!.map((c) => c?.text ?? '').filter((x) => x !== '');
const rowOf = (t: LayoutTable, text: string) => t.cells.find((c) => c.text.startsWith(text))!.row;

describe('cells printed centred on their row', () => {
  it('gives the lines above a row line to that row where as many stand below it', () => {
    const [t] = tables(readLayout([
      '  指标名称        目标值    实际值    分值   得分    偏差原因',
      '  处置率          100%      100%      8      8',
      '                                                     部分样品采购周期较长，个别批',
      '  按期完成率      ≥98%      96.5%     8      7.88    次延至次年完成；将提前制定计',
      '                                                     划。',
      '                                                     检验任务集中在第三季度，部分',
      '  报告及时率      ≥95%      91.3%     8      7.5',
      '                                                     项目检测周期延长。',
      '  平均成本        ≤680元    652元     6      6',
    ].join('\n')));
    expect(row(t!, rowOf(t!, '按期完成率'))).toEqual(['按期完成率', '≥98%', '96.5%', '8', '7.88', '部分样品采购周期较长，个别批次延至次年完成；将提前制定计划。']);
    expect(row(t!, rowOf(t!, '报告及时率'))).toEqual(['报告及时率', '≥95%', '91.3%', '8', '7.5', '检验任务集中在第三季度，部分项目检测周期延长。']);
    expect(row(t!, rowOf(t!, '处置率'))).toEqual(['处置率', '100%', '100%', '8', '8']);
  });

  it('gives a two-line name to the row line printed between its lines', () => {
    const [t] = tables(readLayout([
      '  二级指标    三级指标                  年度指标值     实际完成值   分值   得分',
      '              法定传染病报告及时率      100%           100%         5      5',
      '              基本公共卫生服务资金拨付',
      '  时效指标                              ≥95%           100%         5      5',
      '              及时率',
      '  成本指标    部门三公经费控制          ≤上年          较上年下降   5      5',
    ].join('\n')));
    expect(row(t!, 2)).toEqual(['时效指标', '基本公共卫生服务资金拨付及时率', '≥95%', '100%', '5', '5']);
    expect(t!.rows).toBe(4);
  });

  it('keeps a line below a row line with the cell it carries on, not with the row below', () => {
    // the deviation wraps from its row's line down; a grade further right below the total is
    // no second half of that text
    const [t] = tables(readLayout([
      '  一级指标      三级指标              分值     得分     偏差原因',
      '            信访办结率             6      6',
      '            公众满意度             10     9.61   冬季部分时段受区域传输影响',
      '                                             出现重污染天气，群众感受',
      '            总分                100    99.06',
      '            自评等级                                  优',
    ].join('\n')));
    expect(row(t!, rowOf(t!, '公众满意度')).at(-1)).toBe('冬季部分时段受区域传输影响出现重污染天气，群众感受');
    expect(row(t!, rowOf(t!, '总分'))).toEqual(['总分', '100', '99.06']);
    expect(row(t!, rowOf(t!, '自评等级'))).toEqual(['自评等级', '优']);
  });

  it("moves the row line's part of a centred cell into the column of the lines around it", () => {
    const [t] = tables(readLayout([
      '  三级指标          指标值       实际值       权重    得分      偏差原因分析          备注',
      '  开展以工代训        ≥600人     560人      6     6                       含线上培训',
      '  补贴发放          ≥95%      98.2%     6     5.6                     按季度核查',
      '                                               部分中小企业生产经营困难',
      '  建设培训基地        ≥2个       2个        6     5.6 以工代训积极性不高；将加',
      '                                               大政策宣传和企业对接。',
    ].join('\n')));
    const dev = t!.cells.find((c) => c.text.startsWith('部分中小企业'))!;
    expect(dev.text).toBe('部分中小企业生产经营困难以工代训积极性不高；将加大政策宣传和企业对接。');
    expect(dev.row).toBe(rowOf(t!, '建设培训基地'));
    expect(dev.col).toBe(t!.cells.find((c) => c.text === '偏差原因分析')!.col);
  });
});
