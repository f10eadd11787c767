// A table row that a page break cut in two is one row: the piece at the top of the next page
// goes on the piece at the bottom of the page before, cell by cell over the same column
// (what reconstruct would otherwise take for a row of its own, e.g. the end of a sentence).
import type { BBox, LayoutCell, LayoutTable } from '@ziping/core';

/**
 * Join the first row of `below` (a table whose top edge a page break cut) to the last row of
 * `above` (cut at its bottom): each cell's text goes on the text of the cell of that last row
 * it overlaps most. Returns `below` without that row (null when nothing is left), or `below`
 * untouched when a cell has no counterpart or runs on over further rows.
 */
export function joinCutRow(above: LayoutTable, below: LayoutTable): LayoutTable | null {
  const first = below.cells.filter((c) => c.row === 0);
  const last = above.cells.filter((c) => c.row + c.rowSpan === above.rows);
  if (first.some((c) => c.rowSpan > 1)) return below;
  const pairs = first.map((c) => [c, counterpart(c, last)] as const);
  if (pairs.some(([, p]) => p === undefined)) return below;
  for (const [c, p] of pairs) {
    p!.text = joinText(p!.text, c.text);
    p!.raw = joinText(p!.raw, c.raw);
  }
  const rest = below.cells.filter((c) => c.row > 0).map((c) => ({ ...c, row: c.row - 1 }));
  if (rest.length === 0 || below.rows <= 1) return null;
  const line = Math.min(...rest.map((c) => c.prov.line));
  return { ...below, rows: below.rows - 1, cells: rest, prov: { ...below.prov, line } };
}

/** The cell of `row` that shares most of `c`'s width, if that is at least half of the narrower one. */
function counterpart(c: LayoutCell, row: LayoutCell[]): LayoutCell | undefined {
  const b = c.prov.bbox;
  if (!b) return undefined;
  const best = [...row].sort((p, q) => overlap(b, q.prov.bbox) - overlap(b, p.prov.bbox))[0];
  const q = best?.prov.bbox;
  return q && overlap(b, q) >= 0.5 * Math.min(b[2] - b[0], q[2] - q[0]) ? best : undefined;
}

const overlap = (a: BBox, b: BBox | undefined): number => (b ? Math.max(0, Math.min(a[2], b[2]) - Math.max(a[0], b[0])) : 0);

/** Chinese wraps anywhere and joins with nothing; two Latin words keep a space. */
const joinText = (a: string, b: string): string => (a === '' ? b : /[A-Za-z]$/.test(a) && /^[A-Za-z]/.test(b) ? `${a} ${b}` : a + b);
