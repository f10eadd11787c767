// The 绩效指标 block's header: one to four rows resolved into column paths
// (`年度指标值 › 指标方向`), each column mapped to a field by its most specific label.
import type { LayoutCell } from '@ziping/core';
import { parseNumber } from '../text.ts';
import { freshCells, type Row } from './rows.ts';
import { indicatorField, isUnitTail, levelOf, sectionKind, type IndicatorField } from './vocabulary.ts';

type Field = IndicatorField;
export interface Column { field: Field; from: number; to: number; path: string[] }
export interface IndicatorHeader {
  columns: Column[];
  /** Rows the header takes (1–4). */
  height: number;
  unknown: LayoutCell[];
  /** The fields in column order, to recognise the header when a page repeats it (however OCR spelt it). */
  signature: string;
}

/** A header's fields in column order: how a page's repeated header is known again. */
export const signatureOf = (columns: Column[]): string => columns.map((c) => c.field).join('|');

const VALUES: Field[] = ['target', 'target_value', 'actual', 'weight', 'score'];
const isHeaderish = (c: LayoutCell) => parseNumber(c.text) === undefined && c.text.length <= 16;

/** The rows at `i` as an indicator header, or null: a name column and two value columns. */
export function indicatorHeader(rows: Row[], i: number): IndicatorHeader | null {
  const top = rows[i]!;
  if (top.paragraph) return null;
  // header cells are short labels: a goal text that mentions 三级 is no header
  const topFields = freshCells(top).filter(isHeaderish).map((c) => indicatorField(c.text));
  // the name column's label may sit on the second row, under a group label (绩效指标 over 一级 | 二级 | 三级)
  if (!topFields.includes('name') && !groupOverName(rows, i)) return null;
  // the header continues in the next rows while they hold only header words (指标方向 / 指标值 / 计量单位)
  // (a note under a label, `（请在相应选项下划“√”…）`, is long but still header)
  let height = 1;
  while (height < 4) {
    const next = rows[i + height];
    if (!next || next.paragraph || next.block !== top.block) break;
    const cells = freshCells(next);
    const note = (c: LayoutCell) => indicatorField(c.text) === 'ignore' && parseNumber(c.text) === undefined;
    // a label's wrapped end (`一级` / `指标`, `运算` / `符号`) completes the label above it
    const above = (c: LayoutCell) => rows.slice(i, i + height).map((r) => r.slots[c.col]).reverse().find((x) => x && x.text !== '');
    const completes = (c: LayoutCell) => {
      const a = above(c);
      return a != null && c.text.length <= 4 && levelOf(c.text) == null && indicatorField(a.text + c.text) != null;
    };
    if (cells.length === 0 || !cells.every((c) => isHeaderish(c) || note(c))
      || !cells.every((c) => indicatorField(c.text) || isUnitTail(c.text) || sectionKind(c.text) === 'indicators' || completes(c))) break;
    height++;
  }
  const fields = rows.slice(i, i + height).flatMap((r) => freshCells(r).filter(isHeaderish).map((c) => indicatorField(c.text)));
  if (new Set(fields.filter((f) => f && VALUES.includes(f as Field))).size < 2) return null;
  const columns: Column[] = [];
  const unknown: LayoutCell[] = [];
  const width = Math.max(...rows.slice(i, i + height).map((r) => r.slots.length));
  for (let s = 0; s < width; s++) {
    const path: LayoutCell[] = [];
    for (let h = 0; h < height; h++) {
      const c = rows[i + h]!.slots[s];
      if (c && c.text !== '' && !path.includes(c)) path.push(c);
    }
    // the most specific label that means something decides the column
    const field = path.map((c) => indicatorField(c.text)).reverse().find((f) => f) ?? null;
    const last = columns.at(-1);
    if (field) {
      if (last && last.field === field && last.to === s - 1 && last.path.at(-1) === path.at(-1)?.text) last.to = s;
      else columns.push({ field, from: s, to: s, path: path.map((c) => c.text) });
    } else {
      for (const c of path) if (!unknown.includes(c) && !sectionKind(c.text) && !isUnitTail(c.text) && s > 0) unknown.push(c);
    }
  }
  return { columns, height, unknown, signature: signatureOf(columns) };
}

/**
 * A first header row of value labels and a group label (`绩效指标 | 年度指标值 | 分值 | 得分`)
 * whose next row names the level and name columns under the group.
 */
function groupOverName(rows: Row[], i: number): boolean {
  const top = rows[i]!;
  const next = rows[i + 1];
  if (!next || next.paragraph || next.block !== top.block) return false;
  const cells = freshCells(top);
  const fields = cells.map((c) => indicatorField(c.text));
  const values = new Set(fields.filter((f) => f && VALUES.includes(f as Field)));
  const known = cells.every((c, k) => isHeaderish(c) && (fields[k] != null || sectionKind(c.text) === 'indicators'));
  return known && values.size >= 2 && freshCells(next).some((c) => isHeaderish(c) && indicatorField(c.text) === 'name');
}
