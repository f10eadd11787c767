import { describe, expect, it } from 'vitest';
import { dumpDoc } from '../testing.ts';
import { reconstruct } from '../reconstruct.ts';
import { centredGroups } from './stream-levels.ts';

// Plain pdftotext: the cells of a ruled table one per line (or a few), in reading order; a
// name may come after its row's values, a merged level label wherever its middle fell.

const doc = (lines: string[]) => dumpDoc(lines, 'pdftotext');

const FORM = [
  '项目支出绩效自评表',
  '项目名称 测试项目',
  '主管部门 某市某局',
  '一级指标',
  '二级指标',
  '三级指标',
  '年度指标值',
  '实际完成值',
  '分值',
  '得分',
  '偏差原因分析及改进措施',
  '开展执法检查企业',
  '≥650家次',
  '712家次',
  '20',
  '20',
  '≥120人次',
  '134人次',
  '20',
  '20',
  '数量指标 聘请专家参与检查',
  '开展宣传培训',
  '≥40场',
  '43场',
  '20',
  '20',
  '产出指标',
  '质量指标 隐患整改销号率',
  '100%',
  '90%',
  '20',
  '18 部分隐患整改周期长；',
  '将加强督办。',
  '满意度指标 服务对象满意',
  '≥90%',
  '95%',
  '20',
  '20',
  '度指标 群众满意度',
  '总分',
  '100',
  '98',
];

describe('an indicator block read as a stream of cells', () => {
  const { forms } = reconstruct(doc(FORM));
  const f = forms[0]!;

  it('pairs names with rows in order, even where a name comes after its values', () => {
    expect(f.indicators.map((i) => [i.name, i.target, i.actual, i.weight, i.score])).toEqual([
      ['开展执法检查企业', '≥650家次', '712家次', 20, 20],
      ['聘请专家参与检查', '≥120人次', '134人次', 20, 20],
      ['开展宣传培训', '≥40场', '43场', 20, 20],
      ['隐患整改销号率', '100%', '90%', 20, 18],
      ['群众满意度', '≥90%', '95%', 20, 20],
    ]);
    expect(f.total_score).toBe(98);
  });

  it('gives a deviation to the row that lost points and puts a wrapped level label together', () => {
    expect(f.indicators[3]!.deviation).toBe('部分隐患整改周期长；将加强督办。');
    expect(f.indicators.map((i) => [i.level1, i.level2])).toEqual([
      ['产出指标', '数量指标'],
      ['产出指标', '数量指标'],
      ['产出指标', '数量指标'],
      ['产出指标', '质量指标'],
      ['满意度指标', '服务对象满意度指标'],
    ]);
  });

  it('keeps where each value was printed', () => {
    expect(f.indicators[1]!.prov.name!.line).toBe(FORM.indexOf('数量指标 聘请专家参与检查') + 1);
    expect(f.indicators[1]!.prov.score!.line).toBe(FORM.indexOf('≥120人次') + 4);
  });
});

describe('names after the last row', () => {
  it('takes a name printed below the last row as its name, not as deviation text', () => {
    const lines = [...FORM];
    lines.splice(lines.indexOf('度指标 群众满意度'), 1, '度指标');
    lines.splice(lines.indexOf('总分'), 0, '群众满意度');
    const { forms } = reconstruct(doc(lines));
    expect(forms[0]!.indicators.map((i) => i.name)).toEqual(['开展执法检查企业', '聘请专家参与检查', '开展宣传培训', '隐患整改销号率', '群众满意度']);
    expect(forms[0]!.indicators[4]!.deviation).toBeNull();
  });
});

describe('centred groups', () => {
  it('shares rows out among labels standing near the middle of their rows', () => {
    // labels at rows 1 and 4 of six rows: rows 0–2 and 3–5; labels between rows: 0–3 and 4–5
    expect(centredGroups(6, [1, 4])).toEqual([0, 0, 0, 1, 1, 1]);
    expect(centredGroups(6, [1.5, 4.5])).toEqual([0, 0, 0, 0, 1, 1]);
    // one label: every row
    expect(centredGroups(3, [0])).toEqual([0, 0, 0]);
    expect(centredGroups(3, [])).toBeNull();
  });
});

