// Rows of a table region of a `pdftotext -layout` dump. A row's cells are vertically centred,
// so a row whose longest cell wraps over several lines prints its one-line cells on one line in
// the middle and its wrapped text above and below. Figures never wrap: every line holding one
// anchors a row, and the other lines join the row whose wrapped cells they continue.
import { joinWrapped, normalizeText, type LayoutCell, type LayoutTable } from '@ziping/core';
import { isValue, type PLine } from './layout-lines.ts';
import type { Placed } from './layout-columns.ts';
import { claimCentred } from './layout-centred.ts';

/** How far (in columns) a wrapped line may stand beside the line it continues. */
const NEAR = 8;

/** `fixed`: the first lines are a header already put together, one row each (layout-header.ts). */
export function buildTable(lines: PLine[], placed: Placed[][], cols: number, fixed = 0): LayoutTable {
  const at = (li: number, k: number) => placed[li]?.find((p) => p.k === k);
  const anchor = placed.map((ps) => ps.some((p) => isValue(p.seg.text)));
  const row: number[][] = placed.map((ps, li) => ps.map(() => (li < fixed ? li : -1)));
  let rows = fixed;
  const valueCols = (li: number) => placed[li]!.filter((p) => isValue(p.seg.text)).map((p) => p.k);
  placed.forEach((ps, li) => {
    if (!anchor[li] || li < fixed) return;
    // anchor lines at most one line apart with their figures in different columns: one row
    // whose one-line cells the PDF put on two baselines
    const prev = anchor[li - 1] ? li - 1 : anchor[li - 2] ? li - 2 : -1;
    // against every line the row already holds: a row of three baselines is one row, two rows
    // each of two baselines are not (a row never has two figures in one column)
    const mates = prev >= 0 ? placed.map((_, j) => j).filter((j) => j < li && anchor[j] && row[j]![0] === row[prev]![0]) : [];
    const merge = prev >= 0 && mates.every((m) => !valueCols(li).some((k) => at(m, k)) && !valueCols(m).some((k) => at(li, k)));
    const r = merge ? row[prev]![0]! : rows++;
    row[li] = ps.map(() => r);
  });
  claimCentred(placed, anchor, row);
  const rowOfLine = (li: number) => (row[li]?.length && row[li]!.every((r) => r >= 0) ? row[li]![0]! : -1);
  const anchorDist = (r: number, li: number) => Math.min(...anchor.map((a, j) => (a && row[j]![0] === r ? Math.abs(j - li) : Infinity)));

  // a wrapped cell: both pieces text, the upper one at least as long and over the lower one,
  // reaching (nearly) the next cell to its right, or the column's width, and not past where the
  // next cell of the lower line starts
  const wraps = (up: number, down: number, k: number) => {
    const p = at(up, k);
    const q = at(down, k);
    if (!p || !q || isValue(p.seg.text) || isValue(q.seg.text) || p.seg.text.length < q.seg.text.length) return false;
    // the lines of one cell overlap, or nearly (pdftotext packs a line's text leftwards where
    // single spaces separate it): a text well off to the side is some other cell's
    if (q.seg.s >= p.seg.e + NEAR || q.seg.e <= p.seg.s - NEAR) return false;
    const below = placed[down]!.filter((x) => x.k > k).map((x) => x.seg.s);
    if (below.length && p.seg.e > Math.min(...below) + 1) return false;
    const right = [...placed[up]!.filter((x) => x.k > k).map((x) => x.seg.s), ...below];
    if (!right.length || Math.min(...right) - p.seg.e <= Math.max(12, 0.8 * (p.seg.e - p.seg.s))) return true;
    // or it ends where the column's texts on the lines around end at most: it fills its column,
    // however widely the dump spaces its columns
    const ends = placed.slice(Math.max(0, up - 4), down + 5).flat()
      .filter((x) => x.k === k && x.span === 1 && !isValue(x.seg.text)).map((x) => x.seg.e);
    return ends.length > 2 && p.seg.e >= Math.max(...ends) - 1;
  };
  // the line continues the adjacent line's cells wherever both have text
  const lineLink = (li: number, other: number) => {
    if (rowOfLine(other) < 0) return false;
    const shared = placed[li]!.filter((p) => at(other, p.k));
    return shared.length > 0 && shared.every((p) => (other < li ? wraps(other, li, p.k) : wraps(li, other, p.k)));
  };
  // a cell continuing a cell of the nearest line above/below that has text in its column
  const cellLink = (li: number, p: Placed, dir: -1 | 1) => {
    let o = li + dir;
    if (o >= 0 && o < lines.length && !at(o, p.k)) o += dir;
    if (o < 0 || o >= lines.length || !at(o, p.k)) return -1;
    const r = row[o]![placed[o]!.indexOf(at(o, p.k)!)]!;
    return r >= 0 && (dir < 0 ? wraps(o, li, p.k) : wraps(li, o, p.k)) ? r : -1;
  };
  const has = (r: number, k: number) => placed.some((ps, j) => ps.some((x, i) => x.k === k && row[j]![i] === r));
  const leftOf = (li: number, r: number) => {
    const theirs = placed.flatMap((ps, j) => ps.filter((_, i) => row[j]![i] === r).map((x) => x.k));
    return theirs.length > 0 && Math.max(...placed[li]!.map((p) => p.k + p.span - 1)) < Math.min(...theirs);
  };

  // where a line's cells not placed yet go: a row (per cell), or null for a row of their own
  const place = (li: number): number[] | null => {
    const ps = placed[li]!.filter((_, i) => row[li]![i]! < 0);
    const up = rowOfLine(li - 1);
    const down = rowOfLine(li + 1);
    const lu = lineLink(li, li - 1);
    const ld = lineLink(li, li + 1);
    const all = (r: number) => ps.map(() => r);
    if (lu && ld) {
      const du = anchorDist(up, li);
      const dd = anchorDist(down, li);
      const lacks = (r: number) => ps.filter((p) => !has(r, p.k)).length;
      return all(du < dd ? up : dd < du ? down : lacks(up) > lacks(down) ? up : down);
    }
    if (lu || ld) return all(lu ? up : down);
    // a line holding the ends of two rows' cells: each cell goes where it continues, and
    // labels standing alone (nothing above or below in their column) go to the nearest row
    const alone = (p: Placed) => !at(li - 1, p.k) && !at(li + 1, p.k);
    const links = ps.map((p) => (alone(p) ? -1 : Math.max(cellLink(li, p, -1), cellLink(li, p, 1))));
    const near = [up, down].filter((r) => r >= 0).sort((a, b) => anchorDist(a, li) - anchorDist(b, li) || (a === up ? -1 : 1))[0] ?? -1;
    if (links.some((r) => r >= 0) && ps.every((p, i) => links[i]! >= 0 || (alone(p) && near >= 0))) return links.map((r) => (r >= 0 ? r : near));
    // the left part of a row (its labels) printed on lines of its own
    if (down >= 0 && leftOf(li, down)) return all(down);
    if (up >= 0 && leftOf(li, up)) return all(up);
    return null;
  };
  // lines join rows from the anchors outwards; a line that fits no row waits while other lines
  // can still be placed (its neighbours may yet form the row it continues)
  const dist = lines.map((_, li) => Math.min(...anchor.map((a, j) => (a ? Math.abs(j - li) : Infinity))));
  for (;;) {
    const open = placed.map((_, li) => li).filter((li) => placed[li]!.length > 0 && rowOfLine(li) < 0);
    if (open.length === 0) break;
    const ready = open.filter((li) => rowOfLine(li - 1) >= 0 || rowOfLine(li + 1) >= 0).sort((a, b) => dist[a]! - dist[b]! || a - b);
    const fit = ready.map((li) => [li, place(li)] as const).find(([, r]) => r !== null);
    const fill = (li: number, rs: number[]) => { let j = 0; row[li] = row[li]!.map((r) => (r >= 0 ? r : rs[j++]!)); };
    if (fit) { fill(fit[0], fit[1]!); continue; }
    const li = ready[0] ?? open[0]!;
    fill(li, placed[li]!.map(() => rows));
    rows++;
  }
  return assemble(lines, placed, row, anchor, cols);
}

