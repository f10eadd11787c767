import { describe, expect, it } from 'vitest';
import { tableGrid, type LayoutBlock, type LayoutTable } from '@ziping/core';
import { isPlainPdftotext, readPlainPdftotext } from './pdftotext.ts';

const tables = (b: LayoutBlock[]) => b.filter((x): x is LayoutTable => x.kind === 'table');
const paras = (b: LayoutBlock[]) => b.flatMap((x) => (x.kind === 'paragraph' ? [x.text] : []));
const row = (t: LayoutTable, r: number) => tableGrid(t)[r]!.map((c) => c?.text ?? '');

describe('readPlainPdftotext', () => {
  it('rebuilds rows from a header and runs of figures, naming the runs with the label lines in order', () => {
    const blocks = readPlainPdftotext([
      '附件1',
      '年初预算数',
      '全年预算数',
      '分值 执行率',
      '100.00',
      '120.00',
      '10',
      '96.0%',
      '资金 年度资金总额',
      '其中：财政拨款',
      '80.00',
      '90.00 —',
      '95.5%',
      '其他资金',
      '20.00',
      '30.00',
      '—',
      '97.0%',
      '预期目标',
      '\f',
    ].join('\n'));
    const [t] = tables(blocks);
    expect(t).toMatchObject({ rows: 4, cols: 6 });
    expect(row(t!, 0)).toEqual(['', '', '年初预算数', '全年预算数', '分值', '执行率']);
    expect(row(t!, 1)).toEqual(['资金', '年度资金总额', '100.00', '120.00', '10', '96.0%']);
    expect(row(t!, 2)).toEqual(['', '其中：财政拨款', '80.00', '90.00', '—', '95.5%']);
    expect(row(t!, 3)).toEqual(['', '其他资金', '20.00', '30.00', '—', '97.0%']);
    expect(t!.cells.find((c) => c.text === '95.5%')!.prov).toEqual({ page: 1, line: 13 });
    expect(paras(blocks)).toEqual(['附件1', '预期目标']);
  });

  it('takes a label printed between the header and the first run as the first row label', () => {
    const [t] = tables(readPlainPdftotext(['年初预算数', '全年预算数', '执行率', '年度资金总额', '10.00', '12.00', '90.0%', '其他资金', '0.00', '0.00', '—'].join('\n')));
    expect(row(t!, 0)).toEqual(['', '年初预算数', '全年预算数', '执行率']);
    expect(row(t!, 1)).toEqual(['年度资金总额', '10.00', '12.00', '90.0%']);
    expect(row(t!, 2)).toEqual(['其他资金', '0.00', '0.00', '—']);
  });

  it('adopts a column printed on its own before the table', () => {
    const [t] = tables(readPlainPdftotext(['分值', '10', '—', '', '年初预算数', '全年预算数', '执行率', '年度资金总额', '10.00', '12.00', '90.0%', '其他资金', '0.00', '0.00', '—'].join('\n')));
    expect(t).toMatchObject({ rows: 3, cols: 5 });
    expect(row(t!, 0).at(-1)).toBe('分值');
    expect(row(t!, 1).at(-1)).toBe('10');
    expect(row(t!, 2).at(-1)).toBe('—');
  });

  it('rebuilds columns printed one after another under a run of row labels', () => {
    const [t] = tables(readPlainPdftotext(['年度资金总额', '其中：财政拨款', '其他资金', '', '年初预算数', '全年预算数', '100.00', '120.00', '80.00', '90.00', '20.00', '30.00', '得分', '9.6', '—', '—'].join('\n')));
    expect(t).toMatchObject({ rows: 4, cols: 4 });
    expect(row(t!, 0)).toEqual(['', '年初预算数', '全年预算数', '得分']);
    expect(row(t!, 2)).toEqual(['其中：财政拨款', '80.00', '90.00', '—']);
  });

  it('leaves interleaved cells whose runs do not line up as paragraphs', () => {
    const text = ['三级指标', '年度指标值', '实际完成值', '分值', '开展执法检查企业', '≥650家次', '712家次', '8', '8', '≥120人次', '134人次', '6', '6', '数量指标 聘请专家参与检查'].join('\n');
    const blocks = readPlainPdftotext(text);
    expect(tables(blocks)).toEqual([]);
    expect(paras(blocks)).toHaveLength(14);
  });
});

