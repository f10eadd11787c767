// The header of a table region of a `pdftotext -layout` dump, placed by the order of its labels.
// pdftotext packs a header's labels much closer together (or further apart) than the columns
// they head, and prints a header of several rows on several lines — a group label
// (`年度指标值`) alone on a line above, its sub-labels (`年初指标值 调整后指标值`) below the
// line of the other labels, a label's wrapped end (`施`, `值`) on a line of its own — so the
// positions of a header's texts say little about the columns below them. Their order does: read
// left to right, the header's leaves (the labels no other label stands under) name the data
// columns one by one. General geometry only: no form vocabulary here.
import { isValue, type PLine, type Seg } from './layout-lines.ts';
import type { Placed } from './layout-columns.ts';

/** A label of the header: its text (wrapped pieces joined), where it stands, its first and last line. */
interface Label { text: string; s: number; e: number; top: number; last: number }

/** The longest a header label runs (a longer text is a cell's content, not a header). */
const LABEL = 12;

/**
 * The header lines at the start of a band: the lines above its first line of figures, each
 * token a short label, one of them a line of at least three labels. 0 if there is none.
 */
export function headerHeight(band: PLine[]): number {
  const first = band.findIndex((l) => l.segs.some((g) => isValue(g.text)));
  if (first <= 0) return 0;
  const head = band.slice(0, first);
  const toks = (l: PLine) => l.segs.flatMap((g) => g.toks);
  if (!head.every((l) => toks(l).every((t) => t.text.length <= LABEL))) return 0;
  return head.some((l) => toks(l).length >= 3) ? first : 0;
}

const overlaps = (a: { s: number; e: number }, b: { s: number; e: number }) => a.s < b.e && a.e > b.s;
const centre = (a: { s: number; e: number }) => (a.s + a.e) / 2;

/**
 * The labels of header lines, read by `tokens` (every single space a gap between labels) or by
 * segments. A piece under exactly one label of the line above, the only piece of its line
 * under it, with nothing else under that label further down, is the label's wrapped end.
 */
export function labelsOf(lines: PLine[], tokens: boolean): Label[][] {
  const pieces = lines.map((l) => (tokens ? l.segs.flatMap((g) => g.toks) : l.segs).map((t) => ({ text: t.text, s: t.s, e: t.e })));
  const out: Label[][] = [];
  let prev: Label[] = [];
  pieces.forEach((items, i) => {
    const cur: Label[] = [];
    for (const t of items) {
      const over = prev.filter((c) => overlaps(t, c));
      const c = over.length === 1 ? over[0]! : null;
      // (no longer than the label: a longer text under a header is the first row's wrapped cell)
      const alone = c && t.text.length <= c.text.length && items.filter((u) => overlaps(u, c)).length === 1 &&
        pieces.slice(i + 1).every((ls) => ls.every((u) => !overlaps(u, c) || overlaps(u, t)));
      if (c && alone) {
        c.text += t.text;
        c.s = Math.min(c.s, t.s);
        c.e = Math.max(c.e, t.e);
        c.last = i;
        cur.push(c);
        continue;
      }
      cur.push({ ...t, top: i, last: i });
    }
    out.push(cur);
    prev = cur;
  });
  return out;
}

/**
 * The header's leaves in column order, and its group labels with the leaves they stand over.
 * The line with the most labels is the header's main line. A label above it standing between
 * two of its labels heads the labels below the main line between those two; a label with two
 * or more labels under it (on later lines) heads those. Null when a group's leaves are not
 * neighbours.
 */
export function leavesOf(lines: Label[][]): { leaves: Label[]; groups: { label: Label; from: number; to: number }[] } | null {
  const all = [...new Set(lines.flat())];
  // a bracketed note standing on its own (`（%）` beside `权重`) belongs to a label it does not
  // say which of: the order tells nothing
  if (all.some((c) => /^[（(][^）)]*[）)]$/.test(c.text))) return null;
  const own = (i: number) => all.filter((c) => c.top === i);
  let main = 0;
  lines.forEach((_, i) => { if (own(i).length > own(main).length) main = i; });
  const mains = own(main).sort((a, b) => a.s - b.s);
  const heads = new Map<Label, Label[]>();
  for (const c of all) {
    const under = all.filter((d) => d.top > c.last && overlaps(c, d));
    if (under.length >= 2) { heads.set(c, under); continue; }
    if (c.top >= main || mains.some((m) => overlaps(m, c))) continue;
    const left = mains.filter((m) => centre(m) < centre(c)).at(-1);
    const right = mains.find((m) => centre(m) > centre(c));
    const below = all.filter((d) => d.top > main && (!left || centre(d) > centre(left)) && (!right || centre(d) < centre(right)));
    if (below.length > 0) heads.set(c, below);
  }
  // every label off the main line heads labels, stands under one, or runs onto the main line:
  // anything else (the first row's text printed above its figures) is no part of the header
  const headed = new Set([...heads.values()].flat());
  if (all.some((c) => (c.top > main && !headed.has(c)) || (c.top < main && c.last < main && !heads.has(c)))) return null;
  const leaves = all.filter((c) => !heads.has(c)).sort((a, b) => centre(a) - centre(b));
  const groups: { label: Label; from: number; to: number }[] = [];
  for (const [label, under] of heads) {
    const ks = under.filter((d) => !heads.has(d)).map((d) => leaves.indexOf(d)).sort((a, b) => a - b);
    if (ks.length === 0 || ks.at(-1)! - ks[0]! !== ks.length - 1) return null;
    groups.push({ label, from: ks[0]!, to: ks.at(-1)! });
  }
  return { leaves, groups };
}

