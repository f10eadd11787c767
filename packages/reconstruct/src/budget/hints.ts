// Figures printed earlier in the document, as hints for placing amounts whose blank
// neighbours left no trace: the 收入决算表's 合计 row repeats the 总表's 其他收入, a row with
// code 229 repeats its 项目支出 from the 支出决算表.
import type { BudgetTableX } from '@ziping/core';
import { squash } from '../text.ts';
import { similarity } from './columns.ts';
import type { Hint } from './place.ts';

const MIN_SIMILARITY = 0.7;
const TOTAL_ROW = /^(?:合计|总计|本年(?:收入|支出)?合计)?$/;
const TOTAL_COLUMN = /^(?:合计|小计|总计)$|合计$/;

/** A row label without its ordinal (`八、`, `1.`, `（一）`). */
export const bareLabel = (s: string): string =>
  squash(s).replace(/^(?:[一二三四五六七八九十]+、|\d+[.、．]|[（(][一二三四五六七八九十\d]+[)）])/, '');
const leaf = (path: string): string => squash(path.split('/').pop() ?? '');

function bestBy<T>(items: T[], score: (t: T) => number): T | undefined {
  let best: T | undefined;
  let s0 = MIN_SIMILARITY - 1e-9;
  for (const it of items) {
    const s = score(it);
    if (s > s0) { s0 = s; best = it; }
  }
  return best;
}

export function hintsFrom(earlier: BudgetTableX[], columns: string[]): Hint {
  // every earlier row, latest table first
  const rows = earlier.slice().reverse().flatMap((t) => t.rows.map((r) => ({ r, cols: t.columns.map(leaf) })));
  const first = rows.filter(({ r }) => r.values.length > 0);
  return (row, c) => {
    const name = leaf(columns[c] ?? '');
    if (name === '' || TOTAL_COLUMN.test(name)) return undefined;
    if (TOTAL_ROW.test(squash(row.label)) && !row.code) {
      // a total row: the column names a row printed before (其他收入 → 八、其他收入)
      const hit = bestBy(first, ({ r }) => similarity(bareLabel(r.label), name));
      return hit ? hit.r.values[0] ?? null : undefined;
    }
    const same = rows.filter(({ r }) => (row.code ? r.code === row.code : !r.code && bareLabel(r.label) === bareLabel(row.label) && r.label !== ''));
    for (const { r, cols } of same) {
      const k = bestBy([...cols.keys()], (j) => similarity(cols[j]!, name));
      if (k !== undefined) return r.values[k] ?? null;
    }
    return undefined;
  };
}