describe('values wrapped inside a date', () => {
  // a row's dates broken after the month's number: the heads stand with the row's other cells
  // (one on the line of the 分值), the tails come after the 得分, left column first
  const lines = [...FORM];
  lines.splice(lines.indexOf('将加强督办。') + 1, 0, '2020年11 20', '时效指标 项目完工时间', '2020年11', '20', '月底前', '月20日');
  const { forms } = reconstruct(doc(lines));

  it('puts each head together with the tail of its column', () => {
    expect(forms[0]!.indicators.map((i) => [i.level2, i.name, i.target, i.actual, i.weight, i.score])[4]).toEqual(
      ['时效指标', '项目完工时间', '2020年11月底前', '2020年11月20日', 20, 20]);
    expect(forms[0]!.indicators).toHaveLength(6);
  });

  it('leaves the stream alone where the heads differ (which tail ends which is a guess)', () => {
    const odd = [...lines];
    odd.splice(odd.indexOf('2020年11'), 1, '2020年10');
    expect(reconstruct(doc(odd)).forms[0]!.indicators).toHaveLength(0);
  });
});

describe('a name the vocabulary also knows as a column', () => {
  it('is a name, not the header printed again (`…完成率` names a 完成率 column elsewhere)', () => {
    const lines = [...FORM];
    lines.splice(lines.indexOf('质量指标 隐患整改销号率'), 1, '质量指标', '隐患整改完成率');
    const { forms } = reconstruct(doc(lines));
    expect(forms[0]!.indicators.map((i) => i.name)[3]).toBe('隐患整改完成率');
  });
});

describe('a level label whose last piece is a bare `指标` printed further down', () => {
  it('puts the pieces together, the 一级 label printed after its 二级 label', () => {
    const lines = [...FORM];
    const at = lines.indexOf('满意度指标 服务对象满意');
    lines.splice(at, 6, '服务对象满意度', '满意度指标', '群众满意度', '≥90%', '95%', '20', '20', '指标');
    const { forms } = reconstruct(doc(lines));
    expect(forms[0]!.indicators.map((i) => [i.level1, i.level2, i.name]).at(-1)).toEqual(['满意度指标', '服务对象满意度指标', '群众满意度']);
  });
});

describe('a block whose next page is printed column by column', () => {
  // page 2 repeats only the name columns' header (一级 / 二级 / 三级指标), then its names, the
  // total's label, and each value column under its own label: not a stream
  const PAGED = [
    ...FORM.slice(0, FORM.indexOf('满意度指标 服务对象满意')),
    '一级指标',
    '二级指标',
    '三级指标',
    '满意度指标 群众满意度',
    '总分',
    '年度指标值',
    '≥90%',
    '实际完成值',
    '95%',
    '分值',
    '20',
    '100',
    '得分',
    '20',
    '98',
  ];

  it('reads the page column by column where every check holds', () => {
    const { forms, anomalies } = reconstruct(doc(PAGED));
    const f = forms[0]!;
    expect(f.indicators.map((i) => [i.level2, i.name, i.target, i.actual, i.weight, i.score]).at(-1)).toEqual(
      ['满意度指标', '群众满意度', '≥90%', '95%', 20, 20]);
    expect(f.indicators).toHaveLength(5);
    expect(f.total_score).toBe(98);
    expect(f.partial).toBeUndefined();
    expect(anomalies.filter((a) => a.rule === 'PARSE')).toEqual([]);
  });

  it('leaves the page unread where the totals do not fit the rows\' sums', () => {
    // 分值 total 90 under the rows' 100
    const off = [...PAGED];
    off.splice(off.indexOf('100'), 1, '90');
    const { forms } = reconstruct(doc(off));
    expect(forms[0]!.indicators).toHaveLength(4);
    expect(forms[0]!.partial).toBeDefined();
  });

  it('keeps the rows read, marks the form partial and says so in one PARSE warning', () => {
    // the 得分 column one cell short of the names and the total: not read
    const short = PAGED.slice(0, -2).concat('98');
    const { forms, anomalies } = reconstruct(doc(short));
    const f = forms[0]!;
    expect(f.indicators.map((i) => [i.name, i.weight, i.score])).toEqual([
      ['开展执法检查企业', 20, 20], ['聘请专家参与检查', 20, 20], ['开展宣传培训', 20, 20], ['隐患整改销号率', 20, 18],
    ]);
    // where the unread rows start: the repeated header's first line (line 34 of the text)
    expect(f.partial).toMatchObject({ page: 1, line: 34 });
    const parse = anomalies.filter((a) => a.rule === 'PARSE');
    expect(parse).toHaveLength(1);
    // it cites both lines its message names: where the unread rows start and the last row read
    const last = f.indicators[3]!.prov.name!;
    expect(parse[0]!.message).toContain(`第${last.page}页第${last.line}行`);
    expect(parse[0]).toMatchObject({ form: 0, evidence: [
      { field: 'indicators', value: 4, prov: { page: 1, line: 34 } },
      { field: 'indicators[3].name', value: '隐患整改销号率', prov: last },
    ] });
  });

  it('leaves a block that ends at the next form whole', () => {
    const next = ['附件2', '项目支出绩效自评表', '项目名称 另一项目', '主管部门 某市某局'];
    const { forms, anomalies } = reconstruct(doc([...FORM.slice(0, FORM.indexOf('总分')), ...next]));
    expect(forms[0]!.indicators).toHaveLength(5);
    expect(forms[0]!.partial).toBeUndefined();
    expect(anomalies.filter((a) => a.rule === 'PARSE')).toEqual([]);
  });
});

