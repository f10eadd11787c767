// What the labels of these forms say, so columns are mapped by meaning, not position.
import { correctLabel } from '@ziping/core';
import { squash } from './text.ts';

export type FundingField = 'initial_budget' | 'declared_budget' | 'annual_budget' | 'executed' | 'balance' | 'weight' | 'rate' | 'score';

/** Column header of a funding block → field. Order matters: 执行率 before 执行数. */
export function fundingField(header: string): FundingField | null {
  const h = squash(header);
  if (/^得分/.test(h)) return 'score';
  if (/执行率/.test(h)) return 'rate';
  if (/目标申报/.test(h)) return 'declared_budget';
  if (/预算编制/.test(h)) return 'initial_budget';
  if (/年初/.test(h)) return 'initial_budget';
  if (/全年预算|调整后预算|^预算数/.test(h)) return 'annual_budget';
  if (/执行数|实际支出|全年执行/.test(h)) return 'executed';
  if (/结.?转.?余|结余/.test(h)) return 'balance';
  if (/分值|权重/.test(h)) return 'weight';
  if (/得分/.test(h)) return 'score';
  return null;
}

export type IndicatorField =
  | 'level1' | 'level2' | 'name' | 'target_initial' | 'target' | 'actual' | 'weight' | 'score' | 'deviation'
  | 'target_op' | 'target_content' | 'target_unit' | 'completion';

/** Column header of an indicator block → field. */
export function indicatorField(header: string): IndicatorField | null {
  const h = squash(header);
  if (/^得分/.test(h)) return 'score';
  if (/一级/.test(h)) return 'level1';
  if (/二级/.test(h)) return 'level2';
  if (/三级|指标名称|^内容$/.test(h)) return h === '内容' ? 'target_content' : 'name';
  if (/运算符号|^运算$/.test(h)) return 'target_op';
  if (/度量单位/.test(h)) return 'target_unit';
  if (/年初指标/.test(h)) return 'target_initial';
  if (/调整后指标|年度指标值|年度目标值|指标值|目标值/.test(h)) return 'target';
  if (/实际完成|全年完成值|完成值|实际值/.test(h)) return 'actual';
  if (/完成程度/.test(h)) return 'completion';
  if (/分值|权重/.test(h)) return 'weight';
  if (/得分/.test(h)) return 'score';
  if (/偏差|原因|改进措施/.test(h)) return 'deviation';
  return null;
}

export { correctLabel };

const LEVEL1 = new Set(['产出指标', '效益指标', '满意度指标', '产出', '效益', '满意度', '履职效能', '管理效率', '社会效应', '可持续性', '运行成本']);
const LEVEL2 = /^(数量|质量|时效|成本|社会效益|经济效益|生态效益|可持续影响|可持续性影响|服务对象满意度|满意度|社会效应|政治效益|其他)(指标)?$/;
const LEVEL2_DEPT = new Set(['重点工作履行情况', '整体工作完成情况', '预算执行效率', '预算编制管理', '预算监督管理', '预算收支管理', '财务管理', '资产管理', '业务管理', '基础管理', '成本控制成效', '体制改革', '创新驱动发展']);

/** 1 for a 一级指标 label, 2 for a 二级指标 label, null for anything else. */
export function levelOf(text: string): 1 | 2 | null {
  const t = correctLabel(text).text;
  if (t === '') return null;
  if (LEVEL1.has(t)) return 1;
  if (LEVEL2.test(t) || LEVEL2_DEPT.has(t)) return 2;
  return null;
}

/** The 一级指标 a 二级指标 belongs to when the form leaves it to be inferred (merged cells). */
export function parentLevel1(level2: string): string | null {
  const t = correctLabel(level2).text;
  if (/^(数量|质量|时效)/.test(t)) return '产出指标';
  if (/效益|可持续/.test(t)) return '效益指标';
  if (/满意度/.test(t)) return '满意度指标';
  return null;
}

/** `指标1`, `指标 2`, `.....`: placeholder rows with nothing of their own. */
export const isPlaceholderName = (text: string): boolean => /^(指标\d*(指标\d+)*|\.+|…+)$/.test(squash(text));

/** A total line: 总分, 总 分, 绩效自评总得分, 总评价得分. */
export const isTotalLabel = (text: string): boolean => /^(总分|绩效自评总得分|总评价得分|自评总得分)/.test(squash(text));
