// Sharing a form's rows out among level labels printed at the vertical middle of their blocks
// (see centred.ts): consecutive groups, the labels in order, each group as nearly centred on
// its label as the printed lines allow.
import type { Prov } from '@ziping/core';

/** The lines a row takes on its page. */
export interface Span { page: number; top: number; bottom: number }
/** The cost of rows a..b (inclusive) as one label's group; a > b: the label gets none. */
export type Cost = (a: number, b: number) => number;

// A group costs the square of its label's distance (in lines) from the group's middle: pdftotext
// puts a label on the nearest line, half a line off at most, and many half lines fit better
// than one whole. A label midway between two lines lands more often on the upper one (UP).
// Further costs: a label with no row on its page, one more than a line outside its rows, a
// group reaching back over a page break (a split cell's text is drawn in its first part), a
// little for any page break, so that a block is split only where it must be, and a label
// left without rows.
const UP = 0.125;
const NO_ROW = 3;
const OUTSIDE = 10;
const ABOVE = 4;
const BREAK = 0.25;
const EMPTY = 6;

/** The cost of groups for a label printed at `at`, memoised. */
export function groupCost(spans: Span[], at: Prov): Cost {
  const c = (at.line + (at.lineEnd ?? at.line)) / 2;
  const memo = new Map<number, number>();
  return (a, b) => {
    if (a > b) return EMPTY;
    const key = a * spans.length + b;
    let v = memo.get(key);
    if (v === undefined) memo.set(key, (v = cost(spans, at, c, a, b)));
    return v;
  };
}

function cost(spans: Span[], at: Prov, c: number, a: number, b: number): number {
  let lo = -1;
  let hi = -1;
  let above = false;
  let below = false;
  for (let i = a; i <= b; i++) {
    const page = spans[i]!.page;
    if (page < at.page) above = true;
    else if (page > at.page) below = true;
    else { if (lo < 0) lo = i; hi = i; }
  }
  if (lo < 0) return NO_ROW + BREAK;
  const top = spans[lo]!.top;
  const bottom = spans[hi]!.bottom;
  // a split cell's text stands at the top of its first part
  const off = below && !above ? c - top : c - (top + bottom) / 2 + UP;
  let s = off * off;
  if (at.line < top - 1 || (at.lineEnd ?? at.line) > bottom + 1) s += OUTSIDE;
  if (above) s += ABOVE;
  if (above || below) s += BREAK;
  return s;
}

interface Table { best: number[][]; from: number[][] }

/** best[k][i]: the first k labels sharing rows [s, i). */
function table(costs: Cost[], s: number, n: number): Table {
  const m = costs.length;
  const best = Array.from({ length: m + 1 }, () => Array<number>(n + 1).fill(Infinity));
  const from = Array.from({ length: m + 1 }, () => Array<number>(n + 1).fill(s));
  best[0]![s] = 0;
  for (let k = 1; k <= m; k++) {
    for (let i = s; i <= n; i++) {
      for (let t = s; t <= i; t++) {
        const prev = best[k - 1]![t]!;
        if (prev === Infinity) continue;
        const v = prev + costs[k - 1]!(t, i - 1);
        if (v < best[k]![i]!) { best[k]![i] = v; from[k]![i] = t; }
      }
    }
  }
  return { best, from };
}

/** Write the label of each row [s, e) into `out` (offset by `base`). */
function trace(t: Table, e: number, out: (number | null)[], base: number): void {
  for (let k = t.best.length - 1, i = e; k > 0; k--) {
    const s = t.from[k]![i]!;
    for (let r = s; r < i; r++) out[r] = base + k - 1;
    i = s;
  }
}

/** The label (index into `costs`) of each of n rows, or null when no partition fits. */
export function share(costs: Cost[], n: number): number[] | null {
  if (costs.length === 0 || n === 0) return null;
  const t = table(costs, 0, n);
  if (t.best[costs.length]![n] === Infinity) return null;
  const out = Array<number | null>(n).fill(null);
  trace(t, n, out, 0);
  return out as number[];
}

/** A 一级 label and the 二级 labels of its block, in order. */
export interface Family { one: Cost; two: Cost[] }

/**
 * Both levels at once: each 一级 label's group is the union of the groups of its 二级 labels
 * (none: the rows have no 二级 label). Returns per row the family's index and the 二级 label's
 * index counted over all families (null in a family without one).
 */
export function shareFamilies(families: Family[], n: number): { one: number[]; two: (number | null)[] } | null {
  if (families.length === 0 || n === 0) return null;
  // inner[f][s]: the family's 二级 labels sharing rows from s on
  const inner = families.map((f) => Array.from({ length: n + 1 }, (_, s) => (f.two.length ? table(f.two, s, n) : null)));
  const within = (f: number, s: number, e: number) => {
    const t = inner[f]![s];
    return t ? t.best[families[f]!.two.length]![e]! : 0;
  };
  const best = Array.from({ length: families.length + 1 }, () => Array<number>(n + 1).fill(Infinity));
  const from = Array.from({ length: families.length + 1 }, () => Array<number>(n + 1).fill(0));
  best[0]![0] = 0;
  for (let f = 1; f <= families.length; f++) {
    for (let i = 0; i <= n; i++) {
      for (let s = 0; s <= i; s++) {
        if (best[f - 1]![s] === Infinity) continue;
        const v = best[f - 1]![s]! + families[f - 1]!.one(s, i - 1) + within(f - 1, s, i);
        if (v < best[f]![i]!) { best[f]![i] = v; from[f]![i] = s; }
      }
    }
  }
  if (best[families.length]![n] === Infinity) return null;
  const one = Array<number>(n).fill(0);
  const two = Array<number | null>(n).fill(null);
  let base = families.reduce((k, f) => k + f.two.length, 0);
  for (let f = families.length, i = n; f > 0; f--) {
    const s = from[f]![i]!;
    base -= families[f - 1]!.two.length;
    for (let r = s; r < i; r++) one[r] = f - 1;
    const t = inner[f - 1]![s];
    if (t) trace(t, i, two, base);
    i = s;
  }
  return { one, two };
}

/**
 * Lines that hold neither a row nor a label (where columns were printed one after another, or
 * a row's cells below its height) left out, so that distances count only the lines rows take.
 */
export function packLines(spans: Span[], marks: Prov[]): { spans: Span[]; at: (p: Prov) => Prov } {
  const used = new Map<number, Set<number>>();
  const note = (page: number, a: number, b: number) => {
    const set = used.get(page) ?? new Set<number>();
    for (let l = a; l <= b; l++) set.add(l);
    used.set(page, set);
  };
  for (const s of spans) note(s.page, s.top, s.bottom);
  for (const p of marks) note(p.page, p.line, p.lineEnd ?? p.line);
  const rank = new Map([...used].map(([page, set]) => [page, new Map([...set].sort((a, b) => a - b).map((l, k) => [l, k]))]));
  const pos = (page: number, line: number) => rank.get(page)!.get(line)!;
  return {
    spans: spans.map((s) => ({ page: s.page, top: pos(s.page, s.top), bottom: pos(s.page, s.bottom) })),
    at: (p) => ({ page: p.page, line: pos(p.page, p.line), ...(p.lineEnd != null ? { lineEnd: pos(p.page, p.lineEnd) } : {}) }),
  };
}
