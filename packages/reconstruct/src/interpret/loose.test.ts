import { describe, expect, it } from 'vitest';
import { dumpDoc } from '../testing.ts';
import { reconstruct } from '../reconstruct.ts';

// Single-space text, one row per line (LayoutTable.looseCells): cells split at spaces, long
// cells wrapped onto lines of their own, numbers broken over lines, header labels wrapped.

const doc = (lines: string[]) => dumpDoc(lines, 'spaced');

// enough rows of figures for the dialect to be recognised
const FILLER = Array.from({ length: 6 }, (_, k) => `第${k}行 ${k}.00 ${k}.00 ${k}.00`);

const FORM = [
  ...FILLER,
  ' 附件 3-1',
  '项目支出绩效自评表',
  '项目名称 测试项目 项目金额 300.00',
  '主管部门 某市某局 实施单位',
  '项目资金',
  '（元）',
  '年初预算数 全年预算数 全年执行数 分值 执行率 得分',
  '年度资金总额 300.00 200.00',
  '100.0',
  '5',
  '10 50% 5.0',
  '其中：当年财政拨款 300.00 200.00 100.05 — 50% —',
  '年度绩效指标',
  '一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分',
  '偏差原因分析及改',
  '进措施',
  '产出指标',
  '数量指标',
  '少儿、大学生及非从业居民医保年度缴',
  '费补贴总人数',
  '≥322.5 万人 305.63 万人 10 9.48',
  '2020 年在园在校学生增',
  '长不达预期。',
  '10 个试点城市服务网点覆盖率 ≥90% 100% 10 10',
  '质量指标 补助支付规范性 100% 100% 10 8 受 疫 情 影 响 部 分 业',
  '务展开缓慢。',
  '总分 100 92.48 —',
];

describe('single-space text, one row per line', () => {
  const { forms } = reconstruct(doc(FORM));
  const f = forms[0]!;

  it('reads headings split at their spaces and a unit wrapped under its block label', () => {
    expect(forms).toHaveLength(1);
    expect(f).toMatchObject({ attachment: '附件 3-1', project: '测试项目', department: '某市某局', amount_unit: '元', total_score: 92.48 });
  });

  it('carries a funding row on over the lines its amounts ran onto, a broken number put together', () => {
    expect(f.funding.map((r) => [r.source, r.initial_budget, r.annual_budget, r.executed, r.weight, r.rate, r.score])).toEqual([
      ['年度资金总额', 300, 200, 100.05, 10, 0.5, 5],
      ['当年财政拨款', 300, 200, 100.05, null, 0.5, null],
    ]);
  });

  it('takes a name wrapped above its values, deviation lines below them, and a wrapped header label', () => {
    expect(f.indicators.map((i) => [i.level1, i.level2, i.name, i.target, i.actual, i.weight, i.score, i.deviation])).toEqual([
      ['产出指标', '数量指标', '少儿、大学生及非从业居民医保年度缴费补贴总人数', '≥322.5 万人', '305.63 万人', 10, 9.48, '2020 年在园在校学生增长不达预期。'],
      ['产出指标', '数量指标', '10 个试点城市服务网点覆盖率', '≥90%', '100%', 10, 10, null],
      ['产出指标', '质量指标', '补助支付规范性', '100%', '100%', 10, 8, '受疫情影响部分业务展开缓慢。'],
    ]);
  });

  it('keeps where a wrapped name was printed', () => {
    const name = f.indicators[0]!.prov.name!;
    expect(name.line).toBe(FORM.indexOf('少儿、大学生及非从业居民医保年度缴') + 1);
    expect(name.lineEnd).toBe(FORM.indexOf('费补贴总人数') + 1);
  });
});

describe('several cells of one row wrapped onto lines of their own', () => {
  it('tells them apart by their line lengths: a cell ends at a shorter line', () => {
    const { forms } = reconstruct(doc([
      ...FILLER,
      ...FILLER,
      '项目支出绩效自评表',
      '项目名称 测试项目',
      '一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分',
      '时效指标',
      '到参保人就诊的医疗机构调查病历真实',
      '性的完成时效',
      '在合同规定期',
      '限内完成',
      '暂未在合同规',
      '定期限内完成',
      '5 4',
      '总分 100 99',
    ]));
    expect(forms[0]!.indicators.map((i) => [i.level2, i.name, i.target, i.actual, i.weight, i.score])).toEqual([
      ['时效指标', '到参保人就诊的医疗机构调查病历真实性的完成时效', '在合同规定期限内完成', '暂未在合同规定期限内完成', 5, 4],
    ]);
  });
});
