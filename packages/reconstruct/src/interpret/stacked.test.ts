import { describe, expect, it } from 'vitest';
import type { LayoutBlock, LayoutCell } from '@ziping/core';
import { interpretForms } from './interpret.ts';

// Small hand-made layout blocks: a cell is its text, or its text with the raw lines and the
// lines it was printed on; null leaves a slot empty. Row r of a table is printed on line from + r.
type Spec = string | null | { text: string; raw?: string; line?: number; lineEnd?: number; span?: number };
function table(from: number, rows: Spec[][], approximate = true, page = 1): LayoutBlock {
  const cells: LayoutCell[] = [];
  rows.forEach((r, row) => r.forEach((s, col) => {
    if (s == null) return;
    const o = typeof s === 'string' ? { text: s } : s;
    const line = o.line ?? from + row;
    // a cell spanning columns is followed by nulls for the slots it covers
    cells.push({ row, col, rowSpan: 1, colSpan: o.span ?? 1, text: o.text, raw: o.raw ?? o.text, prov: o.lineEnd ? { page, line, lineEnd: o.lineEnd } : { page, line } });
  }));
  return { kind: 'table', rows: rows.length, cols: Math.max(...rows.map((r) => r.length)), cells, approximate, prov: { page, line: from, lineEnd: from + rows.length - 1 } };
}
const para = (text: string, line: number, page = 1): LayoutBlock => ({ kind: 'paragraph', text, raw: text, prov: { page, line } });
const HEAD = ['二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '偏差原因分析'];
const TOP: LayoutBlock[] = [para('2022年度项目支出绩效自评表', 1), table(2, [['项目名称', '测试项目', '主管部门', '某局']])];
const rows = (blocks: LayoutBlock[]) => interpretForms(blocks).forms[0]!.indicators.map((i) => [i.level1, i.level2, i.name, i.actual]);

describe('stacked indicator tables, one per 一级 label', () => {
  it('takes a caption pushed into the last cell of the table above as the next table’s 一级 label', () => {
    const blocks = [...TOP,
      table(10, [HEAD,
        ['数量指标', '检查次数', '≥4次', '5次', '8', '8', null],
        ['成本指标', '经费控制', '不超预算', { text: '未超预算效益指标', raw: '未超预算\n效益指标', lineEnd: 12 }, '6', '6', null]]),
      table(13, [HEAD,
        [null, '追讨欠薪', '≥1500万元', '1628万元', '8', '8', null],
        [null, '欠薪事件次数', '0次', '0次', '8', '8', null]]),
      table(16, [[null, '总分', null, null, '30', '30', null]])];
    expect(rows(blocks)).toEqual([
      ['产出指标', '数量指标', '检查次数', '5次'],
      ['产出指标', '成本指标', '经费控制', '未超预算'],
      ['效益指标', null, '追讨欠薪', '1628万元'],
      ['效益指标', null, '欠薪事件次数', '0次'],
    ]);
  });

  it('takes a caption row as the 一级 label only: the 二级 label printed centred below it is shared out', () => {
    const blocks = [...TOP,
      table(10, [HEAD,
        ['社会效益指标', '追讨欠薪', '≥1500万元', '1628万元', '8', '8', null],
        [null, null, '满意度指标', null, null, null, null]]),
      table(12, [HEAD,
        [null, '劳动者满意度', '≥90%', '90.5%', '6', '6', null],
        ['服务对象满意度指标', null, null, null, null, null, null],
        [null, '用人单位满意度', '≥85%', '88.3%', '4', '4', null],
        [null, '总分', null, null, '18', '18', null]])];
    expect(rows(blocks)).toEqual([
      ['效益指标', '社会效益指标', '追讨欠薪', '1628万元'],
      ['满意度指标', '服务对象满意度指标', '劳动者满意度', '90.5%'],
      ['满意度指标', '服务对象满意度指标', '用人单位满意度', '88.3%'],
    ]);
  });

  it('reads a repeated header by its own columns when its table is laid out apart', () => {
    const sp = (text: string, span: number): Spec[] => [{ text, span }, ...Array<null>(span - 1).fill(null)];
    const blocks = [...TOP,
      table(10, [
        ['二级指标', ...sp('三级指标', 4), '年度指标值', ...sp('实际完成值', 2), '分值', '得分', ...sp('偏差原因分析', 2), ...sp('备注', 3)],
        ['数量指标', ...sp('检查次数', 4), '≥4次', ...sp('5次', 2), '8', '8', null, null, ...sp('数据来源：办案系统', 3)]], false),
      table(12, [
        [...sp('二级指标', 2), ...sp('三级指标', 3), ...sp('年度指标值', 3), ...sp('实际完成值', 4), ...sp('分值', 2), ...sp('得分', 2), ...sp('偏差原因分析', 4), ...sp('备注', 3)],
        [...sp('质量指标', 2), ...sp('结案率', 3), ...sp('≥92%', 3), ...sp('94.8%', 4), ...sp('6', 2), ...sp('5', 2), null, null, null, null, ...sp('含移送案件', 3)],
        [...sp('总分', 12), ...sp('14', 2), ...sp('13', 2), ...Array<null>(7).fill(null)]], false)];
    expect(interpretForms(blocks).forms[0]!.indicators.map((i) => [i.level2, i.name, i.target, i.actual, i.weight, i.score, i.deviation])).toEqual([
      ['数量指标', '检查次数', '≥4次', '5次', 8, 8, null],
      ['质量指标', '结案率', '≥92%', '94.8%', 6, 5, null],
    ]);
  });
});

describe('cells a flattened source printed apart from their row', () => {
  const HEAD2 = ['二级指标', '三级指标', '年初指标值', '调整后指标值', '实际完成值', '分值', '得分'];
  const ind = (blocks: LayoutBlock[]) => interpretForms(blocks).forms[0]!.indicators;

  it('joins value cells wrapped below the name, their figures on the last line, and a unit pushed one column right', () => {
    const blocks = [...TOP,
      table(10, [HEAD2,
        ['时效指标', '发放时限', '≤15个工作', '日', null, null, null],
        [null, null, null, '≤15个工作', '12个工作', null, null],
        [null, null, null, '日', '日', '6', '6'],
        ['成本指标', '补贴标准', '≤800元', '≤800元', '800元', '6', '6'],
        [null, '总分', null, null, null, '12', '12']])];
    expect(ind(blocks).map((i) => [i.name, i.target_initial, i.target, i.actual, i.weight, i.score])).toEqual([
      ['发放时限', '≤15个工作日', '≤15个工作日', '12个工作日', 6, 6],
      ['补贴标准', '≤800元', '≤800元', '800元', 6, 6],
    ]);
  });

  it('gives a line cut off by a page break back to the name or the deviation it ends', () => {
    const blocks = [...TOP,
      table(10, [HEAD,
        ['成本指标', '人均殡葬服务补贴', '≤800元', '800元', '6', '6', null],
      ]),
      para('标准', 12),
      table(13, [
        ['满意度指标', '群众满意度', '≥90%', '89.1%', '4', '3.96', { text: '部分群众仍有担忧；将加强监管并公', raw: '部分群众仍有担忧；将加强\n监管并公', lineEnd: 14 }],
      ]),
      para('开监管情况。', 15, 2),
      para('部分对象对排队', 16, 2),
      table(17, [
        [null, '对象满意度', '≥90%', '88.5%', '10', '9.83', '时间有意见；将增加点位。'],
        [null, '总分', null, null, '20', '18.79', null]], true, 2)];
    expect(ind(blocks).map((i) => [i.name, i.deviation])).toEqual([
      ['人均殡葬服务补贴标准', null],
      ['群众满意度', '部分群众仍有担忧；将加强监管并公开监管情况。'],
      ['对象满意度', '部分对象对排队时间有意见；将增加点位。'],
    ]);
  });

  it('splits a name from its unit printed one space after it when the 计量单位 slot is left empty', () => {
    const blocks = [...TOP,
      table(10, [['二级指标', '三级指标', '计量单位', '年度指标值', '实际完成值', '分值', '得分'],
        ['数量指标', '新增站点', '个', '≥6', '6', '8', '8'],
        ['生态效益指标', 'PM2.5年均浓度 微克/立方米', '≤38', null, '35', '10', '10'],
        [null, '总分', null, null, null, '18', '18']])];
    expect(ind(blocks).map((i) => [i.name, i.target, i.actual])).toEqual([
      ['新增站点', '≥6个', '6'],
      ['PM2.5年均浓度', '≤38微克/立方米', '35'],
    ]);
  });

  it('reads a grade whose label a flattened source joined to the line under it', () => {
    const blocks = [...TOP,
      table(9, [HEAD,
        ['数量指标', '检查次数', '≥4次', '5次', '8', '8', null],
        [null, '自评得分', null, null, '8', null, null],
        // 自评等级 … 良 on line 12, the signatures on line 13
        [{ text: '单位负责人：', line: 13 }, { text: '自评等级审核人：', raw: '自评等级\n审核人：', lineEnd: 13 }, { text: '填表人：', line: 13 }, null, '良', null, null]])];
    expect(interpretForms(blocks).forms[0]).toMatchObject({ total_score: 8, grade: '良' });
  });
});
