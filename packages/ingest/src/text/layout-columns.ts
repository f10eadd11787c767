// Columns of a table region of a `pdftotext -layout` dump. pdftotext places text in character
// columns block by block, so the same table column sits a few columns further left or right
// from one group of rows to the next: positions are comparable only between nearby lines, and
// the order of the segments in a line is the firmer evidence. Lines are therefore aligned one
// by one, each against the nearest lines already aligned (a monotone alignment of its segments
// to the known columns), and a new column is opened only where a segment cannot be fitted in.
// Lines holding figures go first, top to bottom, so that the columns follow the data as it
// drifts; header and wrapped-text lines (a header's labels are packed much closer together
// than the columns they head) are fitted last, the fullest first.
import { isValue, type PLine, type Seg } from './layout-lines.ts';

/** A segment placed in the grid: `k` its column (index in left-to-right order), `span` the columns it covers. */
export interface Placed { seg: Seg; k: number; span: number }

interface Obs { li: number; s: number; e: number }

/** Cost of opening a new column for a segment (in character columns of misfit). */
const OPEN = 25;

// left, right or centre aligned, whichever fits (centred only between texts of like width: the
// middle of a long merged text says nothing); a little for a width unlike the column's, to keep
// a long text out of a column of short figures that starts at the same place
const misfit = (g: Seg, o: Obs, li: number) => {
  // text right below or above a text of the column, starting where it starts: its wrapped part
  if (Math.abs(o.li - li) === 1 && Math.abs(g.s - o.s) <= 1 && !isValue(g.text)) return 0;
  const centred = g.e - g.s <= 2 * (o.e - o.s) + 4 ? Math.abs(g.s + g.e - o.s - o.e) / 2 : Infinity;
  return Math.min(Math.abs(g.s - o.s), Math.abs(g.e - o.e), centred) + 0.05 * Math.abs(g.e - g.s - o.e + o.s);
};

/** The observations of a column nearest to a line, the nearest first. */
const nearby = (obs: Obs[], li: number, n: number): Obs[] =>
  [...obs].sort((a, b) => Math.abs(a.li - li) - Math.abs(b.li - li) || a.li - b.li).slice(0, n);
const nearest = (obs: Obs[], li: number): Obs => nearby(obs, li, 1)[0]!;

/** Placed segments per line, and the number of columns. */
export function placeColumns(lines: PLine[]): { placed: Placed[][]; cols: number } {
  const obs: Obs[][] = []; // by column id
  let order: number[] = []; // column ids left to right
  const colOf: number[][] = lines.map((l) => l.segs.map(() => -1));
  const data = (i: number) => lines[i]!.segs.some((g) => isValue(g.text));
  const seq = lines.map((_, i) => i).filter((i) => lines[i]!.segs.length > 0)
    .sort((a, b) => Number(data(b)) - Number(data(a)) || (data(a) ? 0 : lines[b]!.segs.length - lines[a]!.segs.length) || a - b);
  for (const li of seq) {
    const segs = lines[li]!.segs;
    // a segment fits a column if it fits one of its last few cells: the columns drift
    const anchors = order.map((id) => nearby(obs[id]!, li, 3));
    const path = align(segs, anchors, data(li), li);
    const next: number[] = [];
    let j = 0;
    path.forEach((p, i) => {
      while (j < p.col) next.push(order[j++]!);
      const id = p.open ? obs.push([]) - 1 : order[j++]!;
      next.push(id);
      // a piece split at a single space has no position of its own to teach
      if (!segs[i]!.cont || obs[id]!.length === 0) obs[id]!.push({ li, s: segs[i]!.s, e: segs[i]!.e });
      colOf[li]![i] = id;
    });
    while (j < order.length) next.push(order[j++]!);
    order = next;
  }
  const index = new Map(order.map((id, k) => [id, k]));
  const placed = lines.map((l, li) => {
    const ks = l.segs.map((_, i) => index.get(colOf[li]![i]!)!);
    return l.segs.map((seg, i) => {
      // a segment reaching over the next columns (left empty on this line) is a merged cell
      let span = 1;
      const k = ks[i]!;
      const limit = ks[i + 1] ?? order.length;
      const inside = (o: Obs) => o.s > seg.s + 1 && o.e <= seg.e + 1;
      while (k + span < limit && inside(nearest(obs[order[k + span]!]!, li))) span++;
      return { seg, k, span };
    });
  });
  return { placed, cols: order.length };
}

/**
 * Where opening a new column before column j is cheap: a segment wholly left of every column or
 * right of every column (a right edge may just touch), and a label standing in the gap between
 * two columns on a line of figures (figures drift with their block and must keep their column;
 * a header's labels are centred over their columns and often sit in such gaps).
 */
function outside(g: Seg, anchors: Obs[][], j: number, figures: boolean): boolean {
  if (anchors.length === 0) return true;
  const left = j === 0 ? -Infinity : Math.max(...anchors[j - 1]!.map((a) => a.e));
  const right = j === anchors.length ? Infinity : Math.min(...anchors[j]!.map((a) => a.s));
  if (j === 0) return g.e <= right;
  if (j === anchors.length) return g.s >= Math.max(...anchors.flat().map((a) => a.e)) - 2;
  return figures && !isValue(g.text) && g.s > left && g.e < right;
}

/** Monotone alignment of a line's segments to the columns: each segment matches one column or opens a new one before column `col`. */
function align(segs: Seg[], anchors: Obs[][], figures: boolean, li: number): { col: number; open: boolean }[] {
  const n = segs.length;
  const K = anchors.length;
  const cost = Array.from({ length: n + 1 }, () => Array<number>(K + 1).fill(Infinity));
  const from = Array.from({ length: n + 1 }, () => Array<number>(K + 1).fill(0)); // 0 skip, 1 match, 2 open
  cost[0]![0] = 0;
  for (let i = 0; i <= n; i++) {
    for (let j = 0; j <= K; j++) {
      const c = cost[i]![j]!;
      if (c === Infinity) continue;
      const relax = (a: number, b: number, v: number, how: number) => { if (v < cost[a]![b]!) { cost[a]![b] = v; from[a]![b] = how; } };
      // a piece split off at a single space takes the very next column (or a new one there)
      const cont = i > 0 && i < n && segs[i]!.cont;
      if (j < K && !cont) relax(i, j + 1, c, 0);
      if (i < n && j < K) relax(i + 1, j + 1, c + Math.min(...anchors[j]!.map((o) => misfit(segs[i]!, o, li))) * (cont ? 0.05 : 1), 1);
      if (i < n) relax(i + 1, j, c + (outside(segs[i]!, anchors, j, figures) ? 2 : OPEN), 2);
    }
  }
  const out: { col: number; open: boolean }[] = [];
  for (let i = n, j = K; i > 0 || j > 0;) {
    const how = from[i]![j]!;
    if (how === 0) j--;
    else if (how === 1) { out.push({ col: j - 1, open: false }); i--; j--; }
    else { out.push({ col: j, open: true }); i--; }
  }
  return out.reverse();
}
