import { describe, expect, it } from 'vitest';
import { correctLabel, fundingField, indicatorField, isPlaceholderName, levelOf, parentLevel1 } from './vocab.ts';
import { parseNumber, parseRate } from './text.ts';

describe('header mapping', () => {
  it('maps indicator headers by what they say, whatever the spacing', () => {
    expect(indicatorField('一级 指标')).toBe('level1');
    expect(indicatorField('三级指标')).toBe('name');
    expect(indicatorField('指标名称')).toBe('name');
    expect(indicatorField('年初指标值')).toBe('target_initial');
    expect(indicatorField('调整后指标值')).toBe('target');
    expect(indicatorField('年度 指标值')).toBe('target');
    expect(indicatorField('实际完成值')).toBe('actual');
    expect(indicatorField('全年 完成值')).toBe('actual');
    expect(indicatorField('完成 程度')).toBe('completion');
    expect(indicatorField('权重')).toBe('weight');
    expect(indicatorField('分值')).toBe('weight');
    expect(indicatorField('得分')).toBe('score');
    expect(indicatorField('得分 （分值*B/A）')).toBe('score');
    expect(indicatorField('偏差原因分析及改进措施')).toBe('deviation');
    expect(indicatorField('运算 符号')).toBe('target_op');
    expect(indicatorField('度量单位')).toBe('target_unit');
  });

  it('maps funding headers, 执行率 before 执行数', () => {
    expect(fundingField('年初 预算数')).toBe('initial_budget');
    expect(fundingField('预算编制数')).toBe('initial_budget');
    expect(fundingField('目标申报数')).toBe('declared_budget');
    expect(fundingField('全年预算数（A）')).toBe('annual_budget');
    expect(fundingField('全年执行数(元)')).toBe('executed');
    expect(fundingField('执行率（B/A）')).toBe('rate');
    expect(fundingField('资金结(转)余')).toBe('balance');
    expect(fundingField('得分 （分值*B/A）')).toBe('score');
    expect(fundingField('项目资金（元）')).toBeNull();
  });
});

describe('level labels', () => {
  it('knows both levels and the parent of a 二级 label', () => {
    expect(levelOf('产出指标')).toBe(1);
    expect(levelOf('可持续影 响指标')).toBe(2);
    expect(levelOf('服务对象 满意度指 标')).toBe(2);
    expect(levelOf('开展内部审计次数')).toBeNull();
    expect(parentLevel1('社会效益指标')).toBe('效益指标');
    expect(parentLevel1('数量指标')).toBe('产出指标');
    expect(parentLevel1('成本指标')).toBeNull(); // filed under 产出 or 效益 depending on the form
  });

  it('corrects known misreadings and says so', () => {
    expect(correctLabel('生态双血 指标')).toEqual({ text: '生态效益指标', corrected: true });
    expect(correctLabel('经济双星指标')).toEqual({ text: '经济效益指标', corrected: true });
    expect(correctLabel('数量指标')).toEqual({ text: '数量指标', corrected: false });
  });

  it('recognises placeholder rows', () => {
    expect(isPlaceholderName('指标1')).toBe(true);
    expect(isPlaceholderName('指标1 指标2')).toBe(true);
    expect(isPlaceholderName('.....')).toBe(true);
    expect(isPlaceholderName('指标完成率')).toBe(false);
  });
});

describe('numbers', () => {
  it('reads amounts, dashes and rates as printed', () => {
    expect(parseNumber('86,500')).toBe(86500);
    expect(parseNumber('31611787.00')).toBe(31611787);
    expect(parseNumber('—')).toBeNull();
    expect(parseNumber('---')).toBeNull();
    expect(parseNumber('≥1 次')).toBeUndefined();
    expect(parseRate('0.87')).toBe(0.87);
    expect(parseRate('72.26')).toBe(0.7226);
    expect(parseRate('30.64%')).toBe(0.3064);
    expect(parseRate('100%')).toBe(1);
  });
});
