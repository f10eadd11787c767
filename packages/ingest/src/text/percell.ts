// One-cell-per-line text, as copying a web page's table often gives: every cell on its own line,
// no separators. Rows are rebuilt from a period: in a run of lines, the lines holding figures
// recur at the same positions of every P lines (P = the number of columns). The rule is
// deliberately strict — at least MIN_ROWS rows, a text-only column, and columns of figures only
// holding most figures and at least one per row — so prose, wrapped or not, never yields a
// table. Known limit: rows made shorter by merged cells break the period.
import type { LayoutBlock, LayoutCell } from '@ziping/core';
import { cellText, linePages, paragraphAt, provOf } from './tabbed.ts';
import { physicalLines } from './lines.ts';

const MIN_ROWS = 4;
const MAX_COLS = 24;
// A line that is one figure: amount, percentage, score (a target such as `≥95%` is text).
const FIGURE = /^[-+]?\d[\d,]*(?:\.\d+)?\s*[%％]?$/;
// Printed in an empty slot; it fits a figure column as well as a text column.
const BLANK = /^[—–\-/／]+$/;

type Kind = 'n' | 't' | '*';
const kindOf = (l: string): Kind => (BLANK.test(l) ? '*' : FIGURE.test(l) ? 'n' : 't');

interface Found { start: number; period: number; rows: number }

/** How many figures and text cells a column held so far (a wildcard adds nothing). */
type Column = { n: number; t: number };
const add = (cols: Column[], row: Kind[]): Column[] => row.map((k, c) => ({ n: cols[c]!.n + (k === 'n' ? 1 : 0), t: cols[c]!.t + (k === 't' ? 1 : 0) }));
// Rows are a table while some column holds only text and the columns holding only figures hold
// most of the figures, one per row at least; other columns may mix (a target column: `100%` and
// `达标`). Figures scattered over the slots, as in prose or text in reading order, fail this.
function periodicCols(cols: Column[], rows: number): boolean {
  const figures = cols.reduce((a, c) => a + c.n, 0);
  const inFigureColumns = cols.filter((c) => c.t === 0).reduce((a, c) => a + c.n, 0);
  return cols.some((c) => c.t > 0 && c.n === 0) && inFigureColumns >= rows && inFigureColumns >= figures * 0.75;
}

/** The longest stretch of a run (kinds of its lines) that repeats one figure/text pattern every `period` lines. */
function periodic(kinds: Kind[]): Found | null {
  let best: Found | null = null;
  let bestScore = [0, 0];
  const consider = (start: number, period: number, rows: number, cols: Column[]) => {
    if (rows < MIN_ROWS || !periodicCols(cols, rows)) return;
    // Any rotation of a row pattern repeats too: the one just below a header row (`period` text
    // lines) is the real one; without a header, rows start with a text cell (the row label).
    const header = start >= period && kinds.slice(start - period, start).every((k) => k === 't');
    const score = [(rows + (header ? 1 : 0)) * period, cols[0]!.t > 0 && cols[0]!.n === 0 ? 1 : 0];
    if (score[0]! > bestScore[0]! || (score[0] === bestScore[0] && score[1]! > bestScore[1]!)) {
      bestScore = score;
      best = header ? { start: start - period, period, rows: rows + 1 } : { start, period, rows };
    }
  };
  for (let period = 2; period <= Math.min(MAX_COLS, Math.floor(kinds.length / MIN_ROWS)); period++) {
    for (let offset = 0; offset < period; offset++) {
      const none = (): Column[] => Array.from({ length: period }, () => ({ n: 0, t: 0 }));
      let [start, rows, cols] = [offset, 0, none()];
      for (let s = offset; s + period <= kinds.length; s += period) {
        const next = add(cols, kinds.slice(s, s + period));
        if (rows === 0 || periodicCols(next, rows + 1)) {
          [rows, cols] = [rows + 1, next];
          continue;
        }
        consider(start, period, rows, cols);
        [start, rows, cols] = [s, 1, add(none(), kinds.slice(s, s + period))];
      }
      consider(start, period, rows, cols);
    }
  }
  return best;
}

/** Tables found in a text read as one cell per line, with the line ranges they cover. */
function findTables(lines: string[]): Found[] {
  const found: Found[] = [];
  for (let i = 0; i < lines.length; ) {
    if (lines[i]!.trim() === '') { i++; continue; }
    let end = i;
    while (end < lines.length && lines[end]!.trim() !== '') end++;
    const kinds = lines.slice(i, end).map((l) => kindOf(l.trim()));
    const f = periodic(kinds);
    if (f) found.push({ ...f, start: i + f.start });
    i = end;
  }
  return found;
}

/** Whether the text is one cell per line: no tabs, pipes or page breaks, and a periodic run of cells. */
export function isPercell(text: string): boolean {
  if (/[\t\f|]/.test(text)) return false;
  return findTables(physicalLines(text)).length > 0;
}

export function readPercell(text: string): LayoutBlock[] {
  const lines = physicalLines(text);
  const pages = linePages(lines);
  const blocks: LayoutBlock[] = [];
  const tables = findTables(lines);
  for (let i = 0; i < lines.length; ) {
    const t = tables.find((x) => x.start === i);
    if (!t) {
      if (lines[i]!.trim() !== '') blocks.push(paragraphAt(lines, pages, i));
      i++;
      continue;
    }
    const cells: LayoutCell[] = [];
    for (let k = 0; k < t.rows * t.period; k++) {
      const raw = lines[i + k]!.trim();
      if (raw !== '') cells.push({ row: Math.floor(k / t.period), col: k % t.period, rowSpan: 1, colSpan: 1, text: cellText(raw), raw, prov: provOf(pages, i + k) });
    }
    blocks.push({ kind: 'table', rows: t.rows, cols: t.period, cells, prov: provOf(pages, i, i + t.rows * t.period - 1) });
    i += t.rows * t.period;
  }
  return blocks;
}
