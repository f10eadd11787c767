// The interpreter on tables with real merged cells (as HTML, DOCX, XLSX and ruled PDFs give
// them): columns by the header's spans, levels by rowSpan, a two-row header resolved into
// column paths, a transposed funding block, and unknown labels reported.
import { describe, expect, it } from 'vitest';
import type { LayoutBlock, LayoutCell, LayoutTable } from '@ziping/core';
import { interpretForms } from './interpret.ts';

type Spec = [row: number, col: number, text: string, rowSpan?: number, colSpan?: number];
let line = 0;
const table = (specs: Spec[]): LayoutTable => {
  const cells: LayoutCell[] = specs.map(([row, col, text, rowSpan = 1, colSpan = 1]) =>
    ({ row, col, rowSpan, colSpan, text, raw: text, prov: { page: 1, line: 10 + row, ref: `t1 r${row + 1} c${col + 1}` } }));
  const rows = Math.max(...cells.map((c) => c.row + c.rowSpan));
  const cols = Math.max(...cells.map((c) => c.col + c.colSpan));
  return { kind: 'table', rows, cols, cells, prov: { page: 1, line: 10 } };
};
const para = (text: string): LayoutBlock => ({ kind: 'paragraph', text, raw: text, prov: { page: 1, line: ++line } });

const FORM: LayoutBlock[] = [
  para('附件2-1'),
  para('项目支出绩效自评表'),
  para('（2020年度）'),
  table([
    [0, 0, '项目名称'], [0, 1, '大气污染防治', 1, 3], [0, 4, '主管部门'], [0, 5, '412-雁湖市生态环境局', 1, 4],
    [1, 0, '项目资金（万元）', 3, 1], [1, 1, '年初预算数', 1, 2], [1, 3, '全年预算数'], [1, 4, '全年执行数'], [1, 5, '分值'], [1, 6, '执行率'], [1, 7, '得分', 1, 2],
    [2, 1, '年度资金总额'], [2, 2, '100.00'], [2, 3, '120.00'], [2, 4, '114.00'], [2, 5, '10'], [2, 6, '95.00%'], [2, 7, '9.5', 1, 2],
    [3, 1, '其中：财政拨款'], [3, 2, '100.00'], [3, 3, '120.00'], [3, 4, '114.00'], [3, 5, '—'], [3, 6, '95.00%'], [3, 7, '—', 1, 2],
    [4, 0, '绩效指标', 5, 1], [4, 1, '一级指标', 2, 1], [4, 2, '三级指标', 2, 1], [4, 3, '年度指标值', 1, 3], [4, 6, '实际值', 2, 1], [4, 7, '分值', 2, 1], [4, 8, '得分', 2, 1],
    [5, 3, '指标方向'], [5, 4, '指标值'], [5, 5, '计量单位'],
    [6, 1, '产出指标', 2, 1], [6, 2, '新增站点'], [6, 3, '正向'], [6, 4, '6'], [6, 5, '个'], [6, 6, '6'], [6, 7, '45'], [6, 8, '45'],
    [7, 2, '响应时间'], [7, 3, '反向'], [7, 4, '2'], [7, 5, '小时'], [7, 6, '3'], [7, 7, '45'], [7, 8, '30'],
    [8, 1, '效益指标'], [8, 2, '监管能力'], [8, 3, '定性'], [8, 4, '持续提升'], [8, 6, '持续提升'], [8, 7, '—'], [8, 8, '—'],
    [9, 0, '总分', 1, 7], [9, 7, '100'], [9, 8, '84.5'],
    [10, 0, '自评等级', 1, 7], [10, 7, '良', 1, 2],
  ]),
];

describe('a form with merged cells', () => {
  const { forms, findings } = interpretForms(FORM);
  const f = forms[0]!;

  it('reads the form fields, the attachment and year printed around it', () => {
    expect(forms).toHaveLength(1);
    expect(f).toMatchObject({ kind: 'project', attachment: '附件2-1', year: 2020, project: '大气污染防治', department: '雁湖市生态环境局', amount_unit: '万元', budget_score: 9.5, total_score: 84.5, grade: '良' });
    expect(findings).toEqual([]);
  });

  it('places funding values by the header spans', () => {
    expect(f.funding.map((r) => [r.source, r.initial_budget, r.annual_budget, r.executed, r.weight, r.rate, r.score])).toEqual([
      ['年度资金总额', 100, 120, 114, 10, 0.95, 9.5],
      ['财政拨款', 100, 120, 114, null, 0.95, null],
    ]);
  });

  it('joins a target split into direction, value and unit, and carries merged levels down', () => {
    expect(f.indicators.map((i) => [i.level1, i.level2, i.name, i.target, i.actual, i.weight, i.score])).toEqual([
      ['产出指标', null, '新增站点', '≥6个', '6', 45, 45],
      ['产出指标', null, '响应时间', '≤2小时', '3', 45, 30],
      ['效益指标', null, '监管能力', '持续提升', '持续提升', null, null],
    ]);
  });

  it('keeps where each value was read', () => {
    expect(f.indicators[1]!.prov.score).toEqual({ page: 1, line: 17, ref: 't1 r8 c9' });
    expect(f.funding[0]!.prov.rate).toEqual({ page: 1, line: 12, ref: 't1 r3 c7' });
  });
});

