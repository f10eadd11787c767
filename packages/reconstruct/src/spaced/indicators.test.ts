import { describe, expect, it } from 'vitest';
import { findIndicatorHeader, parseIndicators, partition } from './indicators.ts';
import { slines } from './testing.ts';

const FULL = ['level1', 'level2', 'name', 'target', 'actual', 'weight', 'score', 'deviation'];
const rowsOf = (texts: string[]) => {
  const ls = slines(['一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施', ...texts]);
  const header = findIndicatorHeader(ls, 0, ls.length)!;
  const r = parseIndicators(ls.slice(header.end), header);
  return r.indicators.map(({ prov: _p, target_initial: _t, ...i }) => i);
};

describe('findIndicatorHeader', () => {
  it('reads a header split over lines', () => {
    const ls = slines(['年度绩效', '指标', '一级', '指标', '二级指标 三级指标 年度指标值 实际完成值 分值 得分', '偏差原因分析及改', '进措施', '产出', '指标']);
    expect(findIndicatorHeader(ls, 0, ls.length)).toEqual({ at: 0, end: 7, fields: FULL });
  });
  it('reads a header on one line', () => {
    const ls = slines(['年度绩效指标', '一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施', '产出指标']);
    expect(findIndicatorHeader(ls, 0, ls.length)).toEqual({ at: 0, end: 2, fields: FULL });
  });
});

describe('parseIndicators', () => {
  it('fills levels down, joins a split level label, and gives 满意度指标 both levels', () => {
    const rows = rowsOf(['产出', '指标', '数量指标', '律师驻点人数 ≥1 人 2 人 5 5', '质量指标 驻点律师到岗率 100% 100% 5 5', '满意度指标 公众满意度 90% 100% 20 20']);
    expect(rows.map((r) => [r.level1, r.level2, r.name])).toEqual([
      ['产出指标', '数量指标', '律师驻点人数'],
      ['产出指标', '质量指标', '驻点律师到岗率'],
      ['满意度指标', '满意度指标', '公众满意度'],
    ]);
  });

  it('gives the lines after a row that lost points to its deviation, up to the sentence end, and the rest to the next name', () => {
    const rows = rowsOf([
      '数量指标 全市审核单量 约 600 单 130 单 5 1.09',
      '系统优化后文书',
      '可直接下载。',
      '全市存量及新增定点医药机构培训',
      '参与人数',
      '≥76 人次 ≥76 人次 5 5',
    ]);
    expect(rows).toEqual([
      { level1: '产出指标', level2: '数量指标', name: '全市审核单量', target: '约 600 单', actual: '130 单', weight: 5, score: 1.09, deviation: '系统优化后文书可直接下载。' },
      { level1: '产出指标', level2: '数量指标', name: '全市存量及新增定点医药机构培训参与人数', target: '≥76 人次', actual: '≥76 人次', weight: 5, score: 5, deviation: null },
    ]);
  });

  it('gives lines after a full-score row to the next name', () => {
    const rows = rowsOf(['质量指标 支付规范性 规范 规范 10 10', '参保人对城乡居民医疗保险财政补', '助业务开展满意度', '≥90% ≥90% 20 20']);
    expect(rows.map((r) => [r.name, r.deviation])).toEqual([['支付规范性', null], ['参保人对城乡居民医疗保险财政补助业务开展满意度', null]]);
  });

  it('gives all lines to the deviation when the next values line has its own name', () => {
    const rows = rowsOf(['数量指标', '少儿医保年度缴', '费补贴总人数', '≥322.5 万人 305.63 万人 10 9.48', '2020 年在园在校学生增', '长不达预期。', '医疗救助补助人数 ≥6504 人 3035 人 10 4.66']);
    expect(rows.map((r) => [r.name, r.target, r.actual, r.deviation])).toEqual([
      ['少儿医保年度缴费补贴总人数', '≥322.5 万人', '305.63 万人', '2020 年在园在校学生增长不达预期。'],
      ['医疗救助补助人数', '≥6504 人', '3035 人', null],
    ]);
  });

  it('splits name, target and actual wrapped before a bare weight/score line by line widths', () => {
    const rows = rowsOf([
      '时效指标',
      '现金报销初审平均承办时间 ≤5 个工作日 2.21 天 5 5',
      '到参保人就诊的医疗机构调查病历真实',
      '性的完成时效',
      '在合同规定期',
      '限内完成',
      '暂未在合同规',
      '定期限内完成',
      '5 4',
      '疫情期间，医疗机构不对',
      '外开放调查。',
      '成本指标 成本控制率 ≤100% ≤100% 5 5',
    ]);
    expect(rows[1]).toEqual({
      level1: '产出指标', level2: '时效指标',
      name: '到参保人就诊的医疗机构调查病历真实性的完成时效',
      target: '在合同规定期限内完成', actual: '暂未在合同规定期限内完成', weight: 5, score: 4,
      deviation: '疫情期间，医疗机构不对外开放调查。',
    });
    expect(rows[2]).toMatchObject({ level2: '成本指标', name: '成本控制率', deviation: null });
  });

  it('continues an inline deviation with spaced-out characters onto the next line', () => {
    const rows = rowsOf(['产出指标', '成本指标', '预算执行率 90%≤预算执行率≤100% 89.51% 5 4.48 受 疫 情 影 响 部 分 业', '务展开缓慢。', '效益', '指标', '社会效益指标', '为医保分中心及中心工作人员提供后勤', '保障服务', '100% 100% 20 20']);
    expect(rows.map((r) => [r.level1, r.level2, r.name, r.deviation])).toEqual([
      ['产出指标', '成本指标', '预算执行率', '受疫情影响部分业务展开缓慢。'],
      ['效益指标', '社会效益指标', '为医保分中心及中心工作人员提供后勤保障服务', null],
    ]);
  });
});