/**
 * Which leaves head the band's columns when there are more leaves than columns (a column only
 * the header names, at an edge of the table: an empty 备注, a 绩效指标 label column printed
 * once): of the ways to leave that many leaves out at the edges, the one whose other leaves stand most nearly where the columns they are
 * matched with stand, up to scale and shift. Returns, per column, its leaf's index.
 */
function matchColumns(leaves: Label[], at: number[]): number[] {
  let best: { cost: number; map: number[] } | null = null;
  const extra = leaves.length - at.length;
  const tryOut = (skip: number[]) => {
    const map = leaves.map((_, i) => i).filter((i) => !skip.includes(i));
    // a header is packed tighter or looser than its columns: how far the leaves stand off a
    // straight-line fit of the columns' places on theirs
    const pairs = map.map((i, j) => [centre(leaves[i]!), at[j]!] as const).filter(([, y]) => !Number.isNaN(y));
    const n = pairs.length;
    const mx = pairs.reduce((a, [x]) => a + x, 0) / n;
    const my = pairs.reduce((a, [, y]) => a + y, 0) / n;
    const sxx = pairs.reduce((a, [x]) => a + (x - mx) ** 2, 0);
    const slope = sxx > 0 ? pairs.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0) / sxx : 1;
    const cost = pairs.reduce((a, [x, y]) => a + (y - my - slope * (x - mx)) ** 2, 0);
    if (!best || cost < best.cost) best = { cost, map };
  };
  // such a column stands at an edge of the table
  const last = leaves.length - 1;
  const ways = extra === 0 ? [[]] : extra === 1 ? [[0], [last]] : [[0, 1], [0, last], [last - 1, last]];
  for (const skip of ways) tryOut(skip);
  return best!.map;
}

/**
 * Place a band's header lines by the order of its labels, when its leaves are as many as the
 * columns the rest of the band has, or up to two more (columns only the header names). The
 * header becomes one line of its leaves and group labels (a group over its leaves, as a merged
 * cell), and, where a group heads sub-labels, a line of those; the rest's columns are renumbered
 * to the leaves they fall under. Null where the count does not come out.
 */
export function placeHeader(head: PLine[], body: { placed: Placed[][]; cols: number }): { lines: PLine[]; placed: Placed[][]; cols: number } | null {
  const { cols } = body;
  // where the rest's columns stand: the mean middle of their one-column texts
  const at = Array.from({ length: cols }, (_, k) => {
    const xs = body.placed.flat().filter((p) => p.k === k && p.span === 1).map((p) => centre(p.seg));
    return xs.reduce((a, b) => a + b, 0) / xs.length;
  });
  for (const tokens of [true, false]) {
    const read = leavesOf(labelsOf(head, tokens));
    if (!read) continue;
    const { leaves, groups } = read;
    if (leaves.length < cols || leaves.length > cols + 2) continue;
    const map = matchColumns(leaves, at);
    const sub = new Set(groups.flatMap((g) => leaves.slice(g.from, g.to + 1)));
    const seg = (c: Label): Seg => {
      const line = head[c.top]!.line;
      return { text: c.text, s: c.s, e: c.e, line, toks: [{ text: c.text, s: c.s, e: c.e }] };
    };
    const upper: Placed[] = [
      ...leaves.flatMap((c, k) => (sub.has(c) ? [] : [{ seg: seg(c), k, span: 1 }])),
      ...groups.map((g) => ({ seg: seg(g.label), k: g.from, span: g.to - g.from + 1 })),
    ].sort((a, b) => a.k - b.k);
    const lower: Placed[] = leaves.flatMap((c, k) => (sub.has(c) ? [{ seg: seg(c), k, span: 1 }] : []));
    const parts = lower.length > 0 ? [upper, lower] : [upper];
    const lines = parts.map((ps, i) => ({ line: i === 0 ? head[0]!.line : head.at(-1)!.line, page: head[0]!.page, segs: ps.map((p) => p.seg) }));
    const rest = body.placed.map((ps) => ps.map((p) => ({ ...p, k: map[p.k]!, span: map[p.k + p.span - 1]! - map[p.k]! + 1 })));
    return { lines, placed: [...parts, ...rest], cols: leaves.length };
  }
  return null;
}
