// Box-drawn grid tables (`+----+----+` borders, `|` walls), as text-table generators and some
// exports print them. Merged cells are boxes over several rows/columns; long cells wrap inside
// their box. Everything is positioned by display column, where East-Asian wide characters take
// two columns; whether ambiguous-width characters (≥ — “ ① …) take one or two depends on the
// producer (two in CJK locales), so both are tried and the one that lines the walls up wins.
import { joinWrapped, normalizeText, type LayoutBlock, type LayoutCell } from '@ziping/core';
import { linePages, paragraphAt, provOf } from './tabbed.ts';
import { physicalLines } from './lines.ts';

const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u;
// The common East Asian Ambiguous characters: Latin-1 signs, Greek, Cyrillic, general
// punctuation (dashes, quotes, …, ‰, ※), letterlike/number forms/arrows/math (℃ Ⅱ → ≥),
// enclosed numbers, box drawing, shapes and symbols (① ─ ■ ★).
const AMBIGUOUS = /[\u00a1-\u00bf\u00d7\u00f7\u0391-\u03c9\u0401-\u0451\u2010-\u203f\u2100-\u22ff\u2460-\u27bf]/u;

const BORDER = /^\s*\+(?:[-=:]+\+)+\s*$/;
const isGridLine = (l: string) => /^\s*[+|]/.test(l) && /[+|]\s*$/.test(l);

/** Whether the text holds a box-drawn table: full border lines and walled text lines. */
export function isBoxgrid(text: string): boolean {
  const lines = physicalLines(text);
  return lines.filter((l) => BORDER.test(l)).length >= 2 && lines.some((l) => /^\s*\|.*\|\s*$/.test(l));
}

/** A line as display columns: each slot holds the character starting there, '' for the second half of a wide one. */
function columns(line: string, ambiguousWide: boolean): string[] {
  const out: string[] = [];
  for (const ch of line) {
    out.push(ch);
    if (WIDE.test(ch) || (ambiguousWide && AMBIGUOUS.test(ch))) out.push('');
  }
  return out;
}

interface Grid { rows: string[][]; xs: number[] }

function gridOf(lines: string[], ambiguousWide: boolean): Grid & { fit: number } {
  const rows = lines.map((l) => columns(l, ambiguousWide));
  const plus = new Set<number>();
  rows.forEach((r) => r.forEach((c, x) => { if (c === '+') plus.add(x); }));
  const xs = [...plus].sort((a, b) => a - b);
  // How well the walls of text lines fall on the column boundaries.
  let fit = 0;
  for (const r of rows) for (const x of xs) if (r[x] === '|') fit++;
  return { rows, xs, fit };
}

/** The text between two boundaries of a line, trimmed. */
const between = (r: string[], a: number, b: number) => r.slice(a + 1, b).join('').trim();
const isRule = (r: string[], a: number, b: number) => b > a + 1 && /^[-=:]+$/.test(r.slice(a + 1, b).join(''));
const isWall = (c: string | undefined) => c === '|' || c === '+';

/** One table from the lines of a grid (0-based `first` = the first line's index in the document). */
function table(lines: string[], first: number, pages: number[]): LayoutBlock | null {
  const narrow = gridOf(lines, false);
  const wide = gridOf(lines, true);
  const { rows, xs } = wide.fit > narrow.fit ? wide : narrow;
  const nc = xs.length - 1;
  if (nc < 1) return null;
  // Row boundaries: lines with a rule in some column; the text lines between two of them are one band.
  const boundary = rows.map((r) => xs.some((x, j) => j < nc && isRule(r, x, xs[j + 1]!)));
  const bands: { top: number; bottom: number }[] = []; // boundary lines around each band
  let prev = -1;
  boundary.forEach((b, y) => {
    if (!b) return;
    if (prev >= 0 && y > prev + 1) bands.push({ top: prev, bottom: y });
    prev = y;
  });
  if (bands.length === 0) return null;
  // Union the slots of a box: no wall between two columns on any of the band's lines; no rule
  // between two bands in a column.
  const id = (i: number, j: number) => i * nc + j;
  const parent = Array.from({ length: bands.length * nc }, (_, k) => k);
  const find = (k: number): number => (parent[k] === k ? k : (parent[k] = find(parent[k]!)));
  const union = (a: number, b: number) => { parent[find(a)] = find(b); };
  bands.forEach(({ top, bottom }, i) => {
    for (let j = 0; j + 1 < nc; j++) {
      let open = true;
      for (let y = top + 1; y < bottom; y++) if (isWall(rows[y]![xs[j + 1]!])) open = false;
      if (open) union(id(i, j), id(i, j + 1));
    }
    if (i + 1 < bands.length) {
      for (let j = 0; j < nc; j++) {
        let open = true;
        for (let y = bottom; y <= bands[i + 1]!.top; y++) if (isRule(rows[y]!, xs[j]!, xs[j + 1]!)) open = false;
        if (open) union(id(i, j), id(i + 1, j));
      }
    }
  });
  const boxes = new Map<number, { r0: number; r1: number; c0: number; c1: number }>();
  for (let i = 0; i < bands.length; i++) {
    for (let j = 0; j < nc; j++) {
      const k = find(id(i, j));
      const b = boxes.get(k);
      if (!b) boxes.set(k, { r0: i, r1: i, c0: j, c1: j });
      else Object.assign(b, { r0: Math.min(b.r0, i), r1: Math.max(b.r1, i), c0: Math.min(b.c0, j), c1: Math.max(b.c1, j) });
    }
  }
  const cells: LayoutCell[] = [];
  for (const b of boxes.values()) {
    const parts: { text: string; y: number }[] = [];
    for (let y = bands[b.r0]!.top + 1; y < bands[b.r1]!.bottom; y++) {
      const r = rows[y]!;
      if (isRule(r, xs[b.c0]!, xs[b.c1 + 1]!)) continue;
      const t = between(r, xs[b.c0]!, xs[b.c1 + 1]!);
      if (t !== '') parts.push({ text: t, y });
    }
    if (parts.length === 0) continue;
    const raw = parts.map((p) => p.text).join('\n');
    const prov = provOf(pages, first + parts[0]!.y, first + parts.at(-1)!.y);
    cells.push({ row: b.r0, col: b.c0, rowSpan: b.r1 - b.r0 + 1, colSpan: b.c1 - b.c0 + 1, text: normalizeText(joinWrapped(parts.map((p) => normalizeText(p.text)))), raw, prov });
  }
  cells.sort((a, b) => a.row - b.row || a.col - b.col);
  return { kind: 'table', rows: bands.length, cols: nc, cells, prov: provOf(pages, first, first + lines.length - 1) };
}

export function readBoxgrid(text: string): LayoutBlock[] {
  const lines = physicalLines(text);
  const pages = linePages(lines);
  const blocks: LayoutBlock[] = [];
  for (let i = 0; i < lines.length; ) {
    if (!isGridLine(lines[i]!)) {
      if (lines[i]!.trim() !== '') blocks.push(paragraphAt(lines, pages, i));
      i++;
      continue;
    }
    let end = i;
    while (end < lines.length && isGridLine(lines[end]!)) end++;
    const t = table(lines.slice(i, end), i, pages);
    if (t) blocks.push(t);
    else for (let k = i; k < end; k++) blocks.push(paragraphAt(lines, pages, k));
    i = end;
  }
  return blocks;
}
