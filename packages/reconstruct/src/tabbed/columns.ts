// The indicator table's header: which column holds which field, read from what the header
// says (一级指标, 三级指标, 年初指标值, 运算符号 | 内容 | 度量单位, 完成程度, 分值, 得分, …).
import type { TextLine } from '@ziping/core';
import { squash } from '../text.ts';
import { indicatorField, type IndicatorField } from '../vocab.ts';
import { cellsOf } from './row.ts';

export interface IndicatorColumns {
  /** field → column index in the header's own numbering */
  at: Partial<Record<IndicatorField, number>>;
  /** the target is printed as 运算符号 | 内容 | 度量单位 and the name may be a placeholder (指标1) */
  splitTarget: boolean;
}

/** A header row: 一级 and 二级 指标 plus a score or weight column. */
export function isIndicatorHeader(l: TextLine): boolean {
  const s = squash(l.text);
  return /一级/.test(s) && /二级/.test(s) && /得分|分值|权重/.test(s);
}

/** Header rows under the first one refine it (运算符号 | 内容 | 度量单位, 年初指标 | 调整后指标). */
export function isSubHeader(l: TextLine): boolean {
  const cells = cellsOf(l);
  if (cells.length === 0) return false;
  return cells.some((c) => indicatorField(c.text) != null || /保障|原因|符号|目标值|完成值/.test(squash(c.text)))
    && !cells.some((c) => /^\d/.test(c.text));
}

export function readColumns(rows: TextLine[]): IndicatorColumns {
  const at: IndicatorColumns['at'] = {};
  for (const l of rows) {
    for (const c of cellsOf(l)) {
      let f = indicatorField(c.text);
      if (!f && /^全年$/.test(squash(c.text))) f = 'actual'; // 全年 / 完成值 stacked in one column
      // the first row names a field; lower rows only add the ones it lacked (运算符号 | 内容 | 度量单位)
      if (f && at[f] == null) at[f] = c.col;
    }
  }
  const splitTarget = at.target_content != null || at.target_op != null;
  return { at, splitTarget };
}

/** Columns to the left of the weight column, as offsets from it: value cells are found by these. */
export function offsetsFromWeight(cols: IndicatorColumns): Partial<Record<IndicatorField, number>> {
  const w = cols.at.weight;
  if (w == null) return {};
  const out: Partial<Record<IndicatorField, number>> = {};
  for (const [f, c] of Object.entries(cols.at) as [IndicatorField, number][]) out[f] = w - c;
  return out;
}

/** A headless fragment is a piece of the common 运算符号 | 内容 | 度量单位 | 完成值 | 完成程度 template. */
export const FRAGMENT_COLUMNS: IndicatorColumns = {
  at: { target_content: 3, target_unit: 4, actual: 5, completion: 6, weight: 7, score: 8 },
  splitTarget: true,
};
