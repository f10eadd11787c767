import { describe, expect, it } from 'vitest';
import { tableGrid, type LayoutBlock, type LayoutTable } from '@ziping/core';
import { isLayoutText, readLayout } from './layout.ts';

const tables = (b: LayoutBlock[]) => b.filter((x): x is LayoutTable => x.kind === 'table');
const paras = (b: LayoutBlock[]) => b.flatMap((x) => (x.kind === 'paragraph' ? [x.text] : []));
const at = (t: LayoutTable, text: string) => t.cells.find((c) => c.text === text);
/** Row r of a table as the texts of its slots ('' where empty). */
const row = (t: LayoutTable, r: number) => tableGrid(t)[r]!.map((c) => c?.text ?? '');

describe('readLayout', () => {
  it('reads a positioned table, with titles and page numbers as paragraphs and pages from form feeds', () => {
    const blocks = readLayout([
      '                 项目支出绩效自评表',
      '三级指标           年度指标值   实际完成值   分值   得分',
      '新增站点             ≥6个        6个          8      8',
      '治理项目验收率       100%        98%          6    5.88',
      '',
      '                    第 1 页',
      '\f附件2',
    ].join('\n'));
    expect(paras(blocks)).toEqual(['项目支出绩效自评表', '第 1 页', '附件2']);
    const [t] = tables(blocks);
    expect(t).toMatchObject({ rows: 3, cols: 5 });
    expect(row(t!, 0)).toEqual(['三级指标', '年度指标值', '实际完成值', '分值', '得分']);
    expect(row(t!, 2)).toEqual(['治理项目验收率', '100%', '98%', '6', '5.88']);
    expect(at(t!, '5.88')!.prov).toEqual({ page: 1, line: 4 });
    expect(blocks.at(-1)!.prov).toEqual({ page: 2, line: 7 });
  });

  it('keeps a line of key：value captions above a table a paragraph, out of the table', () => {
    const blocks = readLayout([
      '                 项目支出绩效自评表',
      '                          填报单位（盖章）：某中心          金额单位：万元',
      '项目名称          某项目                    主管部门          某局',
      '三级指标           年度指标值   实际完成值   分值   得分',
      '新增站点             ≥6个        6个          8      8',
    ].join('\n'));
    expect(paras(blocks)).toEqual(['项目支出绩效自评表', '填报单位（盖章）：某中心 金额单位：万元']);
    expect(tables(blocks)[0]!.cells.some((c) => c.text.includes('填报单位'))).toBe(false);
    expect(at(tables(blocks)[0]!, '主管部门')).toBeDefined();
  });

  it('joins a cell wrapped over lines into the row of its figures', () => {
    const [t] = tables(readLayout([
      '指标名称                 评分标准                 分值   得分',
      '除险加固水库数量         完成目标值得满分，未完',
      '                         成按完成比例计分          8      8',
      '新建放水设施             完成目标值得满分，未完    6      6',
      '                         成按完成比例计分',
    ].join('\n')));
    expect(t).toMatchObject({ rows: 3, cols: 4 });
    expect(row(t!, 1)).toEqual(['除险加固水库数量', '完成目标值得满分，未完成按完成比例计分', '8', '8']);
    expect(row(t!, 2)).toEqual(['新建放水设施', '完成目标值得满分，未完成按完成比例计分', '6', '6']);
    expect(at(t!, '除险加固水库数量')!.prov).toEqual({ page: 1, line: 2 });
    expect(t!.cells.filter((c) => c.text.startsWith('完成目标'))[0]!.prov).toEqual({ page: 1, line: 2, lineEnd: 3 });
  });

  it('splits a single space where other lines show a column gap, and between two figures', () => {
    const ts = tables(readLayout([
      '项目名称 小型水库工程',
      '主管部门 枫林县水利局        实施单位   枫林县水库中心',
      '         其他资金            0.00 100.00     96.80',
      '         年度资金总额        1600.00  1850.00  1800.36',
    ].join('\n')));
    // 小型水库工程 starts where 其他资金 starts; 0.00 100.00 are two figures
    expect(ts.map((t) => row(t, 0).slice(0, 2))).toContainEqual(['项目名称', '小型水库工程']);
    const t = ts.find((x) => at(x, '其他资金'))!;
    expect(row(t, at(t, '其他资金')!.row).filter((x) => x !== '')).toEqual(['其他资金', '0.00', '100.00', '96.80']);
    expect(at(t, '100.00')!.col).toBe(at(t, '1850.00')!.col);
  });

  it('gives a text reaching over the next columns a colSpan', () => {
    const [t] = tables(readLayout([
      '名称      年初预算数    全年预算数    执行率',
      '总额          100.00        120.00    96.0%',
      '目标      完成全县水库除险加固任务，保障下游安全',
    ].join('\n')));
    expect(at(t!, '完成全县水库除险加固任务，保障下游安全')).toMatchObject({ row: 2, col: 1, colSpan: 3 });
  });

  it('spans a level label printed once in the middle of its block', () => {
    const [t] = tables(readLayout([
      '一级指标  二级指标  三级指标        分值  得分',
      '                    新增站点数量      8     8',
      '          数量指标  新建管网长度      6     6',
      '                    建设处理设施      6     6',
      '          质量指标  出水达标率        8     8',
    ].join('\n')));
    expect(at(t!, '数量指标')).toMatchObject({ row: 1, col: 1, rowSpan: 3 });
    // the last label has nothing below it to close its block: it stays on its row
    expect(at(t!, '质量指标')).toMatchObject({ row: 4, col: 1, rowSpan: 1 });
  });

  it('puts back rows that pdftotext printed as column stripes', () => {
    const [t] = tables(readLayout([
      '          年初预算数   全年预算数   分值',
      '资金 年度资金总额',
      '     其中：财政拨款',
      '              920.00',
      '              920.00',
      '                          1085.00',
      '                           985.00',
      '                                      10',
      '                                       —',
    ].join('\n')));
    expect(t).toMatchObject({ rows: 3 });
    expect(row(t!, 1).filter((x) => x !== '')).toEqual(['资金 年度资金总额', '920.00', '1085.00', '10']);
    expect(row(t!, 2).filter((x) => x !== '')).toEqual(['其中：财政拨款', '920.00', '985.00', '—']);
    expect(at(t!, '985.00')!.prov.line).toBe(7);
  });

  it('keeps a column whose figures drift a few places between blocks of lines', () => {
    const [t] = tables(readLayout([
      '指标名称     年度指标值   实际值    分值    得分',
      '站点数量        ≥12座      12座       8       8',
      '设施数量         ≥9处      11处       6       6',
      '                                              2座水库因审批延迟开',
      '完工率          ≥90%     83.3%    6    5.55 工，已于汛后完工。',
      '平均成本      ≤160万元 150.03万元   6    6',
    ].join('\n')));
    const w = at(t!, '分值')!.col;
    const s = at(t!, '得分')!.col;
    for (const r of [1, 2, 3, 4]) expect([row(t!, r)[w], row(t!, r)[s]]).toEqual([['8', '8'], ['6', '6'], ['6', '5.55'], ['6', '6']][r - 1]);
    expect(row(t!, 3).at(-1)).toBe('2座水库因审批延迟开工，已于汛后完工。');
  });

  it('measures CJK as two columns in a hand-aligned text', () => {
    const [t] = tables(readLayout([
      '名称            目标        分值',
      '站点数量        ≥6个        8',
      '管网长度        ≥85公里     8',
      '满意度          ≥90%        10',
    ].join('\n')));
    expect(t).toMatchObject({ rows: 4, cols: 3 });
    expect(row(t!, 2)).toEqual(['管网长度', '≥85公里', '8']);
  });
});

