// Positioned text runs + lattice grids → a page's elements in reading order: table rows
// (one cell per grid column, a merged cell at its top-left slot with its spans) and plain
// lines. Text outside ruled tables that is laid out in aligned columns becomes a table too
// (stream mode). Texts here are as printed; they are normalised where lines and blocks are made.
import type { TextCell } from '@ziping/core';
import { bandOf, type Grid } from './grid.ts';
import { inRunningBand, isFolio } from './running.ts';
import { streamElements } from './stream.ts';

export { streamElements };

/** One text item in viewport points (top-left origin). */
export interface Run { str: string; x0: number; x1: number; top: number; bottom: number; size: number }

export type Box = [number, number, number, number];

/** A table slot; a merged cell sits at its top-left slot with its spans (in rows of `TableRow[]`), the slots it covers are empty. */
export interface RowCell extends TextCell { rowSpan?: number; colSpan?: number }

export interface TableRow { cells: RowCell[]; top: number }

export type Element =
  | {
    kind: 'table'; top: number; bottom: number; xs: number[]; rows: TableRow[]; /** laid out from text alignment, no rulings */ stream?: boolean;
    /** per column: the first (last) row's cell has no rule above (below) it — a cell a page break went through */
    openAbove?: boolean[]; openBelow?: boolean[];
  }
  | { kind: 'line'; top: number; bottom: number; text: string; box: Box; size: number };

const CJK = /[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]/;

/** Runs on one visual line: vertical overlap of at least half the smaller run. */
export function groupLines(runs: Run[]): Run[][] {
  const sorted = [...runs].sort((a, b) => a.top - b.top || a.x0 - b.x0);
  const lines: { top: number; bottom: number; runs: Run[] }[] = [];
  for (const r of sorted) {
    const h = r.bottom - r.top;
    const line = lines.find((l) => Math.min(l.bottom, r.bottom) - Math.max(l.top, r.top) >= 0.5 * Math.min(h, l.bottom - l.top));
    if (line) {
      line.runs.push(r);
      line.top = Math.min(line.top, r.top);
      line.bottom = Math.max(line.bottom, r.bottom);
    } else lines.push({ top: r.top, bottom: r.bottom, runs: [r] });
  }
  return lines.sort((a, b) => a.top - b.top).map((l) => l.runs.sort((a, b) => a.x0 - b.x0));
}

