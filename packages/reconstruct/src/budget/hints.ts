// Figures printed earlier in the document, as hints for placing amounts whose blank
// neighbours left no trace: the 收入决算表's 合计 row repeats the 总表's 其他收入, a row with
// code 229 repeats its 项目支出 from the 支出决算表.
//
// The book files each table as it is read, so a hint costs the number of distinct labels
// and column sets seen, not the number of earlier rows: a long document stays linear.
import type { BudgetTableX } from '@ziping/core';
import { squash } from '../text.ts';
import { dice, grams } from './columns.ts';
import type { Hint } from './place.ts';

const MIN_SIMILARITY = 0.7;
const TOTAL_ROW = /^(?:合计|总计|本年(?:收入|支出)?合计)?$/;
const TOTAL_COLUMN = /^(?:合计|小计|总计)$|合计$/;

/** A row label without its ordinal (`八、`, `1.`, `（一）`). */
export const bareLabel = (s: string): string =>
  squash(s).replace(/^(?:[一二三四五六七八九十]+、|\d+[.、．]|[（(][一二三四五六七八九十\d]+[)）])/, '');
const leaf = (path: string): string => squash(path.split('/').pop() ?? '');

type Row = BudgetTableX['rows'][number];
/** Where a row sits in the order hints are sought: the latest table first, then top to bottom. */
interface Seen { table: number; row: number; r: Row }
const before = (a: Seen, b: Seen): boolean => a.table > b.table || (a.table === b.table && a.row < b.row);

export interface HintBook {
  /** Files a table read, after the ones before it. */
  add(t: BudgetTableX): void;
  /** Hints for a table with these columns, from every table filed so far. */
  hints(columns: string[]): Hint;
}

export function hintBook(): HintBook {
  let tables = 0;
  const gramCache = new Map<string, Map<string, number>>();
  const gramsOf = (s: string) => gramCache.get(s) ?? gramCache.set(s, grams(s)).get(s)!;
  const similarity = (a: string, b: string) => dice(gramsOf(a), gramsOf(b));
  /** bare label → its first row with figures, in hint order (for total rows) */
  const labels = new Map<string, Seen>();
  /** code or bare label → column set → that set's latest row so keyed */
  const keyed = new Map<string, Map<string, Seen & { cols: string[] }>>();
  /** column set → column name → the column it names, if any */
  const columnOf = new Map<string, Map<string, number | undefined>>();
  const totals = new Map<string, number | null | undefined>(); // column name → hint, until the next table

  // a row with a code matches that code; one without, the rows of its label (never an empty one)
  const keyOf = (r: Pick<Row, 'code' | 'label'>): string => (r.code ? `c${r.code}` : `l${bareLabel(r.label)}`);

  function bestColumn(cols: string[], set: string, name: string): number | undefined {
    const known = columnOf.get(set) ?? columnOf.set(set, new Map()).get(set)!;
    if (!known.has(name)) {
      let best: number | undefined;
      let s0 = MIN_SIMILARITY - 1e-9;
      cols.forEach((c, j) => {
        const s = similarity(c, name);
        if (s > s0) { s0 = s; best = j; }
      });
      known.set(name, best);
    }
    return known.get(name);
  }

  // a total row: the column names a row printed before (其他收入 → 八、其他收入)
  function totalHint(name: string): number | null | undefined {
    if (totals.has(name)) return totals.get(name);
    let hit: Seen | undefined;
    let s0 = MIN_SIMILARITY - 1e-9;
    for (const [bare, seen] of labels) {
      const s = similarity(bare, name);
      if (s > s0 || (s === s0 && hit && before(seen, hit))) { s0 = s; hit = seen; }
    }
    const value = hit ? hit.r.values[0] ?? null : undefined;
    totals.set(name, value);
    return value;
  }

  return {
    add(t) {
      const table = tables++;
      const cols = t.columns.map(leaf);
      const set = cols.join('\u0001');
      totals.clear();
      t.rows.forEach((r, row) => {
        const bare = bareLabel(r.label);
        if (r.values.length > 0) {
          const prev = labels.get(bare);
          if (!prev || prev.table !== table) labels.set(bare, { table, row, r });
        }
        if (!r.code && r.label === '') return;
        const key = keyOf(r);
        const sets = keyed.get(key) ?? keyed.set(key, new Map()).get(key)!;
        const prev = sets.get(set);
        if (!prev || prev.table !== table) sets.set(set, { table, row, r, cols });
      });
    },
    hints: (columns) => (row, c) => {
      const name = leaf(columns[c] ?? '');
      if (name === '' || TOTAL_COLUMN.test(name)) return undefined;
      if (TOTAL_ROW.test(squash(row.label)) && !row.code) return totalHint(name);
      const key = keyOf(row);
      let hit: { seen: Seen; k: number } | undefined;
      for (const [set, seen] of keyed.get(key) ?? []) {
        const k = bestColumn(seen.cols, set, name);
        if (k !== undefined && (!hit || seen.table > hit.seen.table)) hit = { seen, k };
      }
      return hit ? hit.seen.r.values[hit.k] ?? null : undefined;
    },
  };
}
