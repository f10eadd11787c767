import { resolve } from 'node:path';
import { ingestFile } from '@ziping/ingest';
import { describe, expect, it } from 'vitest';
import { reconstruct } from '../reconstruct.ts';
import { dropOrgCode } from './parse.ts';
import { tabDoc } from '../testing.ts';

const root = resolve(import.meta.dirname, '../../../..');
const doc = tabDoc;

describe('target declarations in seed 003 (表14 整体支出绩效目标表, 表15 一级项目支出绩效目标申报表)', async () => {
  const x = reconstruct(await ingestFile(resolve(root, 'fixtures/seeds/003_69315ee9fbc7324a.txt')));
  const targets = x.forms.filter((f) => f.kind === 'target');

  it('finds one department declaration over five pages and nine project declarations', () => {
    expect(x.forms).toHaveLength(10);
    expect(targets).toHaveLength(10);
    expect(targets.map((f) => f.project)).toEqual([
      null, '医疗保障政策研究管理', '医药支付和管理', '基金监督管理', '医疗保障经办管理', '医疗保障综合管理', '预算准备金',
      '中央财政转移支付——医疗服务与保障能力提升补助资金', '财政对医疗保障的补助', '福利彩票公益金项目',
    ]);
    expect(new Set(targets.map((f) => f.department))).toEqual(new Set(['深圳市医疗保障局']));
    for (const f of targets) expect([f.total_score, f.budget_score, f.grade, ...f.indicators.map((i) => i.score ?? i.weight ?? i.actual)]).toEqual(
      [null, null, null, ...f.indicators.map(() => null)]);
  });

  it('reads the department declaration: year, unit, one funding row per task, indicators across pages', () => {
    const d = targets[0]!;
    expect(d).toMatchObject({ title: '部门（单位）整体支出绩效目标表', year: 2021, amount_unit: '万元' });
    expect(d.funding.find((r) => r.source === '医疗保障综合管理')).toMatchObject({ initial_budget: 1795 });
    expect(d.funding.at(-1)).toMatchObject({ source: '金额合计', initial_budget: 15945 });
    expect(d.indicators).toHaveLength(56);
    // a level label alone on its row (时效指标) applies to the rows below it
    expect(d.indicators.find((i) => i.name === '数据分析及时性')).toMatchObject({ level1: '产出指标', level2: '时效指标', target: '按月分析' });
    expect(d.indicators.at(-1)).toMatchObject({ name: '培训满意度', target: '≥90%', level1: '满意度指标' });
  });

  it('reads a project declaration: amounts in 元, indicators with operator, 指标解释 kept out', () => {
    const f = targets.find((t) => t.project === '医疗保障政策研究管理')!;
    expect(f).toMatchObject({ title: '一级项目支出绩效目标申报表', amount_unit: '元', year: null });
    expect(f.funding.map((r) => [r.source, r.initial_budget])).toEqual([['项目总金额', 30309500], ['本年度项目金额', 7408800]]);
    const i = f.indicators.find((k) => k.name === '参加调研人员满意度')!;
    expect(i).toMatchObject({ level1: '满意度指标', target: '≥90%', deviation: null, actual: null });
    expect(i.prov.explanation).toMatchObject({ line: 675 });
    expect(f.indicators[0]).toMatchObject({ level1: '产出指标', level2: '数量指标', name: '开展调研工作次数', target: '≥10次' });
  });

  it('reads rows whose merged cells shifted them (name in the first column, level in the second)', () => {
    const f = targets.find((t) => t.project === '医药支付和管理')!;
    expect(f.indicators.find((k) => k.name === '集中带量采购的医用耗材品种价格降幅')).toMatchObject({ level2: '成本指标', target: '达到30%' });
    expect(f.indicators.find((k) => k.name === '医用耗材阳光交易和监管平台运行服务')).toMatchObject({ level2: '数量指标', target: '1年' });
  });

  it('leaves the budget tables as they were', () => {
    expect(x.tables.map((t) => t.code)).toEqual(['表1', '表3', '表6', '表7', '表8', '表10', '表11', '表12', '表13']);
  });
});

describe('target declarations of other layouts', () => {
  it('reads labels and columns wherever they are printed', () => {
    const x = reconstruct(doc([
      '目录',
      '1. 项目支出绩效目标表',
      '',
      '项目支出绩效目标表（2022年度）',
      '项目名称|农村饮水安全巩固提升|主管部门|301-某县水利局',
      '实施单位|某县农村供水站|年度资金总额（万元）|120.50',
      '绩效指标|一级指标|二级指标|三级指标|指标值|指标解释',
      '|产出指标|数量指标|新建供水工程|≥3 处|反映工程数量',
      '|||维修管网长度|≥12 公里|',
      '||质量指标|工程验收合格率|100%|反映质量',
      '|效益指标|社会效益指标|受益人口|≥5000 人|',
      '|满意度指标|服务对象满意度指标|受益群众满意度|≥90%|',
      '',
      '以上目标经审核后批复执行，各单位应当按季度报送绩效监控情况，年底开展自评。本段是正文。',
    ]));
    expect(x.forms).toHaveLength(1);
    const f = x.forms[0]!;
    expect(f).toMatchObject({
      kind: 'target', title: '项目支出绩效目标表（2022年度）', year: 2022, project: '农村饮水安全巩固提升',
      department: '某县水利局', implementer: '某县农村供水站', amount_unit: '万元',
    });
    expect(f.funding).toMatchObject([{ source: '年度资金总额', initial_budget: 120.5 }]);
    expect(f.indicators.map((i) => [i.level1, i.level2, i.name, i.target])).toEqual([
      ['产出指标', '数量指标', '新建供水工程', '≥3 处'],
      ['产出指标', '数量指标', '维修管网长度', '≥12 公里'],
      ['产出指标', '质量指标', '工程验收合格率', '100%'],
      ['效益指标', '社会效益指标', '受益人口', '≥5000 人'],
      ['满意度指标', '服务对象满意度指标', '受益群众满意度', '≥90%'],
    ]);
  });

  it('takes a code printed on the title line, and ignores a title with no table under it', () => {
    const x = reconstruct(doc([
      '表14 部门整体支出绩效目标表',
      '表15 项目支出绩效目标表',
      '',
      '表15 项目支出绩效目标表',
      '单位：万元',
      '项目名称|甲项目|主管部门|乙局',
      '年度资金总额|35|其中：财政拨款|35',
      '一级指标|二级指标|三级指标|指标值',
      '产出指标|数量指标|培训人次|≥200 人次',
    ]));
    expect(x.forms.map((f) => [f.title, f.project, f.indicators.length])).toEqual([['项目支出绩效目标表', '甲项目', 1]]);
    // the unit printed under the title applies to an amount whose label names none
    expect(x.forms[0]).toMatchObject({ amount_unit: '万元', funding: [{ source: '年度资金总额', initial_budget: 35 }] });
  });

  it('drops organisation codes before a name', () => {
    expect(dropOrgCode('0102025 深圳市医疗保障局')).toBe('深圳市医疗保障局');
    expect(dropOrgCode('0102025001深圳市医疗保障局')).toBe('深圳市医疗保障局');
    expect(dropOrgCode('303-某市医疗保障局')).toBe('某市医疗保障局');
    expect(dropOrgCode('2021年项目')).toBe('2021年项目');
  });
});
