import { describe, expect, it } from 'vitest';
import type { LayoutBlock, LayoutCell, LayoutTable } from '@ziping/core';
import { tabDoc } from '../testing.ts';
import { reconstruct } from '../reconstruct.ts';
import { isLevelShaped } from './align.ts';
import { interpretForms } from './interpret.ts';

// Flattened rows where the type of a cell, not only its order, says which column it is in: a
// percentage is no 分值, a long text is no level label, a deviation's line is no name.

const doc = tabDoc;

describe('funding rows with blank 分值/得分 cells', () => {
  it('never puts the 执行率 percentage in 权重 or 得分', () => {
    const { forms } = reconstruct(doc([
      '项目支出绩效自评表',
      '项目名称|测试项目|||主管部门|某局||',
      '资金情况（万元）||年初预算数|全年预算数|全年执行数|权重|执行率|自评得分|',
      '年度资金总额||1,600.00|1,850.00|1,800.36|10|97.32%|9.73|',
      '其中：财政拨款||1,600.00|1,750.00|1,703.56||97.35%||',
      '其他资金||0.00|100.00|96.80||96.80%||',
      '一级指标|二级指标|指标名称||预期指标值|全年实际值|权重|自评得分|偏差原因',
      '产出指标|数量指标|培训次数||≥2次|3次|90|90|',
    ]));
    expect(forms[0]!.funding.map((f) => [f.source, f.executed, f.weight, f.rate, f.score])).toEqual([
      ['年度资金总额', 1800.36, 10, 0.9732, 9.73],
      ['财政拨款', 1703.56, null, 0.9735, null],
      ['其他资金', 96.8, null, 0.968, null],
    ]);
  });
});

describe('indicator tables without a 二级 column', () => {
  it('keeps a name and a non-numeric target out of the level column', () => {
    const { forms } = reconstruct(doc([
      '项目支出绩效自评表',
      '项目名称|测试项目|||主管部门|某局||',
      // a column the vocabulary does not know (考核基准) leaves one number over on every row
      '一级指标|指标名称||年度目标值|实际值|考核基准|得分|未完成原因',
      '产出指标|改造提升敬老院||≥4所|4所|8|8|/',
      '|改造工程完工时间||2019年10月底前|2019年10月18日|6|6|/',
      '|每张床位改造成本||≤2.8万元|2.7万元|6|6|/',
      '效益指标|集中供养率||≥40%|42.6%|10|10|/',
      '|敬老院运营管理水平||持续提升|明显提升|8|8|/',
      '合计|||||38|38|',
    ]));
    expect(forms[0]!.indicators.map((i) => [i.level1, i.name, i.target, i.actual, i.score])).toEqual([
      ['产出指标', '改造提升敬老院', '≥4所', '4所', 8],
      ['产出指标', '改造工程完工时间', '2019年10月底前', '2019年10月18日', 6],
      ['产出指标', '每张床位改造成本', '≤2.8万元', '2.7万元', 6],
      ['效益指标', '集中供养率', '≥40%', '42.6%', 10],
      ['效益指标', '敬老院运营管理水平', '持续提升', '明显提升', 8],
    ]);
  });

  it('reads a leading empty field as the merged level cell, even before a short name', () => {
    const { forms } = reconstruct(doc([
      '项目支出绩效自评表',
      '项目名称|测试项目|||主管部门|某局||',
      '一级指标|指标名称||年度目标值|实际值|考核基准|得分|未完成原因',
      '效益指标|集中供养率||≥40%|42.6%|10|10|/',
      '|运营水平||持续提升|明显提升|8|8|/',
      '|服务质量||逐步提高|有所提高|8|8|/',
      '合计|||||26|26|',
    ]));
    expect(forms[0]!.indicators.map((i) => [i.level1, i.name, i.target, i.actual])).toEqual([
      ['效益指标', '集中供养率', '≥40%', '42.6%'],
      ['效益指标', '运营水平', '持续提升', '明显提升'],
      ['效益指标', '服务质量', '逐步提高', '有所提高'],
    ]);
  });

  it('knows a level label by its shape', () => {
    expect(['产出指标', '服务质量指标', '项目管理', '效益指标（30分）'].map(isLevelShaped)).toEqual([true, true, true, true]);
    expect(['改造工程完工时间', '敬老院运营管理水平', '2019年10月底前', '≥95%'].map(isLevelShaped)).toEqual([false, false, false, false]);
  });
});

let line = 0;
/** An approximate table (a layout dump), one string array per row, one entry per slot. */
const table = (rows: string[][]): LayoutTable => {
  const cells: LayoutCell[] = [];
  rows.forEach((r, row) => {
    line++;
    r.forEach((text, col) => {
      if (text !== '') cells.push({ row, col, rowSpan: 1, colSpan: 1, text, raw: text, prov: { page: 1, line } });
    });
  });
  return { kind: 'table', rows: rows.length, cols: Math.max(...rows.map((r) => r.length)), cells, prov: { page: 1, line: 1 }, approximate: true };
};
const title = (text: string): LayoutBlock => ({ kind: 'paragraph', text, raw: text, prov: { page: 1, line: ++line } });
const HEADER = ['一级指标', '二级指标', '三级指标', '年度指标值', '实际完成值', '分值', '得分', '偏差原因分析'];

describe('a deviation line printed beside a level label', () => {
  it('starts the deviation of the row below it, and makes no indicator', () => {
    const { forms } = interpretForms([
      title('项目支出绩效自评表'),
      table([
        HEADER,
        ['', '', '开展技能培训', '≥4000人次', '4736人次', '8', '8', ''],
        ['', '数量指标', '', '', '', '', '', '部分中小企业生产经营困'],
        ['', '', '开展以工代训', '≥600人', '560人', '6', '5.6', '难，参与积极性不高；'],
        ['', '', '', '', '', '', '', '将加大政策宣传。'],
        ['产出指标', '', '培训合格率', '≥90%', '94.5%', '6', '6', ''],
      ]),
    ]);
    const inds = forms[0]!.indicators;
    expect(inds.map((i) => [i.name, i.weight, i.deviation])).toEqual([
      ['开展技能培训', 8, null],
      ['开展以工代训', 6, '部分中小企业生产经营困难，参与积极性不高；将加大政策宣传。'],
      ['培训合格率', 6, null],
    ]);
    expect(inds[1]!.level2).toBe('数量指标');
    expect(inds[1]!.prov.deviation).toMatchObject({ line: line - 3, lineEnd: line - 1 });
  });

  it('carries on the unfinished deviation of the row above', () => {
    const { forms } = interpretForms([
      title('项目支出绩效自评表'),
      table([
        HEADER,
        ['产出指标', '数量指标', '开展以工代训', '≥600人', '560人', '6', '5.6', '部分企业生产经营困'],
        ['', '质量指标', '', '', '', '', '', '难，积极性不高。'],
        ['', '', '培训合格率', '≥90%', '94.5%', '6', '6', ''],
      ]),
    ]);
    expect(forms[0]!.indicators.map((i) => [i.name, i.level2, i.deviation])).toEqual([
      ['开展以工代训', '数量指标', '部分企业生产经营困难，积极性不高。'],
      ['培训合格率', '质量指标', null],
    ]);
  });
});