describe('a column the form does not keep (备注)', () => {
  // the remark's first line before its row's name, its second after the row's 分值 / 得分; a
  // one-line remark after its row's pair; a name printed after its values on a level label's
  // line; `（80%）` the rest of a merged `绩效指标（80%）`
  const lines = [
    '项目支出绩效自评表',
    '项目名称 测试项目',
    '主管部门 某市某局',
    '一级指标 二级指标',
    '三级指标',
    '年度指标值',
    '实际完成值',
    '分值 得分',
    '偏差原因分析',
    '备注',
    '数据来源：就业失业登',
    '城镇新增就业人数',
    '≥3200人',
    '3486人',
    '30',
    '30',
    '记系统',
    '≥5000万元',
    '5320万元',
    '30',
    '30',
    '贷款额非本项目支出',
    '数量指标 发放创业担保贷款',
    '扶持创业人数',
    '≥380人',
    '402人',
    '20',
    '20',
    '按季度核查',
    '（80%）',
    '产出指标',
    '质量指标 就业困难人员实现就业率',
    '≥90%',
    '93.4%',
    '20',
    '20',
    '总分',
    '100',
    '100',
  ];

  it('leaves its text out of the names', () => {
    const { forms } = reconstruct(doc(lines));
    expect(forms[0]!.indicators.map((i) => [i.name, i.target, i.weight])).toEqual([
      ['城镇新增就业人数', '≥3200人', 30], ['发放创业担保贷款', '≥5000万元', 30], ['扶持创业人数', '≥380人', 20], ['就业困难人员实现就业率', '≥90%', 20],
    ]);
  });

  it('puts a wrapped name back together where a remark stands before it', () => {
    const wrapped = [...lines];
    wrapped.splice(wrapped.indexOf('记系统'), 1, '级证书人数');
    wrapped.splice(wrapped.indexOf('数据来源：就业失业登'), 2, '含线上培训1260人次', '新增取得职业资格或技能等');
    const { forms } = reconstruct(doc(wrapped));
    expect(forms[0]!.indicators.map((i) => i.name)[0]).toBe('新增取得职业资格或技能等级证书人数');
  });
});

