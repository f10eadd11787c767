import { describe, expect, it } from 'vitest';
import { tabDoc } from '../testing.ts';
import { interpretForms } from './interpret.ts';

// Tab dumps whose cells were wrapped over lines or printed in the wrong row: labels, titles and
// names cut in two, merged level labels printed again mid-block, template rows left blank.
const read = (rows: string[]) => interpretForms(tabDoc(rows).blocks);

describe('labels and titles wrapped over two lines', () => {
  const { forms, findings } = read([
    '2021年某局预算项目（政策）',
    '绩效目标自评表',
    '项目（政策）||某项目',
    '名称||某局',
    '实施单位||某局|||实施期||2021年1月',
    '一级|二级|三级|年度|||全年|分值|得分|未完成原因',
    '|||目标值||||||',
    '指标|指标|指标|运算|内容|度量单位',
    '|||符号|||||||原因',
    '产出|数量|指标1||培训人次|||完成|20|20',
    '||指标2',
    '||指标1 指标2',
    '总分|||||||100|95',
  ]);
  const f = forms[0]!;

  it('takes the year from the title line above and the project from the label cut after 项目（政策）', () => {
    expect([f.year, f.project, f.implementer]).toEqual([2021, '某项目', '某局']);
  });

  it('reads a header of four rows whose labels end on the rows below (一级 / 指标, 运算 / 符号)', () => {
    expect(f.indicators.map((i) => [i.level1, i.level2, i.name, i.actual, i.weight, i.score])).toEqual([
      ['产出', '数量', '培训人次', '完成', 20, 20],
    ]);
  });

  it('reports no label it read, and keeps blank template rows (指标2, 指标1 指标2) out', () => {
    expect(findings).toEqual([]);
  });
});

describe('cells printed in the row above or again further down', () => {
  const HEADER = '一级指标|二级指标|三级指标|年度指标值|实际完成值|分值|得分';

  it('gives a row with no name the second name printed in the cell above it', () => {
    const { forms } = read([
      '某项目绩效自评表',
      HEADER,
      '效益指标|社会效益指标|规范评审工作 政策制定的科学性|良好|良好|15|15',
      '|||提高|提高|15|15',
      '总分|||||100|95',
    ]);
    expect(forms[0]!.indicators.map((i) => [i.name, i.target, i.actual, i.weight])).toEqual([
      ['规范评审工作', '良好', '良好', 15],
      ['政策制定的科学性', '提高', '提高', 15],
    ]);
  });

  it('keeps a row with no name of its own a name when the row above holds one name', () => {
    const { forms } = read([
      '某项目绩效自评表',
      HEADER,
      '效益指标|社会效益指标|规范评审工作|良好|良好|15|15',
      '|||提高|提高|15|15',
      '总分|||||100|95',
    ]);
    expect(forms[0]!.indicators.map((i) => i.name)).toEqual(['规范评审工作', '提高']);
  });

  it('completes a label from its wrapped end (the rows above too), and a 一级 piece printed again keeps the 二级 label', () => {
    const { forms } = read([
      '某项目绩效自评表',
      HEADER,
      '产出|数量|培训人次|≥2|3|5|5',
      '指标|指标||||',
      '|质量|验收合格率|≥90%|95%|5|5',
      '产出|指标|运行正常率|≥90%|99%|5|5',
      '指标||响应时间|≤60分钟|30分钟|5|5',
      '总分|||||100|95',
    ]);
    expect(forms[0]!.indicators.map((i) => [i.level1, i.level2, i.name])).toEqual([
      ['产出指标', '数量指标', '培训人次'],
      ['产出指标', '质量指标', '验收合格率'],
      ['产出指标', '质量指标', '运行正常率'],
      ['产出指标', '质量指标', '响应时间'],
    ]);
  });
});

describe('misspelt level labels', () => {
  it('reads an OCR misspelling as the label it stands for and reports it once', () => {
    const { forms, findings } = read([
      '某项目绩效自评表',
      '一级指标|二级指标|三级指标|年度指标值|实际完成值|分值|得分',
      '效益指标|经济双星指标|带动收入|≥10万元|12万元|10|10',
      '||带动就业|≥10人|12人|10|10',
      '总分|||||100|95',
    ]);
    expect(forms[0]!.indicators.map((i) => i.level2)).toEqual(['经济双星指标', '经济双星指标']);
    expect(findings.map((f) => [f.rule, f.indicator, f.expected])).toEqual([['PARSE', '经济双星指标', '经济效益指标']]);
  });
});

describe('department templates', () => {
  it('keeps the 一级 label of a department template over a 二级 label of another family', () => {
    const { forms } = read([
      '某局整体绩效自评表',
      '一级指标|二级指标|三级指标|年度指标值|实际完成值|分值|得分',
      '社会效应|社会效益|结算率有所提高|有所提高|有所提高|15|15',
      '|服务对象满意度|参保人员满意度|≥85%|90%|15|15',
      '总分|||||100|95',
    ]);
    expect(forms[0]!.indicators.map((i) => [i.level1, i.level2])).toEqual([
      ['社会效应', '社会效益'],
      ['社会效应', '服务对象满意度'],
    ]);
  });
});
