// Text whose cells are separated by single spaces, one table row per line: what plain
// `pdftotext` gives for some PDFs (each row is one text flow) and what copying a table out of a
// PDF viewer gives. A space may as well sit inside a cell (`≥322.5 万人`, `2020 年在园…`,
// characters spaced out for justification), so the tokens are cells only as far as their
// shapes tell: a lone comparison sign and a unit after a figure stay with their figure; the
// table is marked `looseCells` and the interpreter may join neighbouring cells of one column.
// A line of one token is a paragraph (a title, or a piece of a cell wrapped over lines).
import { normalizeText, type LayoutBlock, type LayoutCell } from '@ziping/core';
import { physicalLines } from './lines.ts';
import { linePages, provOf } from './tabbed.ts';

const FIGURE = /^(?:约|≥|≤|>|<|=|＞|＜|≧|≦|>=|<=)?[+-]?\d[\d,]*(?:\.\d+)?[%％‰]?$/u;
const SIGN = /^(?:约|≥|≤|>|<|=|＞|＜|≧|≦|>=|<=)$/u;
const BLANK = /^[—–\-/／]+$/u;
// a unit: a few characters, no digits, no sentence punctuation, no placeholder dash
const UNIT = /^[^\d\s，。；：、,;:!?！？（）()—–\-/／][^\d\s，。；：、,;:!?！？]{0,3}$/u;

/** No tabs, no form feeds, no column gaps of two or more spaces, and enough rows of figures. */
export function isSpaced(text: string): boolean {
  if (/[\t\f]/.test(text)) return false;
  const lines = physicalLines(text).map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length < 20) return false;
  if (lines.filter((l) => / {2,}/.test(l)).length > lines.length * 0.02) return false;
  const rows = lines.filter((l) => {
    const toks = l.split(' ');
    return toks.length >= 3 && toks.filter((t) => FIGURE.test(t) || BLANK.test(t)).length >= 2;
  });
  return rows.length >= Math.max(5, lines.length * 0.05);
}

/**
 * A line's cells: tokens, with a lone sign and a figure's unit joined to their figure, and a
 * run of single characters spaced out for justification (`受 疫 情 影 响`) closed up.
 */
export function cellsOf(line: string): string[] {
  const toks = line.trim().split(/ +/);
  const out: string[] = [];
  const single = (t: string | undefined) => t !== undefined && /^[\u3400-\u9fff，。；、]$/u.test(t);
  let glue = false; // the previous token asks for the next one (a lone sign)
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]!;
    const prev = out.at(-1);
    if (single(t) && single(toks[k + 1]) && single(toks[k + 2])) {
      let j = k;
      while (single(toks[j])) j++;
      out.push(toks.slice(k, j).join(' '));
      k = j - 1;
      glue = false;
      continue;
    }
    const unit = prev !== undefined && FIGURE.test(prev.split(' ').at(-1)!) && UNIT.test(t) && !SIGN.test(t);
    if (prev !== undefined && (glue || unit)) out[out.length - 1] = `${prev} ${t}`;
    else out.push(t);
    glue = SIGN.test(t);
  }
  return out;
}

/** Characters spaced out for justification closed up again. */
const closeUp = (raw: string): string => raw.replace(/(?:[\u3400-\u9fff，。；、] ){2,}[\u3400-\u9fff，。；、]/gu, (run) => run.replace(/ /g, ''));

export function readSpaced(text: string): LayoutBlock[] {
  const lines = physicalLines(text);
  const pages = linePages(lines);
  const blocks: LayoutBlock[] = [];
  let table: { cells: LayoutCell[]; rows: number; cols: number; first: number; last: number } | null = null;
  const close = () => {
    if (table) blocks.push({ kind: 'table', rows: table.rows, cols: table.cols, cells: table.cells, prov: provOf(pages, table.first, table.last), approximate: true, looseCells: true });
    table = null;
  };
  lines.forEach((l, i) => {
    if (l.trim() === '') return;
    const raws = cellsOf(l);
    if (raws.length < 2) {
      close();
      const raw = l.trim();
      blocks.push({ kind: 'paragraph', text: normalizeText(closeUp(raw)), raw, prov: provOf(pages, i) });
      return;
    }
    table ??= { cells: [], rows: 0, cols: 0, first: i, last: i };
    const row = table.rows++;
    raws.forEach((raw, col) => table!.cells.push({ row, col, rowSpan: 1, colSpan: 1, text: normalizeText(closeUp(raw)), raw, prov: provOf(pages, i) }));
    table.cols = Math.max(table.cols, raws.length);
    table.last = i;
  });
  close();
  return blocks;
}