describe('a level label wrapped onto a line of its own', () => {
  it('stands at the row whose 分值 / 得分 that line follows', () => {
    // `可持续影响指` on a row's line, `标` after the next row's pair: the next row's label, the
    // label above taking both rows above it
    const lines = [...FORM];
    const at = lines.indexOf('满意度指标 服务对象满意');
    lines.splice(at, 6, '社会效益指标 群众满意度', '≥90%', '95%', '20', '20', '效益指标 可持续影响指 带动就业', '≥50人', '56人', '20', '20',
      '长效机制', '健全', '健全', '20', '20', '标');
    lines.splice(lines.indexOf('度指标 群众满意度'), 1);
    lines.splice(lines.indexOf('总分') + 1, 1, '140');
    const { forms } = reconstruct(doc(lines));
    expect(forms[0]!.indicators.map((i) => [i.name, i.level2]).slice(-3)).toEqual(
      [['群众满意度', '社会效益指标'], ['带动就业', '社会效益指标'], ['长效机制', '可持续影响指标']]);
  });
});

describe('a parenthesised share', () => {
  it('is the rest of a merged 一级 label (`绩效指标（80%）`), not a name', () => {
    const lines = [...FORM];
    lines.splice(lines.indexOf('产出指标'), 0, '（80%）');
    const { forms } = reconstruct(doc(lines));
    expect(forms[0]!.indicators.map((i) => i.name)).toEqual(['开展执法检查企业', '聘请专家参与检查', '开展宣传培训', '隐患整改销号率', '群众满意度']);
    expect(forms[0]!.indicators[3]!.deviation).toBe('部分隐患整改周期长；将加强督办。');
  });
});

describe('a last name the vocabulary knows as a level label', () => {
  it('is the last row\'s name where the label stands above it already (`服务对象满意度` under `服务对象满意度指标`)', () => {
    const lines = [...FORM];
    lines.splice(lines.indexOf('度指标 群众满意度'), 1, '度指标 服务对象满意度');
    const { forms } = reconstruct(doc(lines));
    expect(forms[0]!.indicators.map((i) => [i.level2, i.name]).at(-1)).toEqual(['服务对象满意度指标', '服务对象满意度']);
  });
});

describe('rows printed column by column at the end of a stream', () => {
  const HEAD = FORM.slice(0, 11);
  it('places a group\'s levels only as far as every way of sharing its labels agrees', () => {
    // the group (耕地面积 / 防洪标准 / 河段水质) prints all its labels before its names, and the
    // row after it (群众满意度) none: 3 二级 labels for 4 rows
    const lines = [...HEAD, '开展检查企业', '≥650家次', '712家次', '20', '20', '产出指标', '数量指标', '开展宣传培训', '≥40场', '43场', '20', '20',
      '效益指标', '社会效益指标', '生态效益指标', '满意度指标', '服务对象满意度指标',
      '耕地面积', '防洪标准', '河段水质', '≥2.6万亩', '达到10年一遇', '达到Ⅲ类', '2.6万亩', '达到10年一遇', '达到Ⅲ类', '15', '10', '10', '15', '9', '10',
      '群众满意度', '≥90%', '95%', '20', '20', '95', '94', '总分'];
    const f = reconstruct(doc(lines)).forms[0]!;
    expect(f.indicators.map((i) => [i.level1, i.level2, i.name, i.weight, i.score])).toEqual([
      ['产出指标', '数量指标', '开展检查企业', 20, 20],
      ['产出指标', '数量指标', '开展宣传培训', 20, 20],
      ['效益指标', '社会效益指标', '耕地面积', 15, 15],
      ['效益指标', null, '防洪标准', 10, 9],
      [null, null, '河段水质', 10, 10],
      ['满意度指标', '服务对象满意度指标', '群众满意度', 20, 20],
    ]);
  });
});

describe('a figure paired up as a name', () => {
  it('keeps the rows before it and leaves the rest unread', () => {
    // `≥300人` would be the second row's name (培训信息员 taken for its deviation)
    const lines = [...FORM.slice(0, 11), '开展检查企业', '≥650家次', '712家次', '20', '20', '培训信息员', '≥300人', '246人', '100%', '20', '16', '总分', '40', '36'];
    const { forms, anomalies } = reconstruct(doc(lines));
    expect(forms[0]!.indicators.map((i) => i.name)).toEqual(['开展检查企业']);
    expect(forms[0]!.total_score).toBeNull();
    expect(forms[0]!.partial).toMatchObject({ page: 1, line: 17 });
    expect(anomalies.filter((a) => a.rule === 'PARSE')).toHaveLength(1);
  });
});
