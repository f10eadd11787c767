import { textToLines } from '@ziping/ingest';
import { describe, expect, it } from 'vitest';
import { segment } from '../segment.ts';
import { parseSpacedForm } from './index.ts';

const FORM = `附件 2-3

项目支出绩效自评表
项目名称 医疗保障经办管理 项目金额 23023000.00

主管部门 303-某市医疗保障局 实施单位

项目资金

（元）

年初预算数 全年预算数 全年执行数 分值 执行率 得分

年度资金总额 24772100.00 23023000.00
13223551.7

1
10 57% 5.7

其中：当年财政拨款 24772100.00 23023000.00 13223551.71 — 57% —

年度总体目标

预期目标 实际完成情况

完成经办业务外包。 完成经办业务外包。

年度绩效指标

一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施

产出指标 数量指标

资料收取业务量 ≥6000 笔 6155 笔 45 45

满意度指标 公众满意度 ≥90% 99.7% 45 44
个别窗口排队较长。

总分 100 94.7 —
`;

describe('parseSpacedForm', () => {
  const lines = textToLines(FORM);
  const [region] = segment(lines);
  const { form, findings } = parseSpacedForm(lines, region!);

  it('reads the head block: empty implementer, department code dropped, unit split over lines', () => {
    expect(form).toMatchObject({ project: '医疗保障经办管理', department: '某市医疗保障局', implementer: null, amount_unit: '元' });
    expect(form.prov.project).toEqual({ page: 1, line: 4 });
    expect(form.prov.amount_unit).toEqual({ page: 1, line: 10 });
  });

  it('reads funding with a rejoined executed amount and the budget score', () => {
    expect(form.funding.map((r) => [r.source, r.executed, r.weight, r.rate, r.score])).toEqual([
      ['年度资金总额', 13223551.71, 10, 0.57, 5.7],
      ['当年财政拨款', 13223551.71, null, 0.57, null],
    ]);
    expect(form.budget_score).toBe(5.7);
  });

  it('reads indicators and the total', () => {
    expect(form.indicators.map((i) => [i.level1, i.level2, i.name, i.target, i.actual, i.weight, i.score, i.deviation])).toEqual([
      ['产出指标', '数量指标', '资料收取业务量', '≥6000 笔', '6155 笔', 45, 45, null],
      ['满意度指标', '满意度指标', '公众满意度', '≥90%', '99.7%', 45, 44, '个别窗口排队较长。'],
    ]);
    expect(form.indicators[1]!.prov.deviation).toEqual({ page: 1, line: 37 });
    expect(form.total_score).toBe(94.7);
    expect(form.grade).toBeNull();
    expect(findings).toEqual([]);
  });
});

describe('parseSpacedForm without a total line', () => {
  it('stops the indicator block at body prose', () => {
    const text = [
      '项目支出绩效自评表',
      '项目名称 某项目 主管部门 某局 实施单位 某中心',
      '一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施',
      '产出指标 数量指标 培训人数 ≥100 人 90 人 50 45',
      '部分学员因故缺席。',
      '三、本单位认真组织开展项目支出绩效自评工作，对照年初设定的绩效目标逐项核实完成情况并形成报告。',
    ].join('\n');
    const lines = textToLines(text);
    const { form } = parseSpacedForm(lines, segment(lines)[0]!);
    expect(form).toMatchObject({ project: '某项目', department: '某局', implementer: '某中心', total_score: null });
    expect(form.indicators.map((i) => [i.name, i.deviation])).toEqual([['培训人数', '部分学员因故缺席。']]);
  });
});
