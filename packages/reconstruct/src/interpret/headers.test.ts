import { describe, expect, it } from 'vitest';
import { tabDoc } from '../testing.ts';
import { interpretForms } from './interpret.ts';

// Indicator headers over several rows: a group label over the level and name columns, value
// labels printed only on the first row, a row-number column, 年初 / 调整后 targets under a group.
const read = (rows: string[]) => interpretForms(tabDoc(rows).blocks);
const TAIL = ['总分||||||100|95'];

describe('indicator headers over several rows', () => {
  it('reads a header whose name column is labelled on the second row, under a group label', () => {
    const { forms } = read([
      '某项目绩效自评表',
      '绩效指标|||年度指标值|实际完成值|分值|得分|偏差原因分析及改进措施',
      '一级指标|二级指标|三级指标',
      '产出指标|数量指标|培训人次|≥850人|912人|6|6',
      '||安置任务完成率|100%|98%|8|7|个别对象放弃安置',
      ...TAIL,
    ]);
    expect(forms[0]!.indicators.map((i) => [i.level1, i.level2, i.name, i.target, i.actual, i.weight, i.score, i.deviation])).toEqual([
      ['产出指标', '数量指标', '培训人次', '≥850人', '912人', 6, 6, null],
      ['产出指标', '数量指标', '安置任务完成率', '100%', '98%', 8, 7, '个别对象放弃安置'],
    ]);
  });

  it('reads three header rows with a 序号 column and 年初 / 调整后 targets under 年度指标值', () => {
    const { forms, findings } = read([
      '某项目绩效自评表',
      '序号|绩效指标|||指标值及完成情况||||分值|得分|偏差原因分析及改进措施',
      '|一级指标|二级指标|三级指标|年度指标值||实际完成',
      '||||年初目标值|调整后目标值|完成值|完成率',
      '1|产出指标|数量指标|养护里程|≥1200公里|≥1250公里|1236公里|98.9%|10|9',
      '2|||危桥改造数量|=6座|=6座|6座|100%|10|10',
      ...TAIL,
    ]);
    expect(forms[0]!.indicators.map((i) => [i.name, i.target_initial, i.target, i.actual, i.weight, i.score])).toEqual([
      ['养护里程', '≥1200公里', '≥1250公里', '1236公里', 10, 9],
      ['危桥改造数量', '=6座', '=6座', '6座', 10, 10],
    ]);
    expect(findings).toEqual([]);
  });

  it('knows 指标类别 / 指标子类 as the level columns', () => {
    const { forms } = read([
      '某项目绩效自评表',
      '指标类别|指标子类|具体指标|预期目标值|实际完成值|分值|得分',
      '产出指标|质量指标|案件办结率|≥95%|97%|10|10',
      ...TAIL,
    ]);
    expect(forms[0]!.indicators.map((i) => [i.level1, i.level2, i.name, i.target])).toEqual([['产出指标', '质量指标', '案件办结率', '≥95%']]);
  });
});

describe('labels printed with their values', () => {
  it.each(['附件3-1　　项目支出绩效自评表', '附件 3-1 项目支出绩效自评表', '附件3-1项目支出绩效自评表'])('reads an attachment label on its title line (%s) and a grade beside its label in the total row', (title) => {
    const { forms } = read([
      title,
      '项目名称||某项目',
      '一级指标|二级指标|三级指标|年度指标值|实际完成值|分值|得分|偏差原因分析及改进措施',
      '产出指标|数量指标|培训人次|≥850人|912人|6|6',
      '总分|||||100|95|自评等级：优',
    ]);
    expect([forms[0]!.attachment?.replace(/\s/g, ''), forms[0]!.title, forms[0]!.total_score, forms[0]!.grade]).toEqual(['附件3-1', '项目支出绩效自评表', 95, '优']);
    expect(forms[0]!.indicators[0]!.deviation).toBeNull();
  });
});
