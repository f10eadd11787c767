import { describe, expect, it } from 'vitest';
import type { SourceDocument } from '@ziping/core';
import { tabDoc } from '../testing.ts';
import { reconstruct } from '../reconstruct.ts';

// The interpreter on small tab-separated forms: flattened sources, so shifted cells, merged
// levels left empty and labels printed mid-block are what it has to read through.

const doc = tabDoc;

const FORM = [
  '附件 9',
  '',
  '项目支出绩效自评表',
  '项目名称|测试项目|||项目金额|100.00',
  '主管部门|101-某市某局|||实施单位||',
  '项目资金（万元）||年初预算数|全年预算数|全年执行数|分值|执行率|得分',
  '|年度资金总额|100|80|60|10|75%|7.5',
  '|其中：当年财政拨款|100|80|60|—|75%|—',
  '年度总体目标|预期目标|||实际完成情况',
  '年度绩效指标|一级指标|二级指标|三级指标|年度指标值|实际完成值|分值|得分|偏差原因分析及改进措施',
  '|产出指标|数量指标|培训次数|≥2 次|3 次|20|20|',
  '|||覆盖人数|≥100 人|80 人|20|16|人员不足。',
  '||质量指标|验收合格率|100%|100%|20|20|',
  // shifted one cell right by a merged cell, and a name left in the level column
  '||效益指标|社会效益指标|群众知晓率|≥90%|95%|10|10',
  '|宣传覆盖面||≥80%|90%|10|10|',
  '||满意度指标|服务对象满意度|≥90%|92%|10|10|',
  '|总分|||||100|93.5|—',
];

describe('tab-separated forms', () => {
  const { forms } = reconstruct(doc(FORM));
  const f = forms[0]!;

  it('reads the labelled header fields and drops organisation codes', () => {
    expect(forms).toHaveLength(1);
    expect(f).toMatchObject({ attachment: '附件 9', title: '项目支出绩效自评表', project: '测试项目', department: '某市某局', implementer: null, amount_unit: '万元', total_score: 93.5, budget_score: 7.5 });
  });

  it('places funding values by the header and drops 其中', () => {
    expect(f.funding.map(({ prov: _p, ...r }) => r)).toEqual([
      { source: '年度资金总额', initial_budget: 100, annual_budget: 80, executed: 60, balance: null, weight: 10, rate: 0.75, score: 7.5 },
      { source: '当年财政拨款', initial_budget: 100, annual_budget: 80, executed: 60, balance: null, weight: null, rate: 0.75, score: null },
    ]);
  });

  it('fills merged level cells down and reads shifted rows by their anchor', () => {
    const rows = f.indicators.map((i) => [i.level1, i.level2, i.name, i.target, i.actual, i.weight, i.score, i.deviation]);
    expect(rows).toEqual([
      ['产出指标', '数量指标', '培训次数', '≥2 次', '3 次', 20, 20, null],
      ['产出指标', '数量指标', '覆盖人数', '≥100 人', '80 人', 20, 16, '人员不足。'],
      ['产出指标', '质量指标', '验收合格率', '100%', '100%', 20, 20, null],
      ['效益指标', '社会效益指标', '群众知晓率', '≥90%', '95%', 10, 10, null],
      ['效益指标', '社会效益指标', '宣传覆盖面', '≥80%', '90%', 10, 10, null],
      ['满意度指标', '满意度指标', '服务对象满意度', '≥90%', '92%', 10, 10, null],
    ]);
  });

  it('keeps the source line of every value', () => {
    const second = f.indicators[1]!;
    expect(second.prov.score).toEqual({ page: 1, line: 12 });
    expect(f.funding[0]!.prov.executed).toEqual({ page: 1, line: 7 });
  });
});

describe('merged labels printed mid-block and wrapped labels', () => {
  it('fills a 一级 label back up to the rows above it in the same block', () => {
    const { forms } = reconstruct(doc([
      '某局整体绩效自评表',
      '一级指标|二级指标|三级指标|年度指标值|实际完成值|分值|得分',
      '|重点工作履行情况|甲工作|完成|完成|10|10',
      '履职效能||乙工作|完成|完成|10|10',
      '|||丙工作|完成|完成|10|10',
      '总分|||||30',
    ]));
    expect(forms[0]!.kind).toBe('department');
    expect(forms[0]!.indicators.map((i) => [i.level1, i.level2])).toEqual([
      ['履职效能', '重点工作履行情况'], ['履职效能', '重点工作履行情况'], ['履职效能', '重点工作履行情况'],
    ]);
  });
});

describe('provenance from geometry', () => {
  it('keeps the bbox of the cell each value was read from', () => {
    const d = doc(FORM);
    // give the 得分 cell of 覆盖人数 (line 12) a box, as the PDF path does
    const cells = d.blocks.flatMap((b) => (b.kind === 'table' ? b.cells : []));
    cells.find((c) => c.prov.line === 12 && c.text === '16')!.prov.bbox = [400, 300, 430, 318];
    const f = reconstruct(d).forms[0]!;
    expect(f.indicators[1]!.prov.score).toEqual({ page: 1, line: 12, bbox: [400, 300, 430, 318] });
    expect(f.indicators[1]!.prov.weight).toEqual({ page: 1, line: 12 });
  });
});

