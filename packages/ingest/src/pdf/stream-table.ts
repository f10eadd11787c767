// Stream mode, part 2: a region's pieces → table rows with merged cells.
//
//   1. columns: header labels (over figures, else the first row band) and aligned edges give
//      the column starts (stream-columns.ts); each piece goes to the column its first character
//      falls in, a header label centred over labels below to the first of theirs; two pieces
//      of one line are two cells;
//   2. cells: the pieces of one column stacked closely are one cell (wrapped text), but two
//      whole figures are not (a figure does not wrap into a second figure, unless broken for
//      want of room) nor is a header label spanning columns;
//   3. rows: the column with the most whole figures (typically a score column) anchors the
//      rows. A cell whose lines sit on the baselines of several anchor cells is one cell per
//      row (rows set as tightly as wrapped lines); every other cell joins the first anchor row it overlaps
//      vertically, else the row beside it whose top is nearest its top (a top-aligned merged
//      label). One-line cells beside no row make rows of their own, which taller cells join;
//   4. spans: a row holding a header label centred over labels below is two rows, the labels
//      beside both spanning both; a label spans the columns of the labels under it; a cell
//      whose text runs over the start of empty columns to its right spans them.
import { groupLines, joinWrapped, type Box, type Element, type RowCell, type Run, type TableRow } from './layout.ts';
import { brokenFigure, columnStarts, headerStacks, isWhole, lineBottom, lineTop, markSpanning, topStack, type Piece } from './stream-columns.ts';

interface Block { col: number; pieces: Piece[]; top: number; bottom: number; x0: number; x1: number; lines: Set<number>; rowSpan?: number }
interface Row { top: number; bottom: number; blocks: Block[] }

/** Stacked pieces of one cell: at most this far apart (font sizes). */
const CELL_GAP = 0.5;

const lineBox = (l: Run[]): Box => [Math.min(...l.map((r) => r.x0)), lineTop(l), Math.max(...l.map((r) => r.x1)), lineBottom(l)];
const round = (b: Box): Box => b.map((x) => Math.round(x * 100) / 100) as Box;
const overlap = (a: { top: number; bottom: number }, b: { top: number; bottom: number }) => Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
const blockOf = (col: number, pieces: Piece[]): Block => ({
  col, pieces, top: lineTop(pieces), bottom: lineBottom(pieces), x0: Math.min(...pieces.map((p) => p.x0)), x1: Math.max(...pieces.map((p) => p.x1)), lines: new Set(pieces.map((p) => p.line)),
});

/** The column a piece belongs to: the last start at or left of its first character. */
const colOf = (starts: number[], p: Piece) => {
  let c = 0;
  for (let k = 0; k < starts.length; k++) if (starts[k]! <= p.x0 + 0.5 * p.size) c = k;
  return c;
};

/** `fieldRows`: the region is key/value lines alone (no aligned columns needed). */
export function tableOf(regionPieces: Piece[][], fieldRows = false): Element | null {
  const all = regionPieces.flat();
  const found = headerStacks(regionPieces);
  // without a header over figures, the first row band (a header repeated on a continuation page)
  const top = found.length === 0 ? topStack(regionPieces) : null;
  if (top) found.push(top);
  const stacks = found.map((s) => s.map((k) => regionPieces[k]!));
  for (const s of stacks) markSpanning(s);
  const headers = new Set(stacks.flat(2).filter((p) => !p.over));
  // a row or two alone: each piece is a cell
  const starts = regionPieces.filter((l) => l.length >= 2).length < 3 ? [...new Set(all.map((p) => p.x0))].sort((a, b) => a - b) : columnStarts(all, headers);
  if (starts.length < 2) return null;
  const assign = () => {
    for (const p of all) p.col = colOf(starts, p);
    for (const p of all) if (p.over) p.col = p.over[0]!.col;
  };
  assign();
  // two pieces of one line are two cells: a column the other lines do not show
  const extra = regionPieces.flatMap((line) => line.filter((p, k) => k > 0 && line[k - 1]!.col === p.col && !p.over).map((p) => p.x0));
  if (extra.length) {
    for (const x of extra) if (!starts.some((s) => Math.abs(s - x) <= 1.5)) starts.push(x);
    starts.sort((a, b) => a - b);
    assign();
  }
  // columns no piece went to are none
  const empty = new Set(starts.flatMap((_, c) => (all.some((p) => p.col === c) ? [] : [c])));
  if (empty.size) {
    const kept = starts.filter((_, c) => !empty.has(c));
    starts.splice(0, starts.length, ...kept);
    assign();
  }
  // a table has at least two columns with pieces in three or more lines
  const used = starts.map((_, c) => new Set(all.filter((p) => p.col === c).map((p) => p.line)).size);
  if (used.filter((n) => n >= 3).length < 2 && !fieldRows) return null;

  const rows = rowsOf(cellsOf(regionPieces, all), starts.length).flatMap(levels);
  const right = Math.max(...all.map((p) => p.x1));
  const tableRows: TableRow[] = rows.map((r) => rowCells(r, starts));
  return { kind: 'table', top: lineTop(all), bottom: lineBottom(all), xs: [...starts, right], rows: tableRows, stream: true };
}

