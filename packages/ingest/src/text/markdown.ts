// Markdown pipe tables (`| a | b |` rows, a `|---|---|` separator row), and the bare pipe rows
// some scrapers and converters write without one (three or more `| … | … |` lines in a run). Converters that export
// merged cells to markdown repeat the merged text in every slot it covers; a horizontal repeat
// becomes one cell with a colSpan again. Vertical repeats stay as printed: a pipe table cannot
// tell a merged label from the same label on two rows.
import { normalizeText, type LayoutBlock, type LayoutCell } from '@ziping/core';
import { cellText, linePages, paragraphAt, provOf } from './tabbed.ts';
import { physicalLines } from './lines.ts';

const ROW = /^\s*\|.*\|\s*$/;
const SEPARATOR = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/;

/**
 * A pipe table somewhere in the text: a `| … |` row directly followed by a separator row with a
 * pipe, or a run of pipe rows with two or more cells each (one such line could be prose quoting a `|`).
 */
export function isMarkdown(text: string): boolean {
  const lines = physicalLines(text);
  let run = 0;
  return lines.some((l, i) => {
    if (i > 0 && l.includes('|') && SEPARATOR.test(l) && ROW.test(lines[i - 1]!)) return true;
    run = ROW.test(l) && splitRow(l).length >= 2 ? run + 1 : 0;
    return run >= MIN_BARE_ROWS;
  });
}

const MIN_BARE_ROWS = 3;

/** The cells of a row: outer pipes dropped, split at unescaped pipes, `<br>` as a line break. */
function splitRow(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) => c.replace(/\\\|/g, '|').replace(/<br\s*\/?>/gi, '\n').trim());
}

// Figures, percentages, dashes and slashes repeat side by side by coincidence (a score equal to
// its weight, `—` in several empty slots), so they are never taken for a merged cell.
const VALUE = /^[\s\d.,%％≥≤<>=+\-—–/／]*$/;

function table(rows: { cells: string[]; line: number }[], pages: number[]): LayoutBlock {
  const cells: LayoutCell[] = [];
  let cols = 0;
  rows.forEach(({ cells: texts, line }, row) => {
    for (let col = 0; col < texts.length; ) {
      const raw = texts[col]!;
      let span = 1;
      while (raw !== '' && !VALUE.test(raw) && texts[col + span] === raw) span++;
      if (raw !== '') cells.push({ row, col, rowSpan: 1, colSpan: span, text: cellText(raw), raw, prov: provOf(pages, line) });
      col += span;
    }
    cols = Math.max(cols, texts.length);
  });
  return { kind: 'table', rows: rows.length, cols, cells, prov: provOf(pages, rows[0]!.line, rows.at(-1)!.line) };
}

export function readMarkdown(text: string): LayoutBlock[] {
  const lines = physicalLines(text);
  const pages = linePages(lines);
  const blocks: LayoutBlock[] = [];
  let run: { cells: string[]; line: number }[] = [];
  const flush = () => {
    if (run.length > 0) blocks.push(table(run, pages));
    run = [];
  };
  lines.forEach((l, i) => {
    if (ROW.test(l)) {
      // The delimiter row is the second row; later all-dash rows are cells printing `-`.
      if (!(run.length === 1 && SEPARATOR.test(l))) run.push({ cells: splitRow(l), line: i });
      return;
    }
    flush();
    if (l.trim() === '') return;
    // A heading's `#` marks are markup, not text.
    const p = paragraphAt(lines, pages, i);
    const heading = /^#{1,6}\s+/.exec(p.raw);
    blocks.push(heading ? { ...p, text: normalizeText(p.raw.slice(heading[0].length)) } : p);
  });
  flush();
  return blocks;
}
