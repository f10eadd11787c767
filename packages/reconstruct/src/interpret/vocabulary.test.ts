import { describe, expect, it } from 'vitest';
import { indicatorField, levelOf, levelsOf, parentOf } from './vocabulary.ts';

describe('vocabulary', () => {
  it('knows the 2021 template, where 成本指标 is a 一级 label with its own 二级 labels', () => {
    expect(levelOf('经济成本指标')).toBe(2);
    expect(parentOf('经济成本指标')).toBe('成本指标');
    expect(parentOf('生态环境成本指标')).toBe('成本指标');
    expect(levelsOf('成本指标')).toEqual({ one: true, two: true });
  });

  it('keeps the older families', () => {
    expect(parentOf('成本指标')).toBe('产出指标');
    expect(parentOf('生态环境效益指标')).toBe('效益指标');
    expect(parentOf('服务对象满意度指标')).toBe('满意度指标');
  });

  it('reads a 计划值 column as the target', () => {
    expect(indicatorField('年度计划值')).toBe('target');
    expect(indicatorField('实际完成值')).toBe('actual');
  });

  it('reads 分数 beside 得分 as the weight, and other wordings of score and deviation', () => {
    expect(indicatorField('分数')).toBe('weight');
    expect(indicatorField('得分')).toBe('score');
    expect(indicatorField('满分值')).toBe('weight');
    expect(indicatorField('自评分')).toBe('score');
    expect(indicatorField('未达标原因')).toBe('deviation');
    expect(indicatorField('偏离原因及改进措施')).toBe('deviation');
  });
});
