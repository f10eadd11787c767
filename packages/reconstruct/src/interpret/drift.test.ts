import { describe, expect, it } from 'vitest';
import { readText } from '@ziping/ingest';
import { interpretForms } from './interpret.ts';

// Tab dumps of the 运算符号 | 内容 | 度量单位 template (Liaoning, 2021): tabs that drift between
// the header and its rows, blank-template placeholder rows, torn pages without a header.
const read = (rows: string[]) => interpretForms(readText(rows.map((r) => r.replaceAll('|', '\t')).join('\n')).blocks);

const HEAD = [
  '某局整体绩效自评表',
  '',
  '部门（单位）名称||某局',
];
const INDICATORS = [
  '一级 指标|二级 指标|三级 指标|年度 指标值|||全年完成 值|分值|得分|未完成原因',
  '|||运算 符号|内容|度量 单位||||（请在相应选项下划“√”并在原因说明中分项阐述）',
  '产出|数量|指标1|“≥”|培训|人次|完成|20|20',
  '||指标2|“<”',
  '||指标1|“=”|覆盖率达标|完成|达标|30|30',
  '总评价得分||||||||50',
];

describe('split targets and placeholder rows', () => {
  const { forms } = read([...HEAD, ...INDICATORS]);
  const rows = forms[0]!.indicators.map((i) => [i.name, i.target, i.actual, i.weight, i.score]);

  it('reads a header with a note under it, names placeholder rows by 内容, joins operator + 内容 (+ a unit)', () => {
    expect(rows).toEqual([
      ['培训', '≥培训人次', '完成', 20, 20],
      // 完成 stands where the unit goes: no unit, not joined
      ['覆盖率达标', '=覆盖率达标', '达标', 30, 30],
    ]);
    expect(forms[0]!.total_score).toBe(50);
  });
});

describe('funding blocks of a tab dump', () => {
  const FUNDING = [
    ...HEAD,
    // the header's labels sit one field left of the figures under them
    '年度收支情况（万元）|名称|年初 预算数|全年 预算数|全年 执行数|执行率',
    '|收入小计||100|90|—',
    '|1. 财政拨款收入||100|90|—',
    '|2. 其他收入||||—',
    '|支出小计',
    '|一、基本支出||80|70|70|100%',
    '年度主要任务|工作名称|对应项目||年初 预算数|全年 预算数|全年 执行数|执行率',
    '|重点工作一|某项目||5|5|5|100%',
    ...INDICATORS,
  ];
  const f = read(FUNDING).forms[0]!;

  it('moves a drifted header over, keeps reading past a label-only line, reports only rows with figures', () => {
    expect(f.funding.map((r) => [r.source, r.initial_budget, r.annual_budget, r.executed, r.rate])).toEqual([
      ['收入小计', 100, 90, null, null],
      ['1.财政拨款收入', 100, 90, null, null],
      ['一、基本支出', 80, 70, 70, 1],
    ]);
  });
});

describe('torn pages', () => {
  const TORN = [
    ...HEAD,
    ...INDICATORS,
    '',
    '||满意度指标|服务对象满意度指标|指标1|群众满意|90%||10|10',
    '|||指标2',
    '产出、效益、满意度指标自评得分小计 (C)||||||||90|预算执行率得分 (D)|8.5',
    '绩效自评总得分 (C+D)||||||||98.5',
  ];
  const { forms, findings } = read(TORN);

  it('reads indicator rows after a finished form as a fragment, with the subtotal rows as its scores', () => {
    expect(forms).toHaveLength(2);
    const f = forms[1]!;
    expect(f).toMatchObject({ fragment: true, kind: 'project', project: null, budget_score: 8.5, total_score: 98.5 });
    expect(f.indicators.map((i) => [i.level1, i.level2, i.name, i.actual, i.weight, i.score])).toEqual([
      ['满意度指标', '服务对象满意度指标', '群众满意', '90%', 10, 10],
    ]);
    expect(findings.filter((x) => x.form === 1 && x.rule === 'PARSE')).toHaveLength(1);
  });
});