describe('titles inside the table', () => {
  it('finds a form whose title is the full-width first row of its table', () => {
    const rows = FORM.map((r) => (r === '项目支出绩效自评表' ? '项目支出绩效自评表||||||||' : r));
    const { forms } = reconstruct(doc(rows));
    expect(forms).toHaveLength(1);
    expect(forms[0]!.title).toBe('项目支出绩效自评表');
    expect(forms[0]!.indicators).toHaveLength(6);
  });
});

describe('placeholder names', () => {
  it('names an indicator by its 内容 cell where 三级指标 holds only 指标1', () => {
    const { forms } = reconstruct(doc([
      '某项目绩效目标自评表',
      '一级指标|二级指标|三级指标|年度指标值|||全年完成值|分值|得分',
      '|||运算符号|内容|度量单位|||',
      '效益指标|社会效益指标|指标1||甲||完成|10|10',
      '||指标2||乙||完成|10|10',
      '|可持续影响指标|指标1|“≥”|丙|%|完成|10|10',
      '总分|||||||30',
    ]));
    expect(forms[0]!.indicators.map((i) => [i.name, i.level2, i.target])).toEqual([
      ['甲', '社会效益指标', '甲'], ['乙', '社会效益指标', '乙'], ['丙', '可持续影响指标', '≥丙%'],
    ]);
  });
});

describe('cells wrapped over lines in a flattened source', () => {
  it('carries a row of word pieces on into the cells of the indicator above', () => {
    const { forms } = reconstruct(doc([
      '项目支出绩效自评表',
      '一级指标|二级指标|三级指标|年度指标值|实际完成值|分值|得分',
      '产出指标|时效指标|项目完工时间|2020年11|2020年11|6|6',
      '|||月底前|月20日||',
      '||验收合格率|100%|100%|4|4',
      '总分||||||10',
    ]));
    expect(forms[0]!.indicators.map((i) => [i.name, i.target, i.actual])).toEqual([
      ['项目完工时间', '2020年11月底前', '2020年11月20日'], ['验收合格率', '100%', '100%'],
    ]);
    expect(forms[0]!.indicators[0]!.prov.target).toEqual({ page: 1, line: 3, lineEnd: 4 });
  });
});

describe('a level label on a line of its own', () => {
  it('sets the level of the indicator rows below it', () => {
    const { forms } = reconstruct(doc([
      '项目支出绩效自评表',
      '一级指标|二级指标|三级指标|年度指标值|实际完成值|分值|得分',
      '产出指标|数量指标|培训次数|≥2次|2次|5|5',
      '效益指标',
      '|其他指标|知晓率|≥90%|95%|5|5',
      '总分||||||10',
    ]));
    expect(forms[0]!.indicators.map((i) => [i.level1, i.level2, i.name])).toEqual([
      ['产出指标', '数量指标', '培训次数'], ['效益指标', '其他指标', '知晓率'],
    ]);
  });
});

describe('forms without a title', () => {
  it('start at their 项目名称 row, and a title printed after it still names the form', () => {
    const form = (name: string) => [
      `项目名称|${name}|主管部门|某局`,
      '项目资金（万元）|年初预算数|全年预算数|全年执行数|分值|执行率|得分',
      '年度资金总额|10|10|9|10|90%|9',
      '一级指标|三级指标|年度指标值|实际完成值|分值|得分',
      '产出指标|完成数量|≥1|1|90|90',
      '总分|||||99',
    ];
    const { forms } = reconstruct(doc([...form('甲项目'), '', ...form('乙项目').slice(0, 1), '乙项目绩效自评表', ...form('乙项目').slice(1)]));
    expect(forms.map((f) => [f.project, f.title, f.fragment, f.funding.length, f.indicators.length, f.total_score])).toEqual([
      ['甲项目', null, false, 1, 1, 99],
      ['乙项目', '乙项目绩效自评表', false, 1, 1, 99],
    ]);
  });
});

describe('a second funding header row', () => {
  it('refines 年初预算数 but does not let a drifted 执行率 / 得分 erase 全年执行数 and 结余', () => {
    // a tab dump: the second header row's 执行率 and 得分 landed under 全年执行数 and 资金结余
    const { forms } = reconstruct(doc([
      '项目支出绩效自评表',
      '项目名称||测试项目',
      '项目资金（万元）|||年初预算数||全年预算数||全年执行数|资金结(转)余',
      '|||目标申报数|预算编制数|||执行率|得分',
      '|资金总额:||2.7|2.7|2.7||1.703|0.997',
      '绩效指标|一级指标|二级指标|三级指标|年度指标值|实际完成值|分值|得分',
      '|产出指标|数量指标|购置数量|≥2台|18台|20|20',
    ]));
    expect(forms[0]!.funding.map(({ prov: _p, ...r }) => r)).toEqual([
      { source: '资金总额', initial_budget: 2.7, annual_budget: 2.7, executed: 1.703, balance: 0.997, weight: null, rate: null, score: null },
    ]);
  });
});

