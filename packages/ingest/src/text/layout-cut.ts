// Figures a narrow column of a `pdftotext -layout` dump broke inside their integer part. A
// producer breaks a number too wide for its cell wherever the width runs out, also before the
// decimal point (`63,299,13` over `0.45`, `396.` over `80`, `6673` over `5.50`); pdftotext prints
// the rest on the next line under the start. layout-wrap.ts finishes figures cut among their
// decimals; this finishes the others, before it. General geometry and number shape only.
import { isValue, segOf, type PLine, type Tok } from './layout-lines.ts';
import { decimals, overlaps } from './layout-wrap.ts';

/** A figure no producer prints whole: a thousands group short of three digits, or a bare point at the end. */
const SURELY_CUT = /^(?:\d{1,3}(?:,\d{3})*,\d{1,2}|\d[\d,]*\.)$/;
/** An integer that may have been cut (three digits at least: a cell too narrow for more). */
const INTEGER = /^\d{3,}$/;
const REST = /^\d[\d,]*(?:\.\d+)?%?$/;
const WELL_FORMED = /^(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?$/;
const DECIMAL_REST = /^\d+\.\d+$/;


/**
 * The token right under a figure cut short (overlapping it, alone in doing so, on the very next
 * line) finishes it where the two make one well-formed number, and
 * - the upper one is cut for sure (`7,18`, `396.`), or
 * - the upper one is an integer of three digits or more and the lower one starts where it starts
 *   with a decimal part, on a line holding only figures (the lower line of a wrapped row, not a
 *   row of its own with a name), and the number they make has the decimals of a figure printed
 *   whole in the same column nearby (`6673` over `5.50` in a column of `0.00`).
 * For the integer, a figure before it on the lower line standing under nothing (the next row's) rules it out.
 */
export function joinCutFigures(lines: PLine[]): PLine[] {
  const toks = (l: PLine) => l.segs.flatMap((g) => g.toks);
  const taken = new Set<Tok>();
  lines.forEach((down, i) => {
    const up = lines[i - 1];
    if (!up || down.line !== up.line + 1) return;
    const above = toks(up);
    const below = toks(down);
    const onlyFigures = below.every((t) => isValue(t.text));
    let blocked = false;
    for (const t of below) {
      const over = above.filter((f) => overlaps(f, t));
      const f = over.length === 1 && below.filter((u) => overlaps(u, over[0]!)).length === 1 ? over[0]! : undefined;
      const joined = f ? f.text + t.text : '';
      const sure = !!f && SURELY_CUT.test(f.text) && REST.test(t.text);
      const integer = !!f && !blocked && INTEGER.test(f.text) && DECIMAL_REST.test(t.text) && Math.abs(t.s - f.s) <= 1 && onlyFigures &&
        lines.slice(Math.max(0, i - 8), i + 8).flatMap(toks)
          .some((u) => u !== f && u !== t && overlaps(u, f) && /^[\d,.]+$/.test(u.text) && decimals(u.text) === decimals(joined));
      if (f && !taken.has(f) && (sure || integer) && WELL_FORMED.test(joined)) {
        f.text = joined;
        taken.add(t);
        continue;
      }
      if (isValue(t.text) && !f) blocked = true;
    }
  });
  if (taken.size === 0) return lines;
  for (const l of lines) {
    l.segs = l.segs.flatMap((g) => {
      const parts: Tok[][] = [[]];
      for (const t of g.toks) {
        if (taken.has(t)) parts.push([]);
        else parts.at(-1)!.push(t);
      }
      const keep = { ...(g.cont ? { cont: true } : {}), ...(g.loose ? { loose: true } : {}) };
      return parts.filter((p) => p.length > 0).map((p, k) => ({ ...segOf(p, g.line), ...(k === 0 ? keep : {}) }));
    });
  }
  return lines.filter((l) => l.segs.length > 0);
}
