// The names of an indicator table plain pdftotext printed flow by flow (stream-split.ts): which
// row each name belongs to is told by where its flow stands. A flow of names right before the
// flows of a row's values names that row and the rows after it, one a name (pdftotext prints a
// row's cells left to right, and a merged run of name cells as one flow before its rows); the
// names under the name column's label name the first rows; names printed after the last row
// (their flow set apart) name the rows left, in order. Anything that does not add up is null:
// a name given to the wrong row is worse than none.
import { isPlaceholder, isTotalLabel } from './vocabulary.ts';
import type { Tok } from './stream-tokens.ts';

const follows = (a: Tok, b: Tok) => a.cell.prov.page === b.cell.prov.page && b.cell.prov.line === a.cell.prov.line + 1;
/** Printed width in CJK cells (Latin letters and digits half as wide). */
export const widthOf = (t: string): number => [...t.replace(/\s+/g, ' ')].reduce((w, ch) => w + (/[\u0000-\u00ff]/.test(ch) ? 0.5 : 1), 0);

/**
 * Each flow's names: level labels, the total's label and placeholders left out, a wrapped
 * cell's short last line joined to the full-width line above it (the width of the widest line
 * of CJK text in any of the flows: the column's, as far as its lines tell; so joined only where
 * the names do not add up otherwise).
 */
export function namesOf(flows: Tok[][], join = true): Tok[][] {
  const lines = flows.map((f) => f.filter((t) => t.kind !== 'level' && !isTotalLabel(t.text) && !isPlaceholder(t.text)));
  const full = Math.max(0, ...lines.flat().filter((t) => !/[\u0000-\u00ff]/.test(t.text)).map((t) => widthOf(t.text)));
  return lines.map((f) => {
    const out: Tok[] = [];
    let prev: Tok | null = null;
    for (const t of f) {
      const wraps = join && prev && widthOf(prev.text) >= full - 0.5 && widthOf(t.text) < full - 0.5 && follows(prev, t);
      if (wraps) out[out.length - 1] = { ...out.at(-1)!, text: out.at(-1)!.text + t.text };
      else out.push({ ...t, kind: 'text' });
      prev = t;
    }
    return out;
  });
}

/** A flow of names, where it stands: `before` the row whose values follow it, or null (after the last row). */
export interface NameFlow { names: Tok[]; before: number | null }

/**
 * Each of `n` rows' name: `lead` for the first rows, each flow's names for the row its flow
 * stands before and those after it, the names after the last row for the rows left in order.
 * Null where a row would get two names or none.
 */
export function assignNames(n: number, lead: Tok[], flows: NameFlow[]): Tok[] | null {
  const out: (Tok | null)[] = new Array(n).fill(null);
  const give = (r: number, t: Tok) => { if (r >= n || out[r]) return false; out[r] = t; return true; };
  if (!lead.every((t, r) => give(r, t))) return null;
  const rest: Tok[] = [];
  for (const f of flows) {
    if (f.before == null) rest.push(...f.names);
    else if (!f.names.every((t, q) => give(f.before! + q, t))) return null;
  }
  const open = out.map((t, r) => (t ? -1 : r)).filter((r) => r >= 0);
  if (open.length !== rest.length) return null;
  open.forEach((r, q) => { out[r] = rest[q]!; });
  return out as Tok[];
}
