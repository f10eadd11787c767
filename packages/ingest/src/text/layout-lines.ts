// Positioned lines of a `pdftotext -layout` dump: tokens with their columns, segments (text
// separated by two or more spaces), and blocks of rows that pdftotext printed as stripes one
// column after another, put back as rows. (Single spaces that are column gaps: layout-soft.ts.)

export interface Tok { text: string; s: number; e: number }
/**
 * A run of tokens separated by single spaces: one cell's text on one physical line, as far as
 * spacing tells. `cont`: split off the segment before it at a single space (splitSoft) — then
 * only the order is sure: pdftotext spaced the words of one text line by their characters,
 * not by where the cells are, so it stands in the column right after the previous piece.
 * `loose`: the space it was split at may as well be its cell's own (layout-soft.ts).
 */
export interface Seg { text: string; s: number; e: number; line: number; toks: Tok[]; cont?: boolean; loose?: boolean }
/** A line of the dump (or a row rebuilt from stacked stripes): its segments left to right. */
export interface PLine { line: number; page: number; segs: Seg[] }

export type Width = (ch: string) => number;
/** pdftotext -layout gives every character one column, whatever its glyph width. */
export const charWidth: Width = () => 1;
/** A monospaced display (a hand-aligned text): East-Asian wide and full-width characters take two. */
export const displayWidth: Width = (ch) => {
  const cp = ch.codePointAt(0)!;
  const wide = (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0x303e) || (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) || (cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x20000 && cp <= 0x3fffd);
  return wide ? 2 : 1;
};

export function tokenize(text: string, width: Width): Tok[] {
  const toks: Tok[] = [];
  let col = 0;
  let cur: Tok | null = null;
  for (const ch of text) {
    if (ch === ' ' || ch === '\t') {
      cur = null;
      col += ch === '\t' ? 8 - (col % 8) : 1;
      continue;
    }
    const w = width(ch);
    if (!cur) toks.push((cur = { text: '', s: col, e: col }));
    cur.text += ch;
    col += w;
    cur.e = col;
  }
  return toks;
}

export const segOf = (toks: Tok[], line: number): Seg =>
  ({ text: toks.map((t) => t.text).join(' '), s: toks[0]!.s, e: toks.at(-1)!.e, line, toks });

/** Segments: tokens split where two or more spaces separate them. */
export function segments(toks: Tok[], line: number): Seg[] {
  const out: Seg[] = [];
  let run: Tok[] = [];
  for (const t of toks) {
    if (run.length > 0 && t.s - run.at(-1)!.e >= 2) { out.push(segOf(run, line)); run = []; }
    run.push(t);
  }
  if (run.length > 0) out.push(segOf(run, line));
  return out;
}

/** A figure or a placeholder: two of them never share a cell, so a single space between them is a gap. */
export const isFigure = (t: string) => /^(?:[≥≤<>=＞＜±+-]?\d[\d,.]*[%‰％]?|[—–/-]+)$/.test(t);
export const startsFigure = (t: string) => /^[≥≤<>=＞＜±+-]?\d/.test(t) || /^[—–/-]+$/.test(t);
/** A figure, possibly with a comparison sign and a short unit: a cell that is complete on one line. */
export const isValue = (t: string) => isFigure(t) || /^[≥≤<>＞＜=]?\d[\d,.]*\S{0,4}$/.test(t);

const span = (l: PLine) => ({ s: Math.min(...l.segs.map((g) => g.s)), e: Math.max(...l.segs.map((g) => g.e)) });

/**
 * Rows printed as stripes: where pdftotext takes a few vertically close rows for separate text
 * flows it prints them one column block after another — n lines at the left, then the same n
 * rows' next column further right, and so on. Such a run (at least three stripes of the same
 * height n ≥ 2, each starting right of where the previous one ends) is put back as n lines.
 */
export function unstack(lines: PLine[]): PLine[] {
  const out: PLine[] = [];
  for (let i = 0; i < lines.length; ) {
    const found = stripesAt(lines, i);
    if (!found) { out.push(lines[i]!); i++; continue; }
    const { n, g } = found;
    for (let r = 0; r < n; r++) {
      const segs = Array.from({ length: g }, (_, k) => lines[i + k * n + r]!.segs).flat();
      out.push({ line: lines[i + r]!.line, page: lines[i + r]!.page, segs });
    }
    i += n * g;
  }
  return out;
}

function stripesAt(lines: PLine[], i: number): { n: number; g: number } | null {
  const sizes: number[] = [];
  let cur: { s: number; e: number } | null = null;
  for (let j = i; j < lines.length && lines[j]!.segs.length > 0; j++) {
    const x = span(lines[j]!);
    if (cur && x.s < cur.e && x.e > cur.s) {
      // a stripe is never taller than the first: a longer one is a full line below the stripes
      if (sizes.length > 1 && sizes.at(-1)! >= sizes[0]!) break;
      sizes[sizes.length - 1]!++;
      cur = { s: Math.min(cur.s, x.s), e: Math.max(cur.e, x.e) };
      continue;
    }
    // the next stripe starts right of the previous one; a finished stripe shorter than the first ends the run
    if ((cur && x.s < cur.e) || (sizes.length > 1 && sizes.at(-1) !== sizes[0])) break;
    cur = x;
    sizes.push(1);
  }
  // only whole stripes count (a following full line may have cut the last one)
  const n = sizes[0] ?? 0;
  let g = 0;
  while (g < sizes.length && sizes[g] === n) g++;
  return n >= 2 && g >= 3 ? { n, g } : null;
}