describe('partition', () => {
  it('ends each wrapped cell on a line no wider than its full lines', () => {
    // name 17 + 6, target 6 + 4, actual 6 + 6; a name column 16 wide
    expect(partition([17, 6, 6, 4, 6, 6], 3, 16).cuts).toEqual([[0, 2], [2, 4], [4, 6]]);
  });
});

describe('parseIndicators, misspelt labels', () => {
  it('corrects an OCR-style level label and reports it', () => {
    const ls = slines(['一级指标 二级指标 三级指标 年度指标值 实际完成值 分值 得分', '效益指标 经济双星指标 带动就业人数 ≥50 人 60 人 10 10']);
    const header = findIndicatorHeader(ls, 0, ls.length)!;
    const r = parseIndicators(ls.slice(header.end), header);
    expect(r.indicators[0]).toMatchObject({ level1: '效益指标', level2: '经济效益指标', name: '带动就业人数' });
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ rule: 'PARSE', indicator: '经济双星指标', expected: '经济效益指标' });
  });
});

describe('findIndicatorHeader, columns over two lines', () => {
  it('joins a header whose label columns and value columns are on separate lines', () => {
    const ls = slines(['一级指标 二级指标 三级指标', '年度指标值 实际完成值 分值 得分 偏差原因分析及改进措施', '产出指标']);
    expect(findIndicatorHeader(ls, 0, ls.length)).toEqual({ at: 0, end: 2, fields: FULL });
  });
});

describe('parseIndicators, labels in the middle of their block', () => {
  it('gives rows above a label, that had none, the label below them', () => {
    const rows = rowsOf(['参保人数 ≥15 万人 15.2 万人 10 10', '产出指标 数量指标 资料收取业务量 ≥6000 笔 6155 笔 10 10', '质量指标 验收合格率 100% 100% 10 10']);
    expect(rows.map((r) => [r.level1, r.level2, r.name])).toEqual([
      ['产出指标', '数量指标', '参保人数'],
      ['产出指标', '数量指标', '资料收取业务量'],
      ['产出指标', '质量指标', '验收合格率'],
    ]);
  });
});
