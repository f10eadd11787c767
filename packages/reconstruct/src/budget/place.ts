// Where do a row's printed amounts go, when blank cells left no trace? Each row's k amounts
// fill k of the n columns in order; the choice is the one that keeps the table's own
// arithmetic (合计 / 小计 columns sum their siblings; children sum to their parent row),
// then agrees with figures printed earlier in the document, then fills from the left.
import type { Relation } from './columns.ts';

export interface PlaceRow {
  code: string | null;
  label: string;
  /** Printed amounts, left to right (null for a printed dash). */
  printed: (number | null)[];
}

/** What an earlier table says a cell should hold: a number, null (blank), or undefined (no idea). */
export type Hint = (row: PlaceRow, column: number) => number | null | undefined;

export interface PlaceOptions {
  columns: string[];
  relations: Relation[];
  /** Decimals printed: sums may be off by rounding in the last one. */
  decimals: number;
  hint?: Hint;
  /** Columns a value is less likely to sit in (carried-over balances); a small penalty. */
  unlikely?: (column: number) => boolean;
}

const MAX_CANDIDATES = 5000;
const MAX_JOINT = 30000;

function combinations(n: number, k: number): number[][] {
  const out: number[][] = [];
  const pick = (from: number, acc: number[]) => {
    if (out.length > MAX_CANDIDATES) return;
    if (acc.length === k) { out.push([...acc]); return; }
    for (let i = from; i <= n - (k - acc.length); i++) pick(i + 1, [...acc, i]);
  };
  pick(0, []);
  return out;
}

const TOTAL_LABEL = /^(?:合计|本年(?:收入|支出)?合计|总计)$/;
const ORDINAL = /^[一二三四五六七八九十]+、/;

export function place(rows: PlaceRow[], opt: PlaceOptions): (number | null)[][] {
  const n = opt.columns.length;
  const unit = 10 ** -opt.decimals;
  const near = (a: number, b: number, parts: number) => Math.abs(a - b) <= unit * (1 + Math.floor(parts / 3)) + 1e-9;
  const spread = (r: PlaceRow, idx: number[]): (number | null)[] => {
    const v: (number | null)[] = new Array(n).fill(null);
    idx.forEach((c, i) => { v[c] = r.printed[i] ?? null; });
    return v;
  };
  // each row's candidate placements, with their own score
  const cands = rows.map((r) => {
    const k = Math.min(r.printed.length, n);
    const all = k === n || k === 0 ? [[...Array(k).keys()]] : combinations(n, k);
    return all.map((idx) => {
      const v = spread(r, idx);
      let s = 0;
      for (const rel of opt.relations) {
        const parts = rel.parts.map((p) => v[p] ?? 0);
        if (v[rel.total] == null && parts.every((p) => p === 0)) continue;
        s += near(v[rel.total] ?? 0, parts.reduce((a, b) => a + b, 0), rel.parts.length) ? 10 : -20;
      }
      idx.forEach((c, i) => {
        const h = opt.hint?.(r, c);
        const x = r.printed[i];
        if (h !== undefined && x != null) s += h === null ? (x === 0 ? 0 : -0.5) : near(h, x, 0) ? 1 : 0;
        if (opt.unlikely?.(c)) s -= 0.1;
      });
      return { v, s, idx };
    });
  });
  const chosen: ((number | null)[] | null)[] = rows.map((_, i) => (cands[i]!.length === 1 ? cands[i]![0]!.v : null));
  const best = (i: number) => cands[i]!.reduce((b, c) => (c.s > b.s ? c : b)).v;

  // the row tree: codes nest by prefix; top-level rows sum into the side's 合计 row
  const parent: number[] = rows.map(() => -1);
  const rootIdx = rows.findIndex((r) => TOTAL_LABEL.test(r.label.replace(/\s/g, '')) && !r.code);
  rows.forEach((r, i) => {
    if (r.code) {
      for (let j = i - 1; j >= 0; j--) {
        const c = rows[j]!.code;
        if (c && c.length < r.code.length && r.code.startsWith(c)) { parent[i] = j; return; }
      }
    }
  });
  const coded = rows.some((r) => r.code);
  if (rootIdx >= 0) {
    rows.forEach((r, i) => {
      if (i === rootIdx || parent[i] >= 0) return;
      if (coded ? r.code !== null : ORDINAL.test(r.label.trim())) parent[i] = rootIdx;
    });
  }
  const kids = (p: number) => rows.map((_, i) => i).filter((i) => parent[i] === p);

  const decide = (p: number) => {
    const ch = kids(p).filter((i) => chosen[i] === null);
    const pv = chosen[p]!;
    if (ch.length > 0 && pv.some((x) => x !== null)) {
      // each child's candidates that keep its own arithmetic about as well as its best one; then
      // the combination whose columns add up to the parent's
      const pools = ch.map((i) => {
        const top = Math.max(...cands[i]!.map((c) => c.s));
        return cands[i]!.filter((c) => c.s >= top - 5);
      });
      const size = pools.reduce((a, p2) => a * p2.length, 1);
      if (size <= MAX_JOINT) {
        const fixed = kids(p).filter((i) => chosen[i] !== null).map((i) => chosen[i]!);
        let bestScore = -Infinity;
        let bestPick: number[] = [];
        const pick: number[] = new Array(ch.length).fill(0);
        const sums = new Array(n).fill(0);
        for (const f of fixed) f.forEach((x, c) => { sums[c] += x ?? 0; });
        const rec = (k: number, own: number) => {
          if (k === ch.length) {
            let s = own;
            for (let c = 0; c < n; c++) {
              if ((pv[c] ?? 0) === 0 && Math.abs(sums[c]) < 1e-9) continue;
              s += near(pv[c] ?? 0, sums[c], ch.length + fixed.length) ? 5 : -5;
            }
            if (s > bestScore + 1e-9) { bestScore = s; bestPick = [...pick]; }
            return;
          }
          pools[k]!.forEach((c, j) => {
            pick[k] = j;
            c.v.forEach((x, col) => { sums[col] += x ?? 0; });
            rec(k + 1, own + c.s);
            c.v.forEach((x, col) => { sums[col] -= x ?? 0; });
          });
        };
        rec(0, 0);
        ch.forEach((i, k) => { chosen[i] = pools[k]![bestPick[k]!]!.v; });
      }
    }
    for (const i of ch) if (chosen[i] === null) chosen[i] = best(i);
    for (const i of kids(p)) decide(i);
  };
  rows.forEach((_, i) => {
    if (parent[i] !== -1) return;
    if (chosen[i] === null) chosen[i] = best(i);
    decide(i);
  });
  return rows.map((_, i) => chosen[i] ?? best(i));
}