describe('readLayout, rows', () => {
  it('joins a wrapped cell whose line fills its column, however wide the dump spaces its columns', () => {
    const [t] = tables(readLayout([
      '           绩效指标        一级指标          二级指标                  三级指标                       评分标准                年度指标值            实际完成值           分值        得分               偏差原因分析及改进措施',
      '                                                  除险加固小型水库数量                  完成目标值得满分，未完                    ≥12座             12座            8         8',
      '                                                                              成按完成比例计分',
      '                                     数量指标         新建及改造放水设施                   完成目标值得满分，未完                    ≥9处              11处            6         6',
      '                                                                              成按完成比例计分',
      '                                                  安装大坝安全监测设施                  完成目标值得满分，未完                    ≥12套             12套            6         6',
    ].join('\n')));
    const texts = t!.cells.filter((c) => c.text.startsWith('完成目标值')).map((c) => c.text);
    // the last row's second line is not in the excerpt
    expect(texts).toEqual(['完成目标值得满分，未完成按完成比例计分', '完成目标值得满分，未完成按完成比例计分', '完成目标值得满分，未完']);
  });

  it('takes a wrapped cell\'s last line below a table when it lines up with a line two above', () => {
    const ts = tables(readLayout([
      '                  成本指标    每张护理型床位改造成本                            ≤2.8万元               2.7万元            6               6',
      '                          特困人员集中供养率                               ≥40%                42.6%            10              10',
      '',
      '                 社会效益指标                                                                                                             部分失能特困人员及其亲属更倾向居家照护，入住意愿不高；',
      '  效益指标                    失能半失能特困人员集中照护率                          ≥50%                47.5%            8               7.6',
      '                                                                                                                                    将加强政策宣传和上门照护服务。',
    ].join('\n')));
    const dev = ts.flatMap((t) => t.cells).find((c) => c.text.startsWith('部分失能'))!;
    expect(dev.text).toBe('部分失能特困人员及其亲属更倾向居家照护，入住意愿不高；将加强政策宣传和上门照护服务。');
  });
});

describe('isLayoutText', () => {
  const layout = ['             项目支出绩效自评表', '名称      目标      分值', '站点      ≥6个      8', '管网      ≥85公里   8', '        第1页'].join('\n');
  it('claims space-positioned text', () => expect(isLayoutText(layout)).toBe(true));
  it('leaves tab dumps, box grids and one-cell-per-line dumps alone', () => {
    expect(isLayoutText(layout.replace(/ {2,}/g, '\t'))).toBe(false);
    expect(isLayoutText(['+------+------+', '| 名称 | 分值 |', '+------+------+', '| 站点 |  8   |', '+------+------+'].join('\n'))).toBe(false);
    expect(isLayoutText(['名称', '目标', '分值', '站点', '≥6个', '8', '管网', '8'].join('\n'))).toBe(false);
  });
});
