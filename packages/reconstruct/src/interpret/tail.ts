// The last rows of an indicator stream (plain pdftotext) printed otherwise than row by row: a
// group of k rows as k names, then k of each value column, then k 分值 and k 得分 (or k pairs),
// or row by row without their 分值 / 得分, which then come as two blocks at the end, each ending
// in its total (`10 10 8 8 8 100` / `10 10 8.5 8 8 99.78`). Each column keeps its top-to-bottom
// order, so every way of cutting the tail into such groups is tried; the tail is read only where
// exactly one way checks out: names are words, values fit their columns, every 得分 within its
// 分值, and the printed totals equal the sums of all the rows' 分值 and 得分. Otherwise nothing
// (a wrong value is worse than a missing one). A group prints all its level labels before its
// names: its rows' levels are only those every way of sharing the labels out agrees on
// (`placeLevels`), the others null.
import { levelOf, parentOf, type IndicatorField } from './vocabulary.ts';
import type { FixedLevels, StreamRow } from './stream.ts';
import { num, type Tok } from './stream-tokens.ts';

type Pairs = { out: StreamRow[]; levels: { tok: Tok; at: number }[] };
const EPS = 0.005;
/** Points a form's budget execution may take beside its indicators (its 分值, counted in the total). */
const MAX_BUDGET = 30;
/**
 * The printed totals against the rows' sums: equal, or the rest is the budget execution's part
 * (at most MAX_BUDGET points, its 得分 within its 分值).
 */
export function fitsTotals(sumW: number, sumS: number, totalW: number, totalS: number): boolean {
  const gw = totalW - sumW;
  const gs = totalS - sumS;
  return gw > -EPS && gs > -EPS && gs < gw + EPS && gw < MAX_BUDGET + EPS;
}
/** Solutions looked for before giving up as ambiguous. */
const MAX_WAYS = 2;
const MAX_GROUP = 12;

interface Part { names: Tok[]; values: Tok[][]; ws: Tok[] | null }

/**
 * The tail from one of the stream's row ends, parsed (see the file comment), with the rows read
 * before it by `pairUp`; the first cut (from the last) where it checks out, or null.
 */
export function readTail(toks: Tok[], after: Tok[], fields: IndicatorField[], pairUp: (t: Tok[]) => Pairs | null): (Pairs & { total: Tok; fixed: FixedLevels[] }) | null {
  const cuts: number[] = [0];
  for (let a = 0; a + 1 < toks.length; a++) if (toks[a]!.kind === 'num' && toks[a + 1]!.kind === 'num') cuts.push(a + 2);
  for (const cut of [...new Set(cuts)].sort((x, y) => y - x)) {
    const head = cut === 0 ? { out: [], levels: [] } : pairUp(toks.slice(0, cut));
    if (!head) continue;
    const rest = toks.slice(cut);
    const seq = [...rest.filter((t) => t.kind !== 'level' && t.kind !== 'sentence'), ...after];
    if (seq.length === 0) continue;
    const w0 = head.out.reduce((x, r) => x + num(r.weight), 0);
    const s0 = head.out.reduce((x, r) => x + num(r.score), 0);
    // rows one by one first (the way a table prints), groups only where those do not check out
    const one = parseTail(seq, fields, w0, s0, 1);
    const ways = one.length > 0 ? one : parseTail(seq, fields, w0, s0);
    if (ways.length !== 1) continue;
    const { parts, total } = ways[0]!;
    const out = [...head.out];
    const levels = [...head.levels];
    const taken = new Set<Tok>(levels.map((l) => l.tok));
    // the labels printed before each part, and after the last
    const before: Tok[][] = [];
    const starts: number[] = [];
    for (const p of parts) {
      starts.push(out.length);
      const first = out.length;
      p.names.forEach((name, q) => {
        const values = new Map<IndicatorField, Tok>(fields.map((f, k) => [f, p.values[k]![q]!]));
        out.push({ name, values, weight: p.ws![q]!, score: p.ws![p.names.length + q]!, deviation: [], at: first + q });
      });
      const mine = rest.slice(0, rest.indexOf(p.names[0]!)).filter((t) => t.kind === 'level' && !taken.has(t));
      mine.forEach((t) => taken.add(t));
      before.push(mine);
    }
    const trailing = rest.filter((t) => t.kind === 'level' && !taken.has(t));
    const fixed: FixedLevels[] = [];
    for (let pi = 0; pi < parts.length; pi++) {
      if (parts[pi]!.names.length > 1) {
        // a group's labels all come before its names: they stand for its rows and the rows after
        // it up to the next label, placed only as far as every way of sharing them agrees
        let pj = pi + 1;
        while (pj < parts.length && before[pj]!.length === 0) pj++;
        const labels = [...before[pi]!, ...(pj === parts.length ? trailing : [])];
        const end = pj < parts.length ? starts[pj]! : out.length;
        const placed = placeLevels(end - starts[pi]!, labels);
        placed.forEach((f, q) => fixed.push({ at: starts[pi]! + q, ...f }));
        if (pj === parts.length) trailing.length = 0;
        pi = pj - 1;
        continue;
      }
      // the level labels printed before a row stand at it
      for (const t of before[pi]!) levels.push({ tok: t, at: starts[pi]! - 0.5 });
    }
    // labels after the last row (a group's names standing after them) stand at the last row
    for (const t of trailing) levels.push({ tok: t, at: out.length - 1 });
    return { out, levels, total, fixed };
  }
  return null;
}

/** Ways of sharing rows out looked at before giving up. */
const MAX_SHARES = 5000;

