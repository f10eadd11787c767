import { describe, expect, it } from 'vitest';
import { dumpDoc } from '../testing.ts';
import { reconstruct } from '../reconstruct.ts';
import { rowsOfFlows } from './stream-split.ts';
import { assignNames, namesOf, widthOf } from './stream-names.ts';
import { tokenOf } from './stream-tokens.ts';

// Plain pdftotext of an indicator table whose header came apart: names under 三级指标, the
// value labels further down, then one flow per column piece (a row's cells one flow each, a
// group of two rows as flows of two), later names as flows of their own, the totals last.

const doc = (lines: string[]) => dumpDoc(lines, 'pdftotext');
const FORM = (extraName: string[]) => [
  '部门整体支出绩效自评表', '（2021 年度）', '',
  '二级指标', '', '数量指标', '',
  '三级指标', '甲乙丙丁戊己庚辛', '壬癸', '子丑寅卯', '',
  '年度指标值', '',
  '实际完成值', '分值', '得分', '',
  '≥10 个', '', '12 个', '', '10', '', '10', '',
  '≥5 人', '≥90%', '', '6 人', '88%', '', '20', '30', '', '20', '29', '',
  '辰巳午未', '', '≥1 次', '', '1 次', '', '30', '', '30', '',
  '100', '', '99', '',
  '申酉戌亥', ...extraName, '总分', '',
  '部分对象未覆盖；将加强宣传。',
];

describe('an indicator table with its header come apart', () => {
  it('reads rows from the value flows and pairs them with the names in order', () => {
    const { forms, anomalies } = reconstruct(doc(FORM([])));
    const list = forms[0]!.indicators;
    // 辰巳午未 stands right before the last row's values: that row's; 申酉戌亥, after the totals, the row left
    expect(list.map((i) => i.name)).toEqual(['甲乙丙丁戊己庚辛壬癸', '子丑寅卯', '申酉戌亥', '辰巳午未']);
    expect(list.map((i) => [i.target, i.actual, i.weight, i.score])).toEqual([
      ['≥10 个', '12 个', 10, 10], ['≥5 人', '6 人', 20, 20], ['≥90%', '88%', 30, 29], ['≥1 次', '1 次', 30, 30],
    ]);
    expect(list[2]!.deviation).toBe('部分对象未覆盖；将加强宣传。');
    expect(list.map((i) => i.level2)).toEqual(['数量指标', '数量指标', '数量指标', '数量指标']);
    expect(forms[0]!.total_score).toBe(99);
    expect(anomalies.filter((a) => a.rule === 'PARSE')).toEqual([]);
  });

  it('reads nothing where the names are not as many as the rows (one PARSE warning)', () => {
    const { forms, anomalies } = reconstruct(doc(FORM(['酉戌亥子'])));
    expect(forms[0]!.indicators).toEqual([]);
    expect(anomalies.filter((a) => a.rule === 'PARSE')).toHaveLength(1);
  });
});

const cell = (text: string, line: number) => ({ row: 0, col: 0, rowSpan: 1, colSpan: 1, text, raw: text, prov: { page: 1, line } });
const toks = (xs: string[], from = 1) => xs.map((t, k) => tokenOf(t, cell(t, from + k)));

describe('flows as rows', () => {
  it('counts Latin letters and digits half as wide as CJK', () => {
    expect(widthOf('65 岁以上')).toBe(4.5);
  });

  it('joins only a short last line to a full-width one above it', () => {
    const names = namesOf([toks(['一二三四五六', '七八', '甲乙丙丁戊己', '子丑寅卯'])])[0]!;
    expect(names.map((t) => t.text)).toEqual(['一二三四五六七八', '甲乙丙丁戊己子丑寅卯']);
    expect(namesOf([toks(['一二三四五六', '甲乙丙丁戊己'])])[0]!.map((t) => t.text)).toEqual(['一二三四五六', '甲乙丙丁戊己']);
  });

  it('takes groups of flows of equal length, or a flow of whole rows, then the totals', () => {
    const read = rowsOfFlows([toks(['≥1 个', '≥2 个']), toks(['1 个', '2 个']), toks(['5', '6']), toks(['5', '6']), toks(['持续', '良好', '9', '8']), toks(['20']), toks(['19'])], 2);
    expect(read!.rows.map((r) => [r.values[0]!.text, r.weight.text, r.score.text])).toEqual([['≥1 个', '5', '5'], ['≥2 个', '6', '6'], ['持续', '9', '8']]);
    expect(read!.totals.map((t) => t.text)).toEqual(['20', '19']);
    // a value flow that fits no group: nothing
    expect(rowsOfFlows([toks(['≥1 个', '≥2 个']), toks(['1 个']), toks(['5']), toks(['5'])], 2)).toBeNull();
  });
});

describe('names placed by where their flows stand', () => {
  it('gives a flow before a row that row and the next, the names after the last row the rows left', () => {
    const [a, b, c, d, e] = toks(['甲甲', '乙乙', '丙丙', '丁丁', '戊戊']);
    expect(assignNames(5, [a!], [{ names: [b!, c!], before: 2 }, { names: [d!, e!], before: null }])!.map((t) => t.text))
      .toEqual(['甲甲', '丁丁', '乙乙', '丙丙', '戊戊']);
    // two names for one row, or names left over: nothing
    expect(assignNames(3, [a!, b!], [{ names: [c!], before: 1 }])).toBeNull();
    expect(assignNames(2, [a!], [{ names: [b!, c!], before: null }])).toBeNull();
  });

  it('reads names and targets by turns under the header, their other values further down', () => {
    const { forms } = reconstruct(doc([
      '项目支出绩效自评表', '（2021 年度）', '',
      '一级指标', '二级指标', '三级指标', '年度指标值', '甲乙丙丁', '≥10 个', '子丑寅卯', '≥5 人', '数量指标', '产出指标', '',
      '实际完成值', '分值', '得分', '偏差原因分析及改进措施', '12 个', '40', '39', '6 人', '50', '48', '',
      '100', '', '97', '',
      // two rows' deviation texts printed as one flow: a paragraph each
      '设备老化；将更新', '设备。', '人手不足；将增加人员。',
    ]));
    expect(forms[0]!.indicators.map((i) => [i.name, i.target, i.actual, i.weight, i.score, i.deviation])).toEqual([
      ['甲乙丙丁', '≥10 个', '12 个', 40, 39, '设备老化；将更新设备。'], ['子丑寅卯', '≥5 人', '6 人', 50, 48, '人手不足；将增加人员。'],
    ]);
  });

  it('takes the totals from the end of the last group\'s 分值 / 得分 flows', () => {
    const read = rowsOfFlows([toks(['≥1 个']), toks(['1 个']), toks(['5', '15']), toks(['5', '14'])], 2);
    expect(read!.rows.map((r) => [r.weight.text, r.score.text])).toEqual([['5', '5']]);
    expect(read!.totals.map((t) => t.text)).toEqual(['15', '14']);
  });
});
