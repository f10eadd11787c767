import { readText, textToLines } from '@ziping/ingest';
import { describe, expect, it } from 'vitest';
import { findBlocks } from './blocks.ts';
import { reconstructTables } from './index.ts';
import { linesOfBlocks } from './lines.ts';

/** A text's lines as the budget reader gets them: made from its reader's layout blocks. */
const layoutLines = (text: string) => linesOfBlocks(readText(text).blocks);

const page = (code: string, rows: string[]) => [
  code, '', '## 收支总表', '', '单位名称：某局', '', '单位：万元', '',
  '收入\t\t支出\t', '项 目\t2021年预算数\t项 目\t2021年预算数', ...rows, '',
];

describe('findBlocks', () => {
  it('finds code, title, entity and unit whether the code comes before or after the title', () => {
    const lines = textToLines(['收入支出决算总表', '公开 01 表', '部门：某中心 单位：万元', '项 目 决算数', '合计 1.00', '注：本表反映…',
      '表2', '## 支出总表', '单位名称：某局', '金额单位：元', '项目\t金额', '合计\t1'].join('\n'));
    expect(findBlocks(lines).map(({ code, title, entity, unit, budget }) => ({ code, title, entity, unit, budget }))).toEqual([
      { code: '公开01表', title: '收入支出决算总表', entity: '某中心', unit: '万元', budget: true },
      { code: '表2', title: '支出总表', entity: '某局', unit: '元', budget: true },
    ]);
    expect(findBlocks(lines)[0]!.end).toBe(5); // stops at the note
  });

  it('finds a title printed without a code when its unit line follows', () => {
    const lines = textToLines(['- 1. 收支总表', '', '部门支出总表', '单位：万元', '项目 合计', '合计 1.00'].join('\n'));
    expect(findBlocks(lines).map((b) => [b.code, b.title, b.unit])).toEqual([[null, '部门支出总表', '万元']]);
  });

  it('marks performance-target forms and surveys as not budget tables', () => {
    const lines = textToLines(['表14', '## 部门（单位）整体支出绩效目标表', '单位：万元', 'x', '表 2 2020 年度员工满意度调查表', 'y'].join('\n'));
    expect(findBlocks(lines).map((b) => [b.title, b.budget])).toEqual([
      ['部门（单位）整体支出绩效目标表', false], ['2020年度员工满意度调查表', false],
    ]);
  });
});

describe('reconstructTables', () => {
  it('stitches a table continued on a second page, income side first', () => {
    const lines = layoutLines([
      ...page('表1', ['一、财政拨款\t10\t一、教育支出\t4', '\t\t培训支出\t4']),
      ...page('表1', ['\t\t二、其他支出\t6', '本年收入合计\t10\t本年支出合计\t10']),
    ].join('\n'));
    const [t, ...rest] = reconstructTables(lines);
    expect(rest).toEqual([]);
    expect(t).toMatchObject({ code: '表1', title: '收支总表', entity: '某局', amount_unit: '万元', columns: ['2021年预算数'] });
    expect(t!.prov).toEqual({
      table: { page: 1, line: 1, lineEnd: 25 }, code: { page: 1, line: 1 }, title: { page: 1, line: 3 },
      entity: { page: 1, line: 5 }, amount_unit: { page: 1, line: 7 },
    });
    expect(t!.rows.map((r) => `${r.label} ${r.values[0]}`)).toEqual([
      '一、财政拨款 10', '本年收入合计 10', '一、教育支出 4', '培训支出 4', '二、其他支出 6', '本年支出合计 10',
    ]);
    // page 1 is lines 1–13; page 2's rows start at line 24
    expect(t!.rows[4]!.prov).toEqual({ page: 1, line: 24 });
  });

  it('drops a title block repeated inside a table without its code', () => {
    const lines = layoutLines([...page('表1', ['一、财政拨款\t10\t一、教育支出\t4']), '收支总表', '单位：万元', '第 2 页',
      '\t\t二、其他支出\t6'].join('\n'));
    expect(reconstructTables(lines)[0]!.rows.map((r) => r.label)).toEqual(['一、财政拨款', '一、教育支出', '二、其他支出']);
  });

  it('reads a later page that starts with rows under the first page\'s header (rows not in columns)', () => {
    const lines = layoutLines(['支出决算表', '公开 03 表', '部门：某中心 单位：万元', '项 目', '本年支出合计 基本支出 项目支出',
      '科目编码 科目名称', '栏次 1 2 3', '合计 30.00 10.00 20.00', '205 教育支出 20.00 20.00',
      '支出决算表', '单位：万元', '208 社会保障和就业支出 10.00 10.00'].join('\n'));
    const [t, ...rest] = reconstructTables(lines);
    expect(rest).toEqual([]);
    expect(t!.rows.map((r) => [r.code, ...r.values])).toEqual([[null, 30, 10, 20], ['205', 20, null, 20], ['208', 10, 10, null]]);
  });

  it('leaves out a table printed empty, and tables inside form regions', () => {
    const empty = ['表9', '## 国有资本经营预算支出表', '单位：万元', '预算单位\t科目编码\t科目名称\t支出总计', '\t\t\t0', '\t\t\t0'];
    expect(reconstructTables(layoutLines(empty.join('\n')))).toEqual([]);
    const one = page('表1', ['一、财政拨款\t10\t一、教育支出\t10']);
    expect(reconstructTables(layoutLines(one.join('\n')))).toHaveLength(1);
    expect(reconstructTables(layoutLines(one.join('\n')), [{ start: 0, end: one.length }])).toEqual([]);
  });
});