/**
 * 一级 / 二级 of `n` rows from the labels printed before them all, in order (a column-by-column
 * group): each 二级 label stands for one or more rows in turn, all of them covered. A row gets
 * the 二级 every such sharing gives it, and the 一级 (the family of its 二级) every sharing
 * agrees on; else null (a wrong level is worse than none). Without 二级 labels, the 一级 ones
 * are shared the same way.
 */
export function placeLevels(n: number, labels: Tok[]): { one: Tok | null; two: Tok | null; family: string | null }[] {
  const none = Array.from({ length: n }, () => ({ one: null, two: null, family: null }));
  const twos = labels.filter((t) => levelOf(t.text) === 2);
  const ones = labels.filter((t) => levelOf(t.text) === 1);
  const list = twos.length > 0 ? twos : ones;
  if (list.length === 0 || list.length > n) return none;
  // the labels each row may get: row r takes label j for some way of covering all rows in turn
  const can: Set<number>[] = Array.from({ length: n }, () => new Set());
  let ways = 0;
  const go = (j: number, r: number, pick: number[]) => {
    if (ways > MAX_SHARES) return;
    if (j === list.length - 1) {
      ways++;
      const all = [...pick, ...Array.from({ length: n - r }, () => j)];
      all.forEach((x, q) => can[q]!.add(x));
      return;
    }
    for (let len = 1; r + len <= n - (list.length - 1 - j); len++) go(j + 1, r + len, [...pick, ...Array.from({ length: len }, () => j)]);
  };
  go(0, 0, []);
  if (ways > MAX_SHARES) return none;
  return can.map((set) => {
    const xs = [...set].map((j) => list[j]!);
    const only = xs.length === 1 ? xs[0]! : null;
    if (list === ones) return { one: only, two: null, family: null };
    const families = new Set(xs.map((t) => parentOf(t.text)));
    const family = families.size === 1 ? [...families][0]! : null;
    // the 一级 label of that family, where the group prints it
    const one = family ? ones.find((t) => t.text === family) ?? null : null;
    return { one, two: only, family };
  });
}

const fits = (t: Tok | undefined) => !!t && ['num', 'figure', 'text'].includes(t.kind);

/** Every way of reading `seq` as groups of rows then the totals (see the file comment), up to MAX_WAYS. */
export function parseTail(seq: Tok[], fields: IndicatorField[], w0: number, s0: number, maxGroup = MAX_GROUP): { parts: Part[]; total: Tok }[] {
  const ways: { parts: Part[]; total: Tok }[] = [];
  const go = (p: number, parts: Part[]) => {
    if (ways.length >= MAX_WAYS) return;
    // the end: the deferred rows' 分值 then the total, their 得分 then the total
    if (seq.slice(p).every((t) => t.kind === 'num')) {
      const deferred = parts.filter((x) => !x.ws);
      const d = deferred.reduce((x, y) => x + y.names.length, 0);
      const rest = seq.slice(p);
      if (rest.length === 2 * d + 2 && parts.length > 0) {
        const W = rest.slice(0, d);
        const S = rest.slice(d + 1, 2 * d + 1);
        let k = 0;
        const done = parts.map((x) => {
          if (x.ws) return x;
          const n = x.names.length;
          const ws = [...W.slice(k, k + n), ...S.slice(k, k + n)];
          k += n;
          return { ...x, ws };
        });
        const rowsWS = done.flatMap((x) => x.names.map((_, q) => [num(x.ws![q]!), num(x.ws![x.names.length + q]!)] as const));
        const tw = w0 + rowsWS.reduce((x, r) => x + r[0], 0);
        const ts = s0 + rowsWS.reduce((x, r) => x + r[1], 0);
        // (here which figure is whose is plain: a 得分 over its 分值 is the form's own error)
        if (fitsTotals(tw, ts, num(rest[d]!), num(rest[2 * d + 1]!))) ways.push({ parts: done, total: rest[2 * d + 1]! });
      }
      // numbers may still be a group's 分值 / 得分: go on below only where names follow
    }
    for (let k = 1; k <= maxGroup; k++) {
      const names = seq.slice(p, p + k);
      if (names.length < k || !names.every((t) => t.kind === 'text')) break;
      let q = p + k;
      const values: Tok[][] = [];
      let ok = true;
      for (const _ of fields) {
        const col = seq.slice(q, q + k);
        if (col.length < k || !col.every(fits)) { ok = false; break; }
        values.push(col);
        q += k;
      }
      if (!ok) continue;
      // a group's target and actual are alike: both figures or both words
      const fig = (t: Tok) => t.kind !== 'text';
      if (k > 1 && values.length === 2 && names.some((_, r) => fig(values[0]![r]!) !== fig(values[1]![r]!))) continue;
      const nums = seq.slice(q, q + 2 * k);
      // 分值 block then 得分 block, or pairs row by row (the same for one row)
      if (nums.length === 2 * k && nums.every((t) => t.kind === 'num') && q + 2 * k < seq.length) {
        const block = [...nums];
        if (names.every((_, r) => num(block[k + r]!) <= num(block[r]!))) go(q + 2 * k, [...parts, { names, values, ws: block }]);
        if (k > 1) {
          const pairs = [...nums.filter((_, r) => r % 2 === 0), ...nums.filter((_, r) => r % 2 === 1)];
          if (names.every((_, r) => num(pairs[k + r]!) <= num(pairs[r]!))) go(q + 2 * k, [...parts, { names, values, ws: pairs }]);
        }
      }
      // 分值 / 得分 printed at the end
      go(q, [...parts, { names, values, ws: null }]);
    }
  };
  go(0, []);
  return ways;
}