/** A line's runs left to right; a gap wider than a quarter of the font size is a space. */
export function joinRuns(runs: Run[]): string {
  let text = '';
  let prev: Run | null = null;
  for (const r of runs) {
    const s = r.str;
    if (prev && r.x0 - prev.x1 > 0.25 * Math.min(prev.size, r.size) && !/\s$/.test(text) && !/^\s/.test(s)) text += ' ';
    text += s;
    prev = r;
  }
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The wrapped lines of one cell as one text. Chinese wraps anywhere and joins with nothing;
 * Latin words and figures wrapped at a space join with a space, unless the line above is a
 * single word broken for want of room.
 */
export function joinWrapped(lines: Run[][]): string {
  const texts = lines.map(joinRuns);
  const rights = lines.map((l) => Math.max(...l.map((r) => r.x1)));
  const right = Math.max(...rights);
  const size = Math.max(...lines.flat().map((r) => r.size));
  let out = '';
  texts.forEach((t, i) => {
    if (t === '') return;
    if (out === '') { out = t; return; }
    const a = out[out.length - 1]!;
    const b = t[0]!;
    const prev = texts[i - 1] ?? '';
    const brokenWord = !prev.includes(' ') && rights[i - 1]! >= right - 1.5 * size;
    out += !CJK.test(a) && !CJK.test(b) && !brokenWord ? ' ' : '';
    out += t;
  });
  return out;
}

/** Estimated advance of a character: full width for CJK and full-width forms, about half for the rest. */
const advance = (ch: string, size: number) => (CJK.test(ch) ? size : 0.55 * size);

/**
 * A text item cut where ruling lines cross it. Its words are placed by estimated glyph widths,
 * the rest of the item's width shared among its spaces; each word goes to the side of the cut
 * its middle falls on.
 */
export function splitRun(r: Run, cuts: number[]): Run[] {
  const tokens = r.str.split(/(\s+)/).filter((t) => t !== '');
  const glyphs = tokens.map((t) => (/^\s+$/.test(t) ? 0 : [...t].reduce((w, ch) => w + advance(ch, r.size), 0)));
  const spaces = tokens.filter((t) => /^\s+$/.test(t)).length;
  const total = glyphs.reduce((a, b) => a + b, 0);
  const scale = spaces === 0 && total > 0 ? (r.x1 - r.x0) / total : 1;
  const slack = spaces ? Math.max(0, r.x1 - r.x0 - total) / spaces : 0;
  const pieces = new Map<number, Run>();
  let x = r.x0;
  tokens.forEach((t, i) => {
    const space = /^\s+$/.test(t);
    if (space) { x += slack; return; }
    // a word with no spaces around it to cut at: cut between its characters
    const parts = spaces === 0 ? [...t] : [t];
    for (const p of parts) {
      const w = spaces === 0 ? [...p].reduce((a, ch) => a + advance(ch, r.size), 0) * scale : glyphs[i]!;
      const side = cuts.filter((c) => c <= x + w / 2).length;
      const piece = pieces.get(side);
      if (piece) { piece.str += (piece.x1 < x - 0.5 ? ' ' : '') + p; piece.x1 = x + w; }
      else pieces.set(side, { ...r, str: p, x0: x, x1: x + w });
      x += w;
    }
  });
  return [...pieces.values()];
}

const center = (r: Run) => [(r.x0 + r.x1) / 2, (r.top + r.bottom) / 2] as const;

/** Splits the page's runs between the grids and lays each grid out as rows; `height` places the page's margins. */
export function pageElements(runs: Run[], grids: Grid[], height = Infinity): Element[] {
  const inGrid = new Map<Grid, Run[][]>(); // per grid: runs per cell id
  const loose: Run[] = [];
  for (const whole of runs) {
    const [wx, wy] = center(whole);
    const g = grids.find((g) => wx >= g.box[0] && wx <= g.box[2] && wy >= g.box[1] && wy <= g.box[3]);
    if (!g) { loose.push(whole); continue; }
    const row = bandOf(g.ys, wy);
    // one text item over several cells (a producer that writes a row in one go): cut it at the rules
    const cuts = row < 0 ? [] : g.xs.filter((x, k) => k > 0 && k < g.xs.length - 1 && x > whole.x0 + 1 && x < whole.x1 - 1 && g.at[row]![k - 1] !== g.at[row]![k]);
    for (const r of cuts.length ? splitRun(whole, cuts) : [whole]) {
      const [cx] = center(r);
      const col = bandOf(g.xs, cx);
      if (row < 0 || col < 0) { loose.push(r); continue; }
      const id = g.at[row]![col]!;
      const per = inGrid.get(g) ?? g.cells.map(() => []);
      per[id]!.push(r);
      inGrid.set(g, per);
    }
  }
  overflow(grids, inGrid, loose, height);
  const elements: Element[] = [];
  for (const g of grids) {
    const per = inGrid.get(g);
    if (!per) continue; // ruled but empty: a frame or a drawing
    const rows = gridRows(g, per.map((runsHere) => (runsHere.length ? joinWrapped(groupLines(runsHere)) : '')));
    if (!rows.length) continue;
    const table: Element = { kind: 'table', top: g.box[1], bottom: g.box[3], xs: g.xs, rows };
    if (g.openAbove && rows[0]!.top === g.ys[0]) table.openAbove = g.openAbove;
    if (g.openBelow && rows[rows.length - 1]!.top === g.ys[g.ys.length - 2]) table.openBelow = g.openBelow;
    elements.push(table);
  }
  // a page number is never a row of the table it is printed under
  const [folios, body] = partition(groupLines(loose), (l) => inRunningBand(Math.min(...l.map((r) => r.top)), Math.max(...l.map((r) => r.bottom)), height) && isFolio(joinRuns(l)));
  elements.push(...streamElements(body), ...folios.flatMap((l) => streamElements([l])));
  return elements.sort((a, b) => a.top - b.top);
}

/**
 * A table the page's end cut through (the lowest on the page, nothing but page furniture under
 * it) prints the rest of a cell its last rule left open beneath that rule: lines that follow
 * on from its bottom, each inside one open column, go to the bottom row's cell of that column.
 * Moves those runs from `loose` into the grid's cells.
 */
function overflow(grids: Grid[], inGrid: Map<Grid, Run[][]>, loose: Run[], height: number): void {
  const g = grids.reduce<Grid | null>((low, x) => (!low || x.box[3] > low.box[3] ? x : low), null);
  const per = g && inGrid.get(g);
  if (!g || !per || !g.openBelow?.some(Boolean)) return;
  const bottom = g.box[3];
  const below = loose.filter((r) => r.top >= bottom - 0.5 * r.size).sort((a, b) => a.top - b.top);
  if (below.length === 0) return;
  const taken: [Run, number][] = [];
  let reach = bottom;
  for (const r of below) {
    const col = bandOf(g.xs, center(r)[0]);
    const inside = col >= 0 && g.openBelow[col] && r.x0 >= g.xs[col]! - 1 && r.x1 <= g.xs[col + 1]! + 1;
    if (!inside || r.top > reach + r.size) {
      if (inRunningBand(r.top, r.bottom, height)) continue; // a footer
      return; // text of its own under the table: leave all of it
    }
    taken.push([r, g.at[g.ys.length - 2]![col]!]);
    reach = Math.max(reach, r.bottom);
  }
  for (const [r, id] of taken) {
    per[id]!.push(r);
    loose.splice(loose.indexOf(r), 1);
  }
}

/**
 * A grid's rows that hold text, one cell per grid column. A merged cell's text goes to its
 * top-left slot with its spans counted in the rows kept (a grid row without any text is no
 * table row: a rule drawn twice, or a spacer).
 */
function gridRows(g: Grid, texts: string[]): TableRow[] {
  const kept = g.ys.slice(1).map((_, r) => g.cells.some((cell, id) => cell.row === r && texts[id] !== ''));
  const index = kept.map((_, r) => kept.slice(0, r).filter(Boolean).length);
  const rows: TableRow[] = [];
  for (let r = 0; r + 1 < g.ys.length; r++) {
    if (!kept[r]) continue;
    const cells: RowCell[] = [];
    for (let c = 0; c + 1 < g.xs.length; c++) {
      const id = g.at[r]![c]!;
      const cell = g.cells[id]!;
      if (cell.row !== r || cell.col !== c) { cells.push({ text: '', col: c }); continue; }
      const out: RowCell = { text: texts[id]!, col: c, bbox: round(cell.box) };
      const rowSpan = index[cell.rowEnd]! - index[r]! + (kept[cell.rowEnd] ? 1 : 0);
      if (rowSpan > 1) out.rowSpan = rowSpan;
      if (cell.colEnd > c) out.colSpan = cell.colEnd - c + 1;
      cells.push(out);
    }
    rows.push({ cells, top: g.ys[r]! });
  }
  return rows;
}

const partition = <T>(xs: T[], test: (x: T) => boolean): [T[], T[]] => [xs.filter(test), xs.filter((x) => !test(x))];

const round = (b: Box): Box => b.map((x) => Math.round(x * 100) / 100) as Box;

