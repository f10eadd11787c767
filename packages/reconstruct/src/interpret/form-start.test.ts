import { describe, expect, it } from 'vitest';
import { dumpDoc } from '../testing.ts';
import { reconstruct } from '../reconstruct.ts';

// Reading-order text may print a form's key lines (项目名称 …) before its title: they open the
// next form, never fill the one before.

const form = (project: string, titleFirst: boolean, total = true) => {
  const title = ['项目支出绩效自评表'];
  const keys = [`项目名称 ${project}`, '主管部门 某市某局'];
  return [
    ...(titleFirst ? [...title, ...keys] : [...keys, ...title]),
    '一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分',
    '产出指标 数量指标 开展培训', '≥2次', '3次', '50', '50',
    '满意度指标 服务对象满意度指标 群众满意度', '≥90%', '95%', '50', '45',
    ...(total ? ['总分', '100', '95'] : []),
  ];
};

describe('a form whose key lines come before its title', () => {
  // the form before has no total: nothing else closed it
  it('opens a form of its own, named by them', () => {
    const { forms } = reconstruct(dumpDoc([...form('甲项目', true, false), '', ...form('乙项目', false)], 'pdftotext'));
    expect(forms.map((f) => [f.title, f.project, f.department, f.indicators.length])).toEqual([
      ['项目支出绩效自评表', '甲项目', '某市某局', 2],
      ['项目支出绩效自评表', '乙项目', '某市某局', 2],
    ]);
  });
});
