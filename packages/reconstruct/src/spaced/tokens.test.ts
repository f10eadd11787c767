import { describe, expect, it } from 'vitest';
import { classOf, joinWrapped, leadingLevels, splitValuesLine, widthOf } from './tokens.ts';

describe('classOf', () => {
  it('tells numbers, percents, comparisons, units and text apart', () => {
    expect(['10', '9.48', '100%', '≥322.5', '90%≤预算执行率≤100%', '约', '万人', '次/月', '医疗救助专项财政补贴年底补助人数'].map(classOf))
      .toEqual(['N', 'N', 'P', 'O', 'O', 'W', 'U', 'U', 'T']);
  });
});

describe('splitValuesLine', () => {
  it('splits target and actual that both contain a space; the unit stays with its number', () => {
    const s = splitValuesLine('≥322.5 万人 305.63 万人 10 9.48', false)!;
    expect(s).toMatchObject({ name: null, target: '≥322.5 万人', actual: '305.63 万人', weight: 10, score: 9.48, deviation: null, missing: 1 });
  });

  it('keeps a name with spaces and a number in it', () => {
    const s = splitValuesLine('参保 18 周岁以上低保人数 1200 人 1131 人 12.5 12.03 参保实际情况有一定偏差')!;
    expect(s).toMatchObject({ name: '参保 18 周岁以上低保人数', target: '1200 人', actual: '1131 人', weight: 12.5, score: 12.03, deviation: '参保实际情况有一定偏差', missing: 0 });
  });

  it('reads a name that starts with a number', () => {
    const s = splitValuesLine('10 个试点城市当地服务网点覆盖率 ≥90% 100% 5 5')!;
    expect(s).toMatchObject({ name: '10 个试点城市当地服务网点覆盖率', target: '≥90%', actual: '100%', weight: 5, score: 5 });
  });

  it('keeps dates whole rather than giving half to the name', () => {
    const s = splitValuesLine('项目运行及时性 2020 年 12 月 2020 年 12 月 12.5 12.5')!;
    expect(s).toMatchObject({ name: '项目运行及时性', target: '2020 年 12 月', actual: '2020 年 12 月' });
  });

  it('reads a comparison word before the number', () => {
    const s = splitValuesLine('约 60000 单 13091 单 5 1.09', false)!;
    expect(s).toMatchObject({ name: null, target: '约 60000 单', actual: '13091 单', weight: 5, score: 1.09, missing: 1 });
  });

  it('strips leading level labels and keeps deviation text after the score', () => {
    const s = splitValuesLine('成本指标 预算执行率 90%≤预算执行率≤100% 89.51% 5 4.48 受 疫 情 影 响')!;
    expect(s).toMatchObject({ levels: ['成本指标'], name: '预算执行率', target: '90%≤预算执行率≤100%', actual: '89.51%', weight: 5, score: 4.48, deviation: '受 疫 情 影 响' });
  });

  it('takes the weight/score pair before deviation text that starts with a number', () => {
    const s = splitValuesLine('培训人数 1000 人 950 人 10 9.5 2 个班停办')!;
    expect(s).toMatchObject({ name: '培训人数', target: '1000 人', actual: '950 人', weight: 10, score: 9.5, deviation: '2 个班停办' });
  });

  it('reads single-word values', () => {
    expect(splitValuesLine('不适用 不适用 不适用 12.5 12.5')).toMatchObject({ name: '不适用', target: '不适用', actual: '不适用', missing: 0 });
    expect(splitValuesLine('完成基金财务软件建设 完成 完成 10 10')).toMatchObject({ name: '完成基金财务软件建设', target: '完成', actual: '完成' });
  });

  it('reports every cell missing on a bare weight/score line', () => {
    expect(splitValuesLine('5 4', false)).toMatchObject({ name: null, target: null, actual: null, weight: 5, score: 4, missing: 3 });
  });

  it('returns null without a weight/score pair', () => {
    expect(splitValuesLine('2020 年在园在校学生增')).toBeNull();
  });
});

describe('joinWrapped', () => {
  it('joins CJK without a space and closes up spaced-out characters', () => {
    expect(joinWrapped(['受 疫 情 影 响 部 分 业', '务展开缓慢。'])).toBe('受疫情影响部分业务展开缓慢。');
    expect(joinWrapped(['医疗业务全年社保待遇决定', '书邮政 EMS 快递单数'])).toBe('医疗业务全年社保待遇决定书邮政 EMS 快递单数');
    expect(joinWrapped(['2020 年在园在校学生增', '长不达预期。'])).toBe('2020 年在园在校学生增长不达预期。');
  });
  it('measures CJK as full width and Latin as half', () => {
    expect(widthOf('EMS 快递')).toBe(4);
  });
});

describe('splitValuesLine with 年初 and 调整后 target columns', () => {
  it('splits three value cells', () => {
    const s = splitValuesLine('培训人数 ≥100 人次 ≥120 人次 130 人次 10 10', true, 3)!;
    expect(s).toMatchObject({ name: '培训人数', target_initial: '≥100 人次', target: '≥120 人次', actual: '130 人次', weight: 10, score: 10, missing: 0 });
  });
});

describe('leadingLevels', () => {
  it('takes a 一级 then a 二级 label, and leaves a name that looks like a label', () => {
    expect(leadingLevels(['产出', '指标', '数量指标', '律师驻点人数'])).toEqual({ levels: ['产出指标', '数量指标'], rest: ['律师驻点人数'] });
    expect(leadingLevels(['满意度指标', '满意度', '≥90%'])).toEqual({ levels: ['满意度指标'], rest: ['满意度', '≥90%'] });
  });
});
