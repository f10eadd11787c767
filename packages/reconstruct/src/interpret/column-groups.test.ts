import { describe, expect, it } from 'vitest';
import { dumpDoc } from '../testing.ts';
import { reconstruct } from '../reconstruct.ts';

// Plain pdftotext of a table drawn column group by column group: level labels, names and
// targets row by row up to 总分, other blocks, then 实际完成值 / 分值 / 得分 row by row.

const doc = (lines: string[]) => dumpDoc(lines, 'pdftotext');

const FORM = [
  '项目支出绩效自评表',
  '项目名称',
  '主管部门',
  '测试项目',
  '某市某局',
  '一级指标',
  '二级指标',
  '三级指标',
  '年度指标值',
  '开展执法检查企业',
  '≥650 家次',
  '数量指标',
  '培训执法人员',
  '≥120 人次',
  '产出指标',
  '质量指标',
  '隐患整改销号率',
  '≥95%',
  '群众满意度',
  '≥90%',
  '服务对象满意度',
  '满意度指标',
  '指标',
  '企业满意度',
  '≥85%',
  '总分',
  '项目属性',
  '经常性项目',
  '实际完成值',
  '分值',
  '得分',
  '偏差原因分析及改进措施',
  '712 家次',
  '20',
  '20',
  '134 人次',
  '20',
  '20',
  '90%',
  '20',
  '18',
  '95%',
  '20',
  '20',
  '91%',
  '20',
  '20',
  '100',
  '98',
  '部分隐患整改周期长；',
  '将加强督办。',
];

describe('an indicator table printed column group by column group', () => {
  const { forms, anomalies } = reconstruct(doc(FORM));
  const f = forms[0]!;

  it('puts the two parts together row by row', () => {
    expect(f.indicators.map((i) => [i.name, i.target, i.actual, i.weight, i.score])).toEqual([
      ['开展执法检查企业', '≥650 家次', '712 家次', 20, 20],
      ['培训执法人员', '≥120 人次', '134 人次', 20, 20],
      ['隐患整改销号率', '≥95%', '90%', 20, 18],
      ['群众满意度', '≥90%', '95%', 20, 20],
      ['企业满意度', '≥85%', '91%', 20, 20],
    ]);
    expect(f.total_score).toBe(98);
    expect(f.indicators[2]!.deviation).toBe('部分隐患整改周期长；将加强督办。');
    expect(anomalies.filter((a) => a.rule === 'PARSE')).toEqual([]);
  });

  it('takes a level label standing next to its 二级 label for the 一级 label', () => {
    expect(f.indicators.map((i) => [i.level1, i.level2])).toEqual([
      ['产出指标', '数量指标'],
      ['产出指标', '数量指标'],
      ['产出指标', '质量指标'],
      ['满意度指标', '服务对象满意度指标'],
      ['满意度指标', '服务对象满意度指标'],
    ]);
  });

  it('reads nothing where the pairing does not check out: an actual in another unit, parts of different lengths', () => {
    expect(f.indicators).toHaveLength(5);
    const unit = [...FORM];
    unit.splice(unit.indexOf('134 人次'), 1, '134 家次');
    expect(reconstruct(doc(unit)).forms[0]!.indicators).toEqual([]);
    const short = [...FORM];
    short.splice(short.indexOf('企业满意度'), 2);
    expect(reconstruct(doc(short)).forms[0]!.indicators).toEqual([]);
  });
});