describe('page furniture', () => {
  it('drops page numbers anywhere and a running head repeated on the pages, keeping line numbers', () => {
    const text = ['某局2024年度项目支出绩效自评表', '项目名称 测试', '第1页共2页', '分值', '\f某局2024年度项目支出绩效自评表', '得分', '2', '\f'].join('\n');
    const blocks = readPlainPdftotext(text);
    expect(paras(blocks)).toEqual(['项目名称 测试', '分值', '得分']);
    expect(blocks.find((b) => b.kind === 'paragraph' && b.text === '得分')!.prov.line).toBe(6);
  });
});

describe('page furniture apart from the body', () => {
  it('keeps lines repeated near the page edges but run on with the body: a title under its attachment label, a grade row', () => {
    const text = [
      '附件1', '', '项目支出绩效自评表', '项目名称 甲', '自评等级', '优', '',
      '\f附件2', '', '项目支出绩效自评表', '项目名称 乙', '自评等级', '优', '',
      '\f附件3', '', '项目支出绩效自评表', '项目名称 丙', '自评等级', '良', '\f',
    ].join('\n');
    expect(paras(readPlainPdftotext(text)).filter((t) => /自评表|自评等级|优/.test(t))).toEqual([
      '项目支出绩效自评表', '自评等级', '优', '项目支出绩效自评表', '自评等级', '优', '项目支出绩效自评表', '自评等级',
    ]);
  });
  it('keeps a grade ending every page where the line it runs on with ends every page too (the form\'s end, not a foot)', () => {
    const text = [
      '项目名称 甲', '评价等级', '优', '\f项目名称 乙', '评价等级', '优', '\f项目名称 丙', '评价等级', '优', '\f',
    ].join('\n');
    expect(paras(readPlainPdftotext(text)).filter((t) => t === '优')).toEqual(['优', '优', '优']);
  });
  it('drops a running head printed apart from the body on half the pages or more, wherever it stands at an edge', () => {
    const text = ['某局自评表', '', '项目名称 甲', '分值', '\f某局自评表', '得分', '\f某局自评表', '', '总分', '\f'].join('\n');
    expect(paras(readPlainPdftotext(text))).toEqual(['项目名称 甲', '分值', '得分', '总分']);
  });
});

describe('isPlainPdftotext', () => {
  const lines = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? `第${i}项指标` : String(i)));
  it('claims a form-feed paged dump of short lines', () => expect(isPlainPdftotext(`${lines.join('\n')}\n\f`)).toBe(true));
  it('leaves layout dumps, tab dumps and texts without page breaks alone', () => {
    expect(isPlainPdftotext(`${lines.map((l) => `${l}      ${l}`).join('\n')}\n\f`)).toBe(false);
    expect(isPlainPdftotext(`${lines.map((l) => `${l}\t${l}`).join('\n')}\n\f`)).toBe(false);
    expect(isPlainPdftotext(lines.join('\n'))).toBe(false);
  });
});

describe('a title over a new form on every page', () => {
  it('keeps a line heading every page where each time a new form starts under it (its key rows follow)', () => {
    const text = ['某县2022年度项目支出绩效自评表', '', '填报单位（盖章）：甲', '项目名称', '分值', '\f某县2022年度项目支出绩效自评表', '', '填报单位（盖章）：乙', '项目名称', '得分', '\f'].join('\n');
    expect(paras(readPlainPdftotext(text)).filter((t) => t.endsWith('自评表'))).toEqual(['某县2022年度项目支出绩效自评表', '某县2022年度项目支出绩效自评表']);
  });
});

describe('columns printed one after another: heads', () => {
  it('takes no line of several labels for a column head', () => {
    const text = ['一级指标', '二级指标', '指标名称', '预期指标值', '全年实际值', '权重 自评得分 偏差原因', '除险加固水库数量', '≥12座', '12座', '8', '8', '数量指标',
      '新建放水设施', '≥9处', '11处', '6', '6', '安装监测设施', '≥12套', '12套', '6', '6', '\f'].join('\n');
    const tables = readPlainPdftotext(text).filter((b) => b.kind === 'table');
    expect(tables.flatMap((b) => b.cells).some((c) => c.text === '权重 自评得分 偏差原因')).toBe(false);
  });
});

describe('a bare number at a page foot', () => {
  it('keeps a figure that does not run with the page numbers (a row’s 得分 last on the page)', () => {
    const text = ['项目名称 测试', '分值', '6', '6', '\f经济效益指标', '得分', '2', '\f'].join('\n');
    expect(paras(readPlainPdftotext(text)).filter((t) => t === '6')).toEqual(['6', '6']);
  });
});