/**
 * Pieces of one column stacked closely are one cell. In a table where no cell wraps (no line
 * with a single piece), two consecutive lines with cells in the same columns are two rows,
 * however close: rows set tight (a pitch of 1.4 font sizes) are as close as a wrapped cell's lines.
 */
function cellsOf(regionPieces: Piece[][], all: Piece[]): Block[] {
  const wraps = regionPieces.some((l) => l.length === 1);
  const colsOf = new Map(regionPieces.map((l) => [l[0]!.line, [...new Set(l.map((p) => p.col))].join()]));
  const twoRows = (a: number, b: number) => !wraps && b === a + 1 && colsOf.get(a)!.includes(',') && colsOf.get(a) === colsOf.get(b);
  const blocks: Block[] = [];
  for (const p of [...all].sort((a, b) => a.top - b.top || a.x0 - b.x0)) {
    const b = p.over ? undefined : blocks.find((b) => {
      const last = b.pieces[b.pieces.length - 1]!;
      return b.col === p.col && !last.over && p.top - b.bottom <= CELL_GAP * p.size && Math.min(b.x1, p.x1) > Math.max(b.x0, p.x0) - 0.5 * p.size
        && !twoRows(last.line, p.line) && !(isWhole(last) && isWhole(p) && !brokenFigure(last, p));
    });
    if (b) Object.assign(b, blockOf(b.col, [...b.pieces, p]));
    else blocks.push(blockOf(p.col, [p]));
  }
  return blocks;
}

/**
 * Rows anchored on the cells of the column with the most whole figures (each is one row: a
 * figure does not wrap), then the most cells, then the most one-line cells, then the rightmost.
 */
function rowsOf(blocks: Block[], cols: number): Row[] {
  const rank = Array.from({ length: cols }, (_, c) => {
    const bs = blocks.filter((b) => b.col === c);
    return [bs.filter((b) => b.pieces.length === 1 && isWhole(b.pieces[0]!)).length, bs.length, bs.filter((b) => b.lines.size === 1).length, c] as const;
  }).sort((a, b) => b[0] - a[0] || b[1] - a[1] || b[2] - a[2] || b[3] - a[3]);
  const anchorCol = rank[0]![3];
  const anchors = blocks.filter((b) => b.col === anchorCol);
  const rows: Row[] = anchors.map((b) => ({ top: b.top, bottom: b.bottom, blocks: [b] }));
  // a cell whose lines are set on the baselines of several one-line anchor cells is one cell per row
  const anchorOf = (p: Piece) => anchors.findIndex((b) => b.lines.size === 1 && Math.abs(b.top - p.top) <= 0.25 * p.size);
  const others = blocks.filter((b) => b.col !== anchorCol).flatMap((b) => {
    const at = b.pieces.map(anchorOf);
    if (b.lines.size < 2 || at.some((r) => r < 0) || new Set(at).size < 2) return [b];
    return [...new Set(at)].map((r) => blockOf(b.col, b.pieces.filter((_, i) => at[i] === r)));
  });
  let free: Block[] = [];
  for (const b of others) {
    const row = rows.find((r) => overlap(r.blocks[0]!, b) > 1);
    if (row) row.blocks.push(b);
    else free.push(b);
  }
  // then beside a row's other cells: a top-aligned label of a row made tall by a wrapped cell
  for (const r of rows) { r.top = Math.min(...r.blocks.map((b) => b.top)); r.bottom = Math.max(...r.blocks.map((b) => b.bottom)); }
  free = free.filter((b) => {
    // of the rows it overlaps, the one whose top is nearest its own (a merged label is top-aligned)
    const row = rows.filter((r) => overlap(r, b) > 1).sort((x, y) => Math.abs(x.top - b.top) - Math.abs(y.top - b.top))[0];
    if (row) row.blocks.push(b);
    return !row;
  });
  // one-line cells make the rows of their own; a taller cell joins the first of them it overlaps (it is centred on them)
  const own: Row[] = [];
  const [short, tall] = [free.filter((b) => b.lines.size === 1), free.filter((b) => b.lines.size > 1)];
  for (const b of [...short, ...tall].sort((a, c) => (a.lines.size === 1 ? 0 : 1) - (c.lines.size === 1 ? 0 : 1) || a.top - c.top)) {
    const row = own.find((r) => overlap(r, b) > 0.5 * Math.min(r.bottom - r.top, b.bottom - b.top) || (b.lines.size > 1 && overlap(r, b) > 1));
    if (row) { row.blocks.push(b); if (b.lines.size === 1) { row.top = Math.min(row.top, b.top); row.bottom = Math.max(row.bottom, b.bottom); } }
    else own.push({ top: b.top, bottom: b.bottom, blocks: [b] });
  }
  return [...rows, ...own].map((r) => ({ ...r, top: Math.min(...r.blocks.map((b) => b.top)) })).sort((a, b) => a.top - b.top);
}