describe('a transposed funding block', () => {
  it('reads one funding row per source column', () => {
    const { forms } = interpretForms([
      para('项目支出绩效自评表'),
      table([
        [0, 0, '项目名称'], [0, 1, '甲项目', 1, 4],
        [1, 0, '资金来源'], [1, 1, '合计'], [1, 2, '财政拨款'], [1, 3, '其他资金'],
        [2, 0, '全年预算数'], [2, 1, '300.00'], [2, 2, '200.00'], [2, 3, '100.00'],
        [3, 0, '全年执行数'], [3, 1, '270.00'], [3, 2, '180.00'], [3, 3, '90.00'],
        [4, 0, '得分'], [4, 1, '9'], [4, 2, '—'], [4, 3, '—'],
        [5, 0, '一级指标'], [5, 1, '三级指标'], [5, 2, '年度指标值'], [5, 3, '实际完成值'], [5, 4, '分值'], [5, 5, '得分'],
        [6, 0, '产出指标'], [6, 1, '建成站点'], [6, 2, '≥2个'], [6, 3, '2个'], [6, 4, '90'], [6, 5, '90'],
        [7, 0, '总分'], [7, 5, '99'],
      ]),
    ]);
    expect(forms[0]!.funding.map((r) => [r.source, r.annual_budget, r.executed, r.score])).toEqual([
      ['合计', 300, 270, 9], ['财政拨款', 200, 180, null], ['其他资金', 100, 90, null],
    ]);
    expect(forms[0]!.budget_score).toBe(9);
    expect(forms[0]!.indicators).toHaveLength(1);
  });
});

describe('labels the vocabulary does not know', () => {
  it('reports them once per form, naming the text and its place, and reads the rest', () => {
    const { forms, findings } = interpretForms([
      para('项目支出绩效自评表'),
      table([
        [0, 0, '项目名称'], [0, 1, '甲项目'], [0, 2, '项目编号'], [0, 3, 'XM-2024-01'],
        [1, 0, '一级指标'], [1, 1, '三级指标'], [1, 2, '年度指标值'], [1, 3, '实际完成值'], [1, 4, '考核口径'], [1, 5, '分值'], [1, 6, '得分'],
        [2, 0, '产出指标'], [2, 1, '培训人次'], [2, 2, '≥100'], [2, 3, '120'], [2, 4, '按签到表'], [2, 5, '100'], [2, 6, '100'],
        [3, 0, '总分'], [3, 6, '100'],
      ]),
    ]);
    expect(forms[0]!.project).toBe('甲项目');
    expect(forms[0]!.indicators.map((i) => [i.name, i.target, i.actual, i.weight, i.score, i.deviation])).toEqual([['培训人次', '≥100', '120', 100, 100, null]]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'PARSE', severity: 'warning', form: 0 });
    expect(findings[0]!.message).toContain('项目编号');
    expect(findings[0]!.message).toContain('考核口径');
    expect(findings[0]!.evidence.map((e) => [e.value, e.prov?.line])).toEqual([['项目编号', 10], ['考核口径', 11]]);
  });
});

describe('a merged level cell cut by a page break', () => {
  const onPage = (page: number, first: number, specs: Spec[]): LayoutTable => {
    const t = table(specs);
    for (const c of t.cells) c.prov = { page, line: first + c.row };
    return { ...t, prov: { page, line: first } };
  };
  const { forms } = interpretForms([
    para('项目支出绩效自评表'),
    onPage(1, 50, [
      [0, 0, '一级指标'], [0, 1, '二级指标'], [0, 2, '三级指标'], [0, 3, '年度指标值'], [0, 4, '实际完成值'], [0, 5, '分值'], [0, 6, '得分'],
      [1, 0, '产出指'], [1, 1, '数量指标'], [1, 2, '招聘会场次'], [1, 3, '≥12场'], [1, 4, '14场'], [1, 5, '8'], [1, 6, '8'],
    ]),
    onPage(2, 60, [
      [0, 0, '标', 2, 1], [0, 2, '培训人数'], [0, 3, '≥220人'], [0, 4, '236人'], [0, 5, '8'], [0, 6, '8'],
      [1, 1, '质量指标'], [1, 2, '培训合格率'], [1, 3, '≥95%'], [1, 4, '97%'], [1, 5, '8'], [1, 6, '8'],
      [2, 0, '总分', 1, 5], [2, 5, '100'], [2, 6, '98'],
    ]),
  ]);

  it('joins the rest of the label printed on the next page to its first piece, for the rows on both pages', () => {
    expect(forms[0]!.indicators.map((i) => [i.level1, i.level2, i.name])).toEqual([
      ['产出指标', '数量指标', '招聘会场次'],
      ['产出指标', '数量指标', '培训人数'],
      ['产出指标', '质量指标', '培训合格率'],
    ]);
  });
});
