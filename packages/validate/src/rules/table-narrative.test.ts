import { describe, expect, it } from 'vitest';
import { table, tablesCtx } from '../testing/tables.ts';
import { run } from './table-narrative.ts';

const t = table(['本年支出/小计', '本年支出/基本支出', '本年支出/项目支出'], [
  [null, '合计', 201109.34, 5712, 195397.33],
  ['210', '卫生健康支出', 201109.34, 5712, 195397.33],
], { title: '一般公共预算财政拨款支出决算表', code: '公开05表' });

const report = (said: string) => [
  '（五）一般公共预算财政拨款支出决算情况说明',
  `2020年度一般公共预算财政拨款支出201,109.34万元，其中：基本支出5,712万元，项目支出${said}万元。`,
  '与2019年度支出合计17,677.03万元（基本支出2,579.24万元，项目支出15,097.79万元）相比，增加183,432.31万元。因单位转化四舍五入存在尾差。',
  '卫生健康支出201,109.34万元。',
].join('\n');

describe('NARRATIVE about a budget table', () => {
  it('accepts figures the table prints, and ignores the year compared with', () => {
    expect(run(tablesCtx([t], report('195,397.33')))).toEqual([]);
  });

  it('flags a figure the table does not print: rounding-sized as a warning, else an error', () => {
    const [a, ...rest] = run(tablesCtx([t], report('195,397.34')));
    expect(rest).toEqual([]);
    expect(a).toMatchObject({ rule: 'NARRATIVE', severity: 'warning', form: null, table: 0, indicator: '合计', expected: 195397.33, found: 195397.34 });
    expect(a!.evidence).toEqual([
      { field: 'prose', value: '项目支出195,397.34万元', prov: { page: 1, line: 2 } },
      { field: 'tables[0].rows[0].values[2]', value: 195397.33, prov: { page: 1, line: 1 } },
    ]);
    expect(run(tablesCtx([t], report('190,000')))).toMatchObject([{ severity: 'error', found: 190000 }]);
  });

  it('reads a section against the longest title its heading names', () => {
    // 财政拨款支出决算 is in the heading too, but the longer 一般公共预算… title is the table meant
    const short = { ...t, title: '财政拨款支出决算表', code: '公开04表' };
    expect(run(tablesCtx([short, t], report('190,000')))).toMatchObject([{ severity: 'error', table: 1, expected: 195397.33, found: 190000 }]);
  });

  it('of several tables with that title (a file binding a report twice), reads the one nearest the section', () => {
    // the section is lines 31–34, the tables in document order around it
    const text = `${'前文\n'.repeat(30)}${report('190,000')}`;
    const at = (x: typeof t, line: number) => ({ ...x, prov: { table: { page: 1, line } } });
    const other = { ...t, rows: t.rows.map((r) => ({ ...r, values: [1, 1, 1] })) };
    expect(run(tablesCtx([at(other, 2), at(t, 36)], text))).toMatchObject([{ severity: 'error', table: 1, expected: 195397.33, found: 190000 }]);
    expect(run(tablesCtx([at(t, 25), at(other, 60)], text))).toMatchObject([{ severity: 'error', table: 0, expected: 195397.33, found: 190000 }]);
  });

  it('says nothing about prose under a heading that names no table', () => {
    expect(run(tablesCtx([t], report('1').replace('一般公共预算财政拨款支出决算情况说明', '其他需要说明的情况')))).toEqual([]);
  });
});