describe('the 2021 template with 成本指标 as a 一级 label', () => {
  it('keeps 成本指标 over its 经济成本 / 社会成本 rows, read from a flattened source with merged cells left empty', () => {
    const { forms } = reconstruct(doc([
      '项目支出绩效自评表',
      '项目名称||测试项目',
      '年度绩效指标|一级指标|二级指标|三级指标|年度指标值|实际完成值|分值|得分',
      '|产出指标|数量指标|培训次数|≥2 次|3 次|20|20',
      '|成本指标|经济成本指标|人均成本|≤100 元|90 元|10|10',
      '|||社会成本指标|对周边影响|无|无|10|10',
      '|效益指标|社会效益指标|知晓率|≥90%|95%|30|30',
    ]));
    expect(forms[0]!.indicators.map((i) => [i.level1, i.level2, i.name])).toEqual([
      ['产出指标', '数量指标', '培训次数'],
      ['成本指标', '经济成本指标', '人均成本'],
      ['成本指标', '社会成本指标', '对周边影响'],
      ['效益指标', '社会效益指标', '知晓率'],
    ]);
  });
});

describe('a key/value label on a line of its own', () => {
  it('takes the next line as its value, as reading-order text prints it', () => {
    const { forms } = reconstruct(doc([
      '项目支出绩效自评表',
      '项目名称',
      '测试项目',
      '主管部门：',
      '101-某市某局',
      '实施单位 某中心',
      '年度绩效指标|一级指标|二级指标|三级指标|年度指标值|实际完成值|分值|得分',
      '|产出指标|数量指标|培训次数|≥2 次|3 次|20|20',
    ]));
    expect(forms[0]).toMatchObject({ project: '测试项目', department: '某市某局', implementer: '某中心' });
  });
});

describe('a table with exact positions but no merged cells (a borderless PDF)', () => {
  it('gives a level label printed in the middle of its rows to the rows above it too', () => {
    const cell = (row: number, col: number, text: string) => ({ row, col, rowSpan: 1, colSpan: 1, text, raw: text, prov: { page: 1, line: 10 + row } });
    const rows = [
      ['一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分'],
      ['', '', '甲', '≥1个', '1个', '10', '10'],
      ['产出指标', '数量指标', '乙', '≥2个', '2个', '10', '10'],
      ['', '', '丙', '≥3个', '3个', '10', '10'],
      ['', '质量指标', '丁', '100%', '100%', '10', '10'],
    ];
    const cells = rows.flatMap((r, i) => r.flatMap((t, j) => (t ? [cell(i, j, t)] : [])));
    const table = { kind: 'table' as const, rows: rows.length, cols: 7, cells, prov: { page: 1, line: 10, lineEnd: 14 } };
    const title = { kind: 'paragraph' as const, text: '项目支出绩效自评表', raw: '项目支出绩效自评表', prov: { page: 1, line: 8 } };
    const name = { kind: 'paragraph' as const, text: '项目名称：测试项目', raw: '项目名称：测试项目', prov: { page: 1, line: 9 } };
    const d: SourceDocument = { name: 'b.pdf', path: 'b.pdf', mediaType: 'application/pdf', sha256: 'x', bytes: 0, pageCount: 1, lines: [], blocks: [title, name, table] };
    const { forms } = reconstruct(d);
    expect(forms[0]!.indicators.map((i) => [i.name, i.level1, i.level2])).toEqual([
      ['甲', '产出指标', '数量指标'], ['乙', '产出指标', '数量指标'], ['丙', '产出指标', '数量指标'], ['丁', '产出指标', '质量指标'],
    ]);
  });
});

describe('a tab dump of a form with no 二级 column', () => {
  it('keeps each 一级 label on the rows below it down to the next one', () => {
    const { forms } = reconstruct(doc([
      '项目支出绩效自评表',
      '项目名称|测试项目',
      '绩效指标|一级指标|指标名称|年度目标值|实际完成值|分值|得分',
      '|产出指标|甲|≥1个|1个|10|10',
      '||乙|≥2个|2个|10|10',
      '||丙|≥3个|3个|10|10',
      '|效益指标|丁|100%|100%|10|10',
      '||戊|100%|100%|10|10',
    ]));
    expect(forms[0]!.indicators.map((i) => [i.name, i.level1, i.level2])).toEqual([
      ['甲', '产出指标', null], ['乙', '产出指标', null], ['丙', '产出指标', null], ['丁', '效益指标', null], ['戊', '效益指标', null],
    ]);
  });
});
