// What a layout parser makes of one page of a table: its columns and its rows, by side
// (a 收支总表 prints income and expense side by side; the rows are read side by side and
// flattened income first), before pages are stitched.
import type { BudgetRowX, TextLine } from '@ziping/core';

export interface Part {
  columns: string[];
  /** Rows per side (or per panel), each in printed order. */
  sides: BudgetRowX[][];
  /** The header lines read, for a later page that does not repeat them. */
  head: TextLine[];
}

/** CJK characters lose the spaces a wrapped cell left between them (`政府 采购项目`). */
export const joinCjk = (s: string): string =>
  s.replace(/\s+/g, ' ').trim().replace(/(?<=[\u3000-\u9fff（）“”：，、])\s+(?=[\u3000-\u9fff（）“”：，、])/g, '');

/** Values cut or padded with blanks to the table's column count. */
export const fit = (values: (number | null)[], n: number): (number | null)[] =>
  [...values, ...new Array<null>(Math.max(0, n - values.length)).fill(null)].slice(0, n);
