// A ruled table cut by a page break: how the part on the next page continues the part before —
// in the same columns or some of them, in its leading rows only, and the rest of a cell the
// break went through given back to it.
import { normalizeText, type LayoutTable, type TextLine } from '@ziping/core';
import type { Element, RowCell, TableRow } from './layout.ts';

export type TableElement = Extract<Element, { kind: 'table' }>;

/**
 * A table whose column rules are all rules of `xs` (the same outer edges, fewer inner ones)
 * renumbered into those columns: each cell starts at the column its left rule opens and spans
 * to its right rule. Null if some rule of the table is not one of `xs`.
 */
export function onColumns(e: TableElement, xs: number[]): TableElement | null {
  if (e.xs.length >= xs.length) return null;
  const map = e.xs.map((x) => xs.findIndex((y) => Math.abs(x - y) <= 3));
  if (map.some((i) => i < 0) || map[0] !== 0 || map[map.length - 1] !== xs.length - 1) return null;
  const rows = e.rows.map((row) => {
    const cells: RowCell[] = xs.slice(1).map((_, col) => ({ text: '', col }));
    for (const c of row.cells) {
      const col = map[c.col]!;
      const span = map[Math.min(c.col + (c.colSpan ?? 1), map.length - 1)]! - col;
      const out: RowCell = { ...c, col };
      if (span > 1) out.colSpan = span;
      else delete out.colSpan;
      cells[col] = out;
    }
    return { ...row, cells };
  });
  const spread = (open?: boolean[]) => {
    if (!open) return undefined;
    const out = xs.slice(1).map(() => false);
    open.forEach((v, c) => { for (let k = map[c]!; k < map[c + 1]!; k++) out[k] = v; });
    return out;
  };
  const out: TableElement = { ...e, xs, rows };
  const above = spread(e.openAbove);
  const below = spread(e.openBelow);
  if (above) out.openAbove = above; else delete out.openAbove;
  if (below) out.openBelow = below; else delete out.openBelow;
  return out;
}

/**
 * A table that opens a page with rows keeping to the rules of `xs` (every cell starts and ends
 * on one of them, the same outer edges) and goes on with rows that split other columns: a
 * table continued from the page before whose later part has a grid of its own. The leading
 * rows renumbered into `xs`, and the rest as a table of its own; null if no row keeps to `xs`.
 */
export function leadingOnColumns(e: TableElement, xs: number[]): { head: TableElement; rest: TableElement } | null {
  const at = (x: number) => xs.findIndex((y) => Math.abs(x - y) <= 3);
  if (at(e.xs[0]!) !== 0 || at(e.xs[e.xs.length - 1]!) !== xs.length - 1) return null;
  const edges = (c: RowCell) => [at(e.xs[c.col]!), at(e.xs[Math.min(c.col + (c.colSpan ?? 1), e.xs.length - 1)]!)] as const;
  const keeps = (row: TableRow) => row.cells.every((c) => c.text.trim() === '' || edges(c).every((i) => i >= 0));
  let n = 0;
  while (n < e.rows.length && keeps(e.rows[n]!)) n++;
  if (n === 0 || n === e.rows.length) return null;
  const rows = e.rows.slice(0, n).map((row) => {
    const cells: RowCell[] = xs.slice(1).map((_, col) => ({ text: '', col }));
    for (const c of row.cells) {
      if (c.text.trim() === '') continue;
      const [col, end] = edges(c);
      const out: RowCell = { ...c, col, rowSpan: Math.min(c.rowSpan ?? 1, n - e.rows.indexOf(row)) };
      if (end - col > 1) out.colSpan = end - col; else delete out.colSpan;
      cells[col] = out;
    }
    return { ...row, cells };
  });
  const split = e.rows[n]!.top;
  const head: TableElement = { kind: 'table', top: e.top, bottom: split, xs, rows };
  if (e.openAbove) {
    const open = xs.slice(1).map(() => false);
    // a column of `xs` is open where the first of its narrower columns here is
    e.openAbove.forEach((v, c) => { const i = at(e.xs[c]!); if (v && i >= 0 && i < open.length) open[i] = true; });
    head.openAbove = open;
  }
  const rest: TableElement = { ...e, top: split, rows: e.rows.slice(n) };
  delete rest.openAbove;
  return { head, rest };
}

/**
 * A cell a page break went through (no rule under it at the end of one page, none over it at
 * the start of the next, the same columns) prints the rest of its text in the first row of
 * the next page: that text is joined to the cell it continues — in its block and its line —
 * and taken out of the continuation (a first row left with no text goes).
 */
export function joinBroken(e: TableElement, last: LayoutTable, below: boolean[] | null, lines: TextLine[]): TableElement {
  const [head, ...rest] = e.rows;
  if (!head) return e;
  let moved = false;
  const cells = head.cells.map((c) => {
    const span = c.colSpan ?? 1;
    if (c.text.trim() === '') return c;
    if (below) for (let k = c.col; k < c.col + span; k++) if (!below[k] || !e.openAbove?.[k]) return c;
    const up = last.cells.find((x) => x.row + x.rowSpan === last.rows && x.col === c.col && x.colSpan === span);
    if (!up) return c;
    const a = up.raw.trimEnd();
    const b = c.text.trim();
    // words of Latin letters or digits keep their space; a CJK text or a unit (`%`) joins without
    up.raw = a + (/[A-Za-z0-9]$/.test(a) && /^[A-Za-z0-9]/.test(b) ? ' ' : '') + b;
    up.text = normalizeText(up.raw);
    const line = lines[up.prov.line - 1];
    const slot = line?.cells.find((x) => x.col === up.col);
    if (line && slot) {
      slot.text = up.text;
      line.text = line.cells.map((x) => x.text).join('\t');
    }
    moved = true;
    return { ...c, text: '' };
  });
  if (!moved) return e;
  const emptied = cells.every((c) => c.text.trim() === '');
  return { ...e, rows: emptied ? rest : [{ ...head, cells }, ...rest] };
}

/**
 * A first row that is the rest of the row closing the page before, though rules were drawn
 * between them (producers that close a row's cells at a page break): no figure of its own,
 * every text under a cell of that row with text, and figures of that row with nothing under
 * them, or only a few texts under a row of many (a key/value row, a header row, cut) — a row
 * of its own would print its figures. (A unit under a figure, `≥90` / `%`, is the figure's end.)
 */
export function looksCut(e: TableElement, last: LayoutTable): boolean {
  const head = e.rows[0]?.cells.filter((c) => c.text.trim() !== '') ?? [];
  const above = last.cells.filter((c) => c.row + c.rowSpan === last.rows && c.row === last.rows - 1);
  const under = (c: { col: number; colSpan?: number }) => above.find((u) => u.col === c.col && u.colSpan === (c.colSpan ?? 1));
  // (a unit alone, `%`, is the end of a figure above it, not a figure of its own)
  const figure = (t: string) => FIGURE.test(t) && /\d/.test(t);
  // a row of its own prints its figures, or more than a few of the cells of the row above
  const few = head.length * 2 <= above.filter((u) => u.text.trim() !== '').length;
  return head.length > 0 && head.every((c) => !figure(c.text.trim()) && under(c) !== undefined)
    && (few || above.some((u) => FIGURE.test(u.text) && !head.some((c) => c.col === u.col)));
}

const FIGURE = /^[\d.,%‰\s—\-+≥≤<>=]+$/;
