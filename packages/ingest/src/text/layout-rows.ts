// Rows of a table region of a `pdftotext -layout` dump. A row's cells are vertically centred,
// so a row whose longest cell wraps over several lines prints its one-line cells on one line in
// the middle and its wrapped text above and below. Figures never wrap: every line holding one
// anchors a row, and the other lines join the row whose wrapped cells they continue.
import { joinWrapped, normalizeText, type LayoutCell, type LayoutTable } from '@ziping/core';
import { isValue, type PLine } from './layout-lines.ts';
import type { Placed } from './layout-columns.ts';

export function buildTable(lines: PLine[], placed: Placed[][], cols: number): LayoutTable {
  const at = (li: number, k: number) => placed[li]?.find((p) => p.k === k);
  const anchor = placed.map((ps) => ps.some((p) => isValue(p.seg.text)));
  const row: number[][] = placed.map((ps) => ps.map(() => -1));
  let rows = 0;
  const valueCols = (li: number) => placed[li]!.filter((p) => isValue(p.seg.text)).map((p) => p.k);
  placed.forEach((ps, li) => {
    if (!anchor[li]) return;
    // anchor lines at most one line apart with their figures in different columns: one row
    // whose one-line cells the PDF put on two baselines
    const prev = anchor[li - 1] ? li - 1 : anchor[li - 2] ? li - 2 : -1;
    const merge = prev >= 0 && !valueCols(li).some((k) => at(prev, k)) && !valueCols(prev).some((k) => at(li, k));
    const r = merge ? row[prev]![0]! : rows++;
    row[li] = ps.map(() => r);
  });
  const rowOfLine = (li: number) => (row[li]?.length && row[li]!.every((r) => r >= 0) ? row[li]![0]! : -1);
  const anchorDist = (r: number, li: number) => Math.min(...anchor.map((a, j) => (a && row[j]![0] === r ? Math.abs(j - li) : Infinity)));

  // a wrapped cell: both pieces text, the upper one at least as long, reaching (nearly) the next
  // cell to its right and not past where the next cell of the lower line starts
  const wraps = (up: number, down: number, k: number) => {
    const p = at(up, k);
    const q = at(down, k);
    if (!p || !q || isValue(p.seg.text) || isValue(q.seg.text) || p.seg.text.length < q.seg.text.length) return false;
    const below = placed[down]!.filter((x) => x.k > k).map((x) => x.seg.s);
    if (below.length && p.seg.e > Math.min(...below) + 1) return false;
    const right = [...placed[up]!.filter((x) => x.k > k).map((x) => x.seg.s), ...below];
    return !right.length || Math.min(...right) - p.seg.e <= Math.max(8, 0.7 * (p.seg.e - p.seg.s));
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

  const dist = lines.map((_, li) => Math.min(...anchor.map((a, j) => (a ? Math.abs(j - li) : Infinity))));
  for (;;) {
    const open = placed.map((_, li) => li).filter((li) => placed[li]!.length > 0 && rowOfLine(li) < 0);
    if (open.length === 0) break;
    const ready = open.filter((li) => rowOfLine(li - 1) >= 0 || rowOfLine(li + 1) >= 0);
    const li = ready.length ? ready.sort((a, b) => dist[a]! - dist[b]! || a - b)[0]! : open[0]!;
    const ps = placed[li]!;
    const up = rowOfLine(li - 1);
    const down = rowOfLine(li + 1);
    const lu = lineLink(li, li - 1);
    const ld = lineLink(li, li + 1);
    const fill = (r: number) => { row[li] = ps.map(() => r); };
    if (lu && ld) {
      const du = anchorDist(up, li);
      const dd = anchorDist(down, li);
      const lacks = (r: number) => ps.filter((p) => !has(r, p.k)).length;
      fill(du < dd ? up : dd < du ? down : lacks(up) > lacks(down) ? up : down);
      continue;
    }
    if (lu || ld) { fill(lu ? up : down); continue; }
    // a line holding the ends of two rows' cells: each cell goes where it continues, and
    // labels standing alone (nothing above or below in their column) go to the nearest row
    const alone = (p: Placed) => !at(li - 1, p.k) && !at(li + 1, p.k);
    const links = ps.map((p) => (alone(p) ? -1 : Math.max(cellLink(li, p, -1), cellLink(li, p, 1))));
    const near = [up, down].filter((r) => r >= 0).sort((a, b) => anchorDist(a, li) - anchorDist(b, li) || (a === up ? -1 : 1))[0] ?? -1;
    if (links.some((r) => r >= 0) && ps.every((p, i) => links[i]! >= 0 || (alone(p) && near >= 0))) {
      row[li] = links.map((r) => (r >= 0 ? r : near));
      continue;
    }
    // the left part of a row (its labels) printed on lines of its own
    if (down >= 0 && leftOf(li, down)) fill(down);
    else if (up >= 0 && leftOf(li, up)) fill(up);
    else fill(rows++);
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
    cells.push({ row, col, rowSpan: 1, colSpan: Math.max(...ps.map((p) => p.span)), text: normalizeText(joinWrapped(ps.map((p) => p.seg.text))), raw, prov: end > line ? { page, line, lineEnd: end } : { page, line } });
  }
  cells.sort((a, b) => a.row - b.row || a.col - b.col);
  // a merged cell stops where another cell of its row starts
  cells.forEach((c, i) => {
    const next = cells[i + 1];
    if (next && next.row === c.row) c.colSpan = Math.max(1, Math.min(c.colSpan, next.col - c.col));
  });
  const nrows = rank.size;
  // data rows (anchored on a one-line cell), and where a cell sits relative to its row's anchor lines
  const anchorMid = Array<number>(nrows).fill(NaN);
  for (const [r, i] of rank) {
    const ls = rowOf.flatMap((x, li) => (x[0] === r && anchor[li] ? [lines[li]!.line] : []));
    if (ls.length) anchorMid[i] = (Math.min(...ls) + Math.max(...ls)) / 2;
  }
  spanLabels(cells, nrows, anchorMid.map((m) => !Number.isNaN(m)));
  const prov = cells.length ? { page: cells[0]!.prov.page, line: Math.min(...cells.map((c) => c.prov.line)), lineEnd: Math.max(...cells.map((c) => c.prov.lineEnd ?? c.prov.line)) } : { page: 1, line: 1 };
  return { kind: 'table', rows: nrows, cols, cells, prov };
}

/**
 * A label printed once in the middle of its block of rows (a vertically merged cell) becomes
 * one cell spanning the block. Where the block starts is known only when something above it in
 * the column closes the previous block (a header, the previous label's block); its end is then
 * where the label sits in the middle of the block's lines (±1 line). Otherwise — a block
 * continued from the previous page, free rows on both sides — the label stays on its row and
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
  const cols = Math.max(0, ...cells.map((c) => c.col + c.colSpan));
  for (let k = 0; k < cols; k++) {
    const labels = cells.filter((c) => c.col === k && c.colSpan === 1 && dataRow[c.row]! && (free(c.row - 1, k) || free(c.row + 1, k)))
      .sort((a, b) => a.row - b.row);
    if (labels.length < 2) continue;
    for (const c of labels) {
      let first = c.row;
      while (free(first - 1, k)) first--;
      if (first === 0 || !taken(first - 1, k)) continue;
      let last = c.row;
      while (free(last + 1, k)) last++;
      const mid = (c.prov.line + lastLine(c)) / 2;
      // the end that centres the label; two ends fitting equally well leave it undetermined
      const errs = Array.from({ length: last - c.row + 1 }, (_, i) => Math.abs((top[first]! + bottom[c.row + i]!) / 2 - mid));
      const err = Math.min(...errs);
      if (err > 1 || errs.filter((e) => e === err).length > 1) continue;
      const best = c.row + errs.indexOf(err);
      c.rowSpan = best - first + 1;
      c.row = first;
    }
  }
}