function assemble(lines: PLine[], placed: Placed[][], rowOf: number[][], anchor: boolean[], cols: number): LayoutTable {
  // rows in order of their first line
  const first = new Map<number, number>();
  rowOf.forEach((rs, li) => rs.forEach((r) => { if (!first.has(r)) first.set(r, li); }));
  const rank = new Map([...first.entries()].sort((a, b) => a[1] - b[1]).map(([r], i) => [r, i]));
  const groups = new Map<string, Placed[]>();
  placed.forEach((ps, li) => ps.forEach((p, i) => {
    const key = `${rank.get(rowOf[li]![i]!)}:${p.k}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }));
  const cells: LayoutCell[] = [];
  for (const [key, ps] of groups) {
    const [row, col] = key.split(':').map(Number) as [number, number];
    ps.sort((a, b) => a.seg.line - b.seg.line);
    const raw = ps.map((p) => p.seg.text).join('\n');
    const line = ps[0]!.seg.line;
    const end = ps.at(-1)!.seg.line;
    const page = lines.find((l) => l.segs.includes(ps[0]!.seg))!.page;
    const cell: LayoutCell = { row, col, rowSpan: 1, colSpan: Math.max(...ps.map((p) => p.span)), text: normalizeText(joinWrapped(ps.map((p) => p.seg.text))), raw, prov: end > line ? { page, line, lineEnd: end } : { page, line } };
    // split from its left neighbour at a single space in doubt: perhaps one cell (LayoutCell.looseLeft)
    if (ps.some((p) => p.seg.loose)) cell.looseLeft = true;
    cells.push(cell);
  }
  cells.sort((a, b) => a.row - b.row || a.col - b.col);
  // a merged cell stops where another cell of its row starts
  cells.forEach((c, i) => {
    const next = cells[i + 1];
    if (next && next.row === c.row) c.colSpan = Math.max(1, Math.min(c.colSpan, next.col - c.col));
  });
  const nrows = rank.size;
  // data rows: rows anchored on a line of figures
  const dataRow = Array<boolean>(nrows).fill(false);
  rowOf.forEach((x, li) => { if (anchor[li]) dataRow[rank.get(x[0]!)!] = true; });
  spanLabels(cells, nrows, dataRow);
  const prov = cells.length ? { page: cells[0]!.prov.page, line: Math.min(...cells.map((c) => c.prov.line)), lineEnd: Math.max(...cells.map((c) => c.prov.lineEnd ?? c.prov.line)) } : { page: 1, line: 1 };
  return { kind: 'table', rows: nrows, cols, cells, prov };
}

/**
 * A label printed once in the middle of its block of rows (a vertically merged cell) becomes
 * one cell spanning the block. Where the block starts is known only when something above it in
 * the column closes the previous block (a header, the previous label's block); the label then
 * sits on the middle row of its block, or between the two middle rows of an even block — the
 * label's line against the rows' lines tells which. Otherwise — a block continued from the
 * previous page, a block that would run into the next label — the label stays on its row and
 * the interpreter fills it down. Only alone-standing labels, in a column with at least two of
 * them, and only over data rows (rows holding a figure) qualify.
 */
function spanLabels(cells: LayoutCell[], nrows: number, dataRow: boolean[]): void {
  const lastLine = (c: LayoutCell) => c.prov.lineEnd ?? c.prov.line;
  const top = Array.from({ length: nrows }, (_, r) => Math.min(...cells.filter((c) => c.row === r).map((c) => c.prov.line)));
  const bottom = Array.from({ length: nrows }, (_, r) => Math.max(...cells.filter((c) => c.row === r).map(lastLine)));
  const covers = (c: LayoutCell, r: number, k: number) => c.row <= r && r < c.row + c.rowSpan && c.col <= k && k < c.col + c.colSpan;
  const taken = (r: number, k: number) => cells.some((c) => covers(c, r, k));
  const free = (r: number, k: number) => r >= 0 && r < nrows && dataRow[r]! && !taken(r, k);
  // row labels stand left of the figures
  const cols = Math.max(0, ...cells.map((c) => c.col + c.colSpan));
  const figures = (k: number) => cells.filter((c) => c.col === k && dataRow[c.row]!);
  const firstValue = Array.from({ length: cols }, (_, k) => k).find((k) => {
    const cs = figures(k);
    return cs.length > 0 && cs.filter((c) => isValue(c.text)).length >= cs.length / 2;
  }) ?? cols;
  const undetermined = new Set<LayoutCell>();
  for (let k = 0; k < firstValue; k++) {
    const labels = cells.filter((c) => c.col === k && c.colSpan === 1 && dataRow[c.row]! && (free(c.row - 1, k) || free(c.row + 1, k)))
      .sort((a, b) => a.row - b.row);
    if (labels.length < 2) continue;
    for (const c of labels) {
      undetermined.add(c);
      let first = c.row;
      while (free(first - 1, k)) first--;
      // the block above must be closed: a header (its label may stand in an upper header row)
      // or a label whose block is known
      let r = first - 1;
      while (r > 0 && !dataRow[r]! && !taken(r, k)) r--;
      const above = cells.find((d) => covers(d, r, k));
      if (!above || undetermined.has(above)) continue;
      let last = c.row;
      while (free(last + 1, k)) last++;
      const mid = (c.prov.line + lastLine(c)) / 2;
      // odd block: the label's row in the middle; even block: the label on the upper middle row
      const ends = [2 * c.row - first, 2 * c.row - first + 1].filter((e) => e <= last);
      const err = (e: number) => Math.abs((top[first]! + bottom[e]!) / 2 - mid);
      const end = ends.sort((a, b) => err(a) - err(b) || b - a)[0];
      if (end === undefined || err(end) > 1.5) continue;
      c.rowSpan = end - first + 1;
      c.row = first;
      undetermined.delete(c);
    }
  }
}
