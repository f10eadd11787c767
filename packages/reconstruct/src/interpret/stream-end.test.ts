import { describe, expect, it } from 'vitest';
import { dumpDoc } from '../testing.ts';
import { reconstruct } from '../reconstruct.ts';

// Plain pdftotext at the foot of an indicator block: the last row's deviation wrapped over
// lines, its last line centred lower than the total's figures, so printed after them and
// before the grade.

const FORM = [
  '项目支出绩效自评表',
  '项目名称 测试项目',
  '一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '偏差原因分析及改进措施',
  '产出指标 数量指标 开展执法检查', '≥650家次', '712家次', '50', '50',
  '满意度指标 服务对象满意度指标 群众满意度', '≥90%', '85%', '50',
  '45 部分群众对整改时限',
  '仍有意见；将加强督',
  '总分', '自评等级', '', '100', '', '95', '', '办。', '', '良',
];

describe('the foot of a block read as a stream', () => {
  const f = reconstruct(dumpDoc(FORM, 'pdftotext')).forms[0]!;
  it('reads the grade past the deviation\'s last line', () => {
    expect([f.total_score, f.grade]).toEqual([95, '良']);
  });
  it('gives that line, and the lines above it in reading order, to the last row\'s deviation', () => {
    expect(f.indicators.map((i) => [i.name, i.score, i.deviation])).toEqual([
      ['开展执法检查', 50, null],
      ['群众满意度', 45, '部分群众对整改时限仍有意见；将加强督办。'],
    ]);
  });
});