/**
 * A row holding a header label centred over labels below (a two-row header) as two rows: the
 * label and the cells printed beside both levels (which span both) above, the labels under it below.
 */
function levels(row: Row): Row[] {
  const spanning = row.blocks.filter((b) => b.pieces.some((p) => p.over));
  if (spanning.length === 0) return [row];
  const upperLine = Math.max(...spanning.flatMap((b) => b.pieces.map((p) => p.line)));
  const lowerLine = Math.min(...spanning.flatMap((b) => b.pieces.flatMap((p) => (p.over ?? []).map((q) => q.line))));
  const first = (b: Block) => Math.min(...b.lines);
  const lower = row.blocks.filter((b) => first(b) >= lowerLine);
  if (lower.length === 0) return [row];
  const upper = row.blocks.filter((b) => first(b) < lowerLine);
  for (const b of upper) if (first(b) > upperLine) b.rowSpan = 2;
  return [{ ...row, blocks: upper }, { top: Math.min(...lower.map((b) => b.top)), bottom: Math.max(...lower.map((b) => b.bottom)), blocks: lower }];
}

/** One cell per column; a cell's spans: the columns of the labels a header label is centred over, or the empty columns its text runs into. */
function rowCells(r: Row, starts: number[]): TableRow {
  const cells: RowCell[] = starts.map((_, c) => {
    const bs = r.blocks.filter((b) => b.col === c);
    const ps = bs.flatMap((b) => b.pieces);
    if (ps.length === 0) return { text: '', col: c };
    const runs = ps.flatMap((p) => p.runs);
    const cell: RowCell = { text: joinWrapped(groupLines(runs)), col: c, bbox: round(lineBox(runs)) };
    const rowSpan = Math.max(...bs.map((b) => b.rowSpan ?? 1));
    if (rowSpan > 1) cell.rowSpan = rowSpan;
    return cell;
  });
  for (const cell of cells) {
    if (cell.text === '') continue;
    const over = r.blocks.filter((b) => b.col === cell.col).flatMap((b) => b.pieces).flatMap((p) => p.over ?? []);
    let end = cell.col;
    if (over.length) end = Math.max(...over.map((q) => q.col));
    else {
      const em = Math.max(...r.blocks.filter((b) => b.col === cell.col).flatMap((b) => b.pieces.map((p) => p.size)));
      while (end + 1 < starts.length && cells[end + 1]!.text === '' && cell.bbox![2] > starts[end + 1]! + 0.5 * em) end++;
    }
    if (end > cell.col) cell.colSpan = Math.min(end, starts.length - 1) - cell.col + 1;
  }
  return { cells, top: r.top };
}
